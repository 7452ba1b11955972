"""A deck that Fremdrift wrote carries each initiative's reference where PowerPoint and
LibreOffice keep it (the name of the table's shape), so an initiative renamed in the deck
reads back as a rename of the same initiative, not as a new one with the old one taken out
of its area. Without a reference (older decks, rows a user added) the title decides."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pptx import Presentation

from fremdrift.core.choices import Role
from fremdrift.interchange.models import ImportJob
from fremdrift.interchange.readers.pptx_reader import read_pptx
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative
from fremdrift.reports import service
from tests import tools

from .test_reimport_own_report import run

pytestmark = pytest.mark.django_db

NEW_TITLE = "Rekruttering og fastholdelse af sygeplejersker"


def _deck(plan) -> Presentation:
    return Presentation(io.BytesIO(service.generate(plan, fmt="pptx").data))


def _title_cells(deck: Presentation, title: str):
    return [
        cell
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
        if cell.text == title
    ]


def _retype(cell, text: str) -> None:
    """What a user does: select the cell's text and type over it (the first run's look stays)."""
    paragraph = cell.text_frame.paragraphs[0]
    runs = paragraph.runs or [paragraph.add_run()]
    runs[0].text = text
    for extra_run in runs[1:]:
        extra_run._r.getparent().remove(extra_run._r)
    for extra in cell.text_frame.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)


def _save(deck: Presentation, path: Path) -> Path:
    deck.save(path)
    return path


def _rename(plan, tmp_path: Path, key: str = "hr", title: str = NEW_TITLE) -> Path:
    deck = _deck(plan)
    cells = _title_cells(deck, plan.initiatives_by_key[key].title)
    assert cells
    for cell in cells:
        _retype(cell, title)
    return _save(deck, tmp_path / "rapport.pptx")


@pytest.mark.parametrize("layout", ["status", "year plan"])
def test_an_initiative_renamed_in_the_deck_is_renamed_not_added(plan, tmp_path, layout):
    if layout == "year plan":  # Implementering | Opgave i 2021 | Status, themes as rows
        for initiative in plan.initiatives_by_key.values():
            actions.edit_initiative(
                initiative, by="t", seen_version=None, changes={"year_task": "Opgave i år."}
            )
    hr = plan.initiatives_by_key["hr"]
    old_title = hr.title
    path = _rename(plan, tmp_path)
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "0 created" in output and "0 removed from areas" in output, output
    assert f"renamed from “{old_title}”" in output, output
    assert Initiative.objects.count() == before
    hr.refresh_from_db()
    assert hr.title == NEW_TITLE


def test_an_initiative_in_two_areas_renamed_on_both_slides_is_one_rename(plan, tmp_path):
    shared = plan.initiatives_by_key["shared"]
    path = _rename(plan, tmp_path, key="shared", title="Præhospitalet afslutter patienter")
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "0 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before
    shared.refresh_from_db()
    assert shared.title == "Præhospitalet afslutter patienter"


def test_the_preview_shows_a_rename_and_creates_nothing(plan, client, make_user, tmp_path):
    client.force_login(make_user("koordinator2", Role.COORDINATOR, plan=plan))
    path = _rename(plan, tmp_path)
    response = client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile("rapport.pptx", path.read_bytes()), "plan_slug": plan.slug},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 302
    preview = ImportJob.objects.latest("pk").preview
    assert "error" not in preview, preview
    assert preview["created"] == [] and preview["unlinked"] == [], preview
    assert any("omdøbt fra “Uddannelse af flere SPV'er”" in line for line in preview["updated"])
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "omdøbt fra" in page


def test_a_deck_without_references_is_matched_by_title(plan, tmp_path):
    """Decks written before references (and decks of other tools) read back as before."""
    deck = _deck(plan)
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                shape.name = "Tabel 3"
    path = _save(deck, tmp_path / "gammel.pptx")
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug, "--dry-run")
    assert "0 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before


def test_a_row_a_user_added_is_a_new_initiative_and_the_others_keep_theirs(plan, tmp_path):
    deck = _deck(plan)
    hr = plan.initiatives_by_key["hr"]
    (cell,) = _title_cells(deck, hr.title)
    table = next(
        s.table for sl in deck.slides for s in sl.shapes if s.has_table and hr.ref in s.name
    )
    row = next(tr for tr in table._tbl.tr_lst if cell._tc in tr.tc_lst)
    column = row.tc_lst.index(cell._tc)
    added = copy.deepcopy(row)
    row.addprevious(added)  # inserted above: the rows after it move down
    index = table._tbl.tr_lst.index(added)
    _retype(table.cell(index, column), "Helt ny indsats om vagtplaner")
    for other in range(column + 1, len(table.columns)):  # its own status and follow-up
        _retype(table.cell(index, other), f"Ny tekst {other}")
    _retype(cell, NEW_TITLE)
    path = _save(deck, tmp_path / "rapport.pptx")
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "1 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before + 1
    hr.refresh_from_db()
    assert hr.title == NEW_TITLE
    assert Initiative.objects.filter(plan=plan, title="Helt ny indsats om vagtplaner").exists()


def test_an_unknown_reference_falls_back_to_the_title(plan, tmp_path):
    """As in the report workbook: a reference the plan does not know (another plan's, or
    edited) is no reference; the initiative is found by its title."""
    hr = plan.initiatives_by_key["hr"]
    deck = _deck(plan)
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table and hr.ref in shape.name:
                shape.name = shape.name.replace(hr.ref, "findes-ikke-i-planen")
    path = _save(deck, tmp_path / "rapport.pptx")
    output = run("import", str(path), "--plan", plan.slug, "--dry-run")
    assert "0 created" in output and "0 removed from areas" in output, output


def test_a_deck_of_another_plan_is_matched_by_title(plan, tmp_path):
    other = actions.create_plan(by="t", slug="andet-aar", title="Vinterplan 2022")
    area = actions.create_area(other, by="t", title="Personale")
    same = actions.create_initiative(
        other, by="t", title="Uddannelse af flere SPV'er", areas=[area], ref="spv-uddannelse"
    )
    path = tmp_path / "rapport.pptx"
    path.write_bytes(service.generate(plan, fmt="pptx").data)
    output = run("import", str(path), "--plan", other.slug, "--dry-run")
    assert "initiative “Uddannelse af flere SPV'er”" in output
    assert "removed from area: “Uddannelse af flere SPV'er”" not in output, output
    assert Initiative.objects.filter(plan=other).count() == 1
    assert same.ref == "spv-uddannelse"


def test_a_copied_row_given_a_new_text_is_a_new_initiative_and_says_so(plan, tmp_path):
    """A row copied with its reference (a duplicated slide or table) and given a new text
    would otherwise take over the original: a reference that stands twice in one area with
    different texts decides nothing, and the reader says where."""
    hr = plan.initiatives_by_key["hr"]
    deck = _deck(plan)
    (cell,) = _title_cells(deck, hr.title)
    slide = next(sl for sl in deck.slides for s in sl.shapes if s.has_table and hr.ref in s.name)
    slide_number = list(deck.slides).index(slide) + 1
    shape = next(s for s in slide.shapes if s.has_table)
    copied = copy.deepcopy(shape._element)
    slide.shapes._spTree.append(copied)
    copy_shape = slide.shapes[-1]
    (copied_cell,) = [c for row in copy_shape.table.rows for c in row.cells if c.text == hr.title]
    _retype(copied_cell, "Helt ny indsats om vagtplaner")
    path = _save(deck, tmp_path / "rapport.pptx")
    result = read_pptx(path.read_bytes(), filename="rapport.pptx")
    warnings = [d for d in result.diagnostics if d.code == "duplicate_reference"]
    assert warnings, [str(d) for d in result.diagnostics]
    assert warnings[0].location.slide == slide_number and warnings[0].location.row is not None
    output = run("import", str(path), "--plan", plan.slug)
    assert "1 created" in output and "0 removed from areas" in output, output
    hr.refresh_from_db()
    assert hr.title == "Uddannelse af flere SPV'er"


@pytest.mark.slow
def test_a_rename_survives_libreoffice_saving_the_deck(plan, tmp_path):
    """LibreOffice opens the deck and saves it as .pptx; then the title is typed over."""
    written = tmp_path / "skrevet.pptx"
    written.write_bytes(service.generate(plan, fmt="pptx").data)
    out = tmp_path / "gemt"
    saved = tools.convert(written, "pptx", out)
    hr = plan.initiatives_by_key["hr"]
    deck = Presentation(saved)
    cells = _title_cells(deck, hr.title)
    assert len(cells) == 1
    _retype(cells[0], NEW_TITLE)
    path = _save(deck, tmp_path / "rapport.pptx")
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "0 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before
    hr.refresh_from_db()
    assert hr.title == NEW_TITLE
