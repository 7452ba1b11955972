"""The app's own exports read back into the same plan change nothing (all four formats)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from fremdrift.core.models import AuditEvent, OrgUnit
from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.export import plan_document
from fremdrift.interchange.loader import load_path
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import (
    AreaMembership,
    InitiativeUnit,
    InitiativeVersion,
    Plan,
    StatusUpdate,
)

pytestmark = pytest.mark.django_db

SLUG = "vinterplan-2021"
DEMO_PLANS = ["vinterplan-2021", "psykiatri-aarsplan-2021", "robust-psykiatri-2022"]


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(fmt: str, target: Path, slug: str = SLUG) -> None:
    run("export", slug, "--format", fmt, "-o", str(target))


def content(path: Path) -> object:
    """What a file says (an XLSX file's zip also holds a creation time)."""
    if path.suffix == ".xlsx":
        return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
    return path.read_bytes()


def written() -> dict[str, int]:
    """How many rows an import could have written: any new one is a change."""
    return {
        model.__name__: model.objects.count()
        for model in (
            OrgUnit,
            StatusUpdate,
            AuditEvent,
            InitiativeVersion,
            AreaMembership,
            InitiativeUnit,
        )
    }


@pytest.fixture
def winter(demo: None) -> Plan:
    return Plan.objects.get(slug=SLUG)


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
@pytest.mark.parametrize("slug", DEMO_PLANS)
def test_own_export_imported_into_the_same_plan_changes_nothing(demo, tmp_path, slug, fmt):
    plan = Plan.objects.get(slug=slug)
    first = tmp_path / f"eksport.{fmt}"
    export(fmt, first, slug)
    before = written()
    document_before = plan_document(plan)

    output = run("import", str(first), "--plan", slug)

    assert "0 created, 0 updated, 0 linked, 0 removed from areas, 0 rejected" in output, output
    assert written() == before
    assert plan_document(Plan.objects.get(slug=slug)) == document_before
    second = tmp_path / f"igen.{fmt}"
    export(fmt, second, slug)
    assert content(second) == content(first)


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_a_plan_with_section_wording_and_blank_cells_round_trips(plan, tmp_path, fmt):
    """What the demo plans may lack: an initiative without a theme under one with a theme,
    a title that reads like a work form ("Prøvehandling …") without one, a section's own
    title of an initiative in that section only and of one shared by two."""
    shared, hr_only = plan.initiatives_by_key["shared"], plan.initiatives_by_key["hr"]
    actions.set_section_wording(hr_only, plan.areas_by_slug["personale"], by="t", title="SPV'er")
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", theme="Akut", title="I dagtid"
    )
    first = tmp_path / f"eksport.{fmt}"
    run("export", "vinter", "--format", fmt, "-o", str(first))
    before, document_before = written(), plan_document(plan)

    output = run("import", str(first), "--plan", "vinter")

    assert "0 created, 0 updated, 0 linked, 0 removed from areas, 0 rejected" in output, output
    assert written() == before
    assert plan_document(plan) == document_before
    second = tmp_path / f"igen.{fmt}"
    run("export", "vinter", "--format", fmt, "-o", str(second))
    assert content(second) == content(first)


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_the_web_preview_of_a_plans_own_export_shows_no_changes(
    demo, client, make_user, tmp_path, fmt
):
    client.force_login(make_user("importer", superuser=True))
    for slug in DEMO_PLANS:
        path = tmp_path / f"{slug}.{fmt}"
        export(fmt, path, slug)
        before = written()
        response = client.post(
            reverse("interchange:upload"),
            {"file": SimpleUploadedFile(path.name, path.read_bytes()), "plan_slug": slug},
        )
        assert response.status_code == 302, slug
        job = ImportJob.objects.filter(plan_slug=slug).latest("pk")
        preview = job.preview
        assert "error" not in preview, (slug, preview.get("error"))
        changes = {
            key: preview[key]
            for key in ("created", "updated", "linked", "unlinked", "rejected", "unknown_units")
            if preview[key]
        }
        assert changes == {}, slug
        assert preview["plan_changes"] == [] and preview["near_matches"] == [], slug
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="da").content.decode()
        assert "Filen ændrer intet: planen ser allerede sådan ud." in page, slug
        assert "0 oprettet, 0 opdateret, 0 tilknyttet, 0 fjernet fra områder, 0 afvist" in page
        # The upload itself is audited (file name, size and hash); nothing else is written.
        assert {**written(), "AuditEvent": 0} == {**before, "AuditEvent": 0}, slug


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_sheet_never_renames_the_plan_after_its_file_or_empties_its_fields(winter, tmp_path, fmt):
    path = tmp_path / f"mit-regneark.{fmt}"
    export(fmt, path)
    run("import", str(path), "--plan", SLUG)
    plan = Plan.objects.get(slug=SLUG)
    assert plan.title == "360 graders plan – vinterplan 2021/22"
    assert plan.owner == "Region Midtjylland, Koncernledelsen"
    assert plan.period_start.isoformat() == "2021-10-27"
    assert len(plan.purpose) == 7
    assert len(plan.background) == 5


def test_free_text_in_the_follow_up_column_does_not_become_a_unit(winter, tmp_path):
    path = tmp_path / "eksport.xlsx"
    export("xlsx", path)
    loaded = load_path(path, plan_slug=SLUG)
    by_ref = {i["ref"]: i for i in loaded.document["initiatives"]}
    follow = by_ref["flere-faggrupper-patientnaere"]["follow_up"]
    assert follow["common"] == [] and follow["lead"] is None
    assert "ERFA på tværs" in follow["text"]
    run("import", str(path), "--plan", SLUG)
    assert not OrgUnit.objects.filter(name="ERFA på tværs").exists()


def _sheet(tmp_path: Path, rows: list[list[str]], title: str = "Indsatser") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def test_unit_cells_are_matched_to_known_units_with_commas_in_their_names(db, tmp_path):
    region = core_actions.create_unit(by="t", name="Region Midtjylland", kind=UnitKind.REGION)
    hr = core_actions.create_unit(by="t", name="Koncern HR", kind=UnitKind.STAFF, parent=region)
    core_actions.create_unit(by="t", name="Koncern HR, Stab", kind=UnitKind.STAFF, parent=hr)
    path = _sheet(
        tmp_path,
        [
            ["Område", "Indsats", "Status", "Fælles", "Tovholder"],
            ["Personale", "Fastholde seniorer", "I gang", "Koncern HR, Stab", "Koncern HR, Stab"],
        ],
    )
    loaded = load_path(path, plan_slug="p")
    report = apply_document(loaded.document, by="t", plan_slug="p", create_units=False)
    assert report.unknown_units == []
    initiative = Plan.objects.get(slug="p").home_initiatives.get()
    assert {link.unit.name for link in initiative.unit_links.all()} == {"Koncern HR, Stab"}


def test_an_unknown_unit_name_stays_text_until_confirmed(db, tmp_path):
    path = _sheet(
        tmp_path,
        [
            ["Område", "Indsats", "Status", "Fælles"],
            ["Personale", "Fastholde seniorer", "I gang", "Arbejdsgruppen for seniorer"],
        ],
    )
    loaded = load_path(path, plan_slug="p")
    report = apply_document(loaded.document, by="t", plan_slug="p", create_units=False)
    assert report.unknown_units == ["Arbejdsgruppen for seniorer"]
    assert not OrgUnit.objects.filter(name="Arbejdsgruppen for seniorer").exists()
    initiative = Plan.objects.get(slug="p").home_initiatives.get()
    assert "Arbejdsgruppen for seniorer" in initiative.follow_up_text


def test_an_unchanged_status_writes_nothing(plan, tmp_path):
    document = plan_document(plan)
    before = StatusUpdate.objects.count()
    for initiative in document["initiatives"]:
        initiative["history"] = []  # a sheet carries only the current status
    report = apply_document(json.loads(json.dumps(document)), by="t")
    assert StatusUpdate.objects.count() == before
    assert not report.changed


def test_the_report_names_the_plan_fields_an_import_changes(plan):
    document = plan_document(plan)
    document["plan"]["owner"] = "Koncern HR"
    with translation.override("en"):
        report = apply_document(document, by="t", dry_run=True)
    assert report.plan_changes == ["owner"]
    assert any("Vinterplan" in line and "owner" in line for line in report.updated)


def test_an_area_title_comes_from_the_title_row_not_the_short_sheet_name(db, tmp_path):
    title = "Personale (særligt fokus på senge-/akutafdelinger)"
    path = _sheet(
        tmp_path,
        [[title], ["Indsats", "Status"], ["Fastholde seniorer", "I gang"]],
        title=title[:31],
    )
    loaded = load_path(path, plan_slug="p")
    assert [a["title"] for a in loaded.document["areas"]] == [title]


def test_an_existing_plan_with_a_sheet_title_row_keeps_fields_the_sheet_lacks(plan, tmp_path):
    actions.update_plan(plan, by="t", owner="Koncern HR")
    path = _sheet(
        tmp_path,
        [["Vinterplan"], ["Område", "Indsats", "Status"], ["Personale", "Ny indsats", "I gang"]],
    )
    loaded = load_path(path, plan_slug="vinter")
    apply_document(loaded.document, by="t", plan_slug="vinter", plan_fields=loaded.plan_fields)
    plan.refresh_from_db()
    assert plan.owner == "Koncern HR"
    assert plan.purpose == ["Komme godt gennem vinteren"]


def test_a_sheet_finds_the_plans_areas_by_title_whatever_their_short_names(demo, tmp_path):
    """The year plan's areas have short names ("spor-1-inddragelse") that are not made from
    their titles: its own export names them by title and must not make new areas."""
    year_plan = "psykiatri-aarsplan-2021"
    path = tmp_path / "aarsplan.xlsx"
    run("export", year_plan, "--format", "xlsx", "-o", str(path))
    areas_before = sorted(Plan.objects.get(slug=year_plan).areas.values_list("slug", flat=True))
    output = run("import", str(path), "--plan", year_plan)
    assert "0 created," in output and "0 linked, 0 removed from areas" in output
    areas_after = sorted(Plan.objects.get(slug=year_plan).areas.values_list("slug", flat=True))
    assert areas_after == areas_before


def _edit_titles(path: Path, new_titles: dict[tuple[str, str], str]) -> None:
    """Change the Indsats cell of the rows given as (area title, reference)."""
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    area, title, ref = header.index("Område"), header.index("Indsats"), header.index("Reference")
    for row in sheet.iter_rows(min_row=2):
        key = (row[area].value, row[ref].value)
        if key in new_titles:
            row[title].value = new_titles.pop(key)
    assert new_titles == {}
    book.save(path)


def _place(initiative, area_slug: str) -> AreaMembership:
    return AreaMembership.objects.get(
        initiative=initiative, area__slug=area_slug, valid_to__isnull=True
    )


def test_a_sheet_edit_of_a_sections_own_title_changes_that_section_not_the_initiative(
    plan, tmp_path
):
    shared, hr_only = plan.initiatives_by_key["shared"], plan.initiatives_by_key["hr"]
    personale, hospitaler = plan.areas_by_slug["personale"], plan.areas_by_slug["hospitaler"]
    actions.set_section_wording(hr_only, personale, by="t", title="Flere SPV'er uddannes")
    actions.set_section_wording(shared, hospitaler, by="t", title="Præhospitalet i dagtid")
    path = tmp_path / "vinter.xlsx"
    run("export", "vinter", "--format", "xlsx", "-o", str(path))
    assert "0 created, 0 updated," in run("import", str(path), "--plan", "vinter")

    _edit_titles(
        path,
        {
            ("Personale", hr_only.ref): "Flere SPV'er uddannes i 2022",
            ("Hospitaler", shared.ref): "Præhospitalet afslutter i dagtid",
        },
    )
    output = run("import", str(path), "--plan", "vinter")

    assert "0 created, 0 updated, 0 linked" not in output
    hr_only.refresh_from_db()
    shared.refresh_from_db()
    assert hr_only.title == "Uddannelse af flere SPV'er"
    assert _place(hr_only, "personale").title == "Flere SPV'er uddannes i 2022"
    assert shared.title == "Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid"
    assert _place(shared, "hospitaler").title == "Præhospitalet afslutter i dagtid"
    assert _place(shared, "personale").title == ""


def test_a_sheet_edit_of_the_initiatives_own_title_keeps_the_sections_wording(plan, tmp_path):
    shared = plan.initiatives_by_key["shared"]
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", title="Præhospitalet i dagtid"
    )
    path = tmp_path / "vinter.xlsx"
    run("export", "vinter", "--format", "xlsx", "-o", str(path))
    _edit_titles(path, {("Personale", shared.ref): "Præhospitalet afslutter patienter i dagtid"})

    run("import", str(path), "--plan", "vinter")

    shared.refresh_from_db()
    assert shared.title == "Præhospitalet afslutter patienter i dagtid"
    assert _place(shared, "hospitaler").title == "Præhospitalet i dagtid"
    assert _place(shared, "personale").title == ""


def test_a_blank_status_cell_leaves_the_status_and_the_sections_wording_alone(plan, tmp_path):
    shared = plan.initiatives_by_key["shared"]
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", status_text="Igangsat"
    )
    path = tmp_path / "vinter.xlsx"
    run("export", "vinter", "--format", "xlsx", "-o", str(path))
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Reference")].value == shared.ref:
            row[header.index("Status")].value = None
    book.save(path)
    before = written()

    output = run("import", str(path), "--plan", "vinter")

    assert "0 created, 0 updated, 0 linked, 0 removed from areas, 0 rejected" in output, output
    assert written() == before
    shared.refresh_from_db()
    assert shared.status_text == "I gang."
    assert _place(shared, "hospitaler").status_text == "Igangsat"


def test_a_sheet_without_theme_and_follow_up_columns_keeps_headings_and_wording(plan, tmp_path):
    shared = plan.initiatives_by_key["shared"]
    actions.set_section_wording(
        shared, plan.areas_by_slug["hospitaler"], by="t", theme="Akut", follow_up_text="Alle"
    )
    actions.edit_initiative(
        shared, by="t", seen_version=None, changes={"follow_up_text": "Lokalt: Randers"}
    )
    path = tmp_path / "vinter.xlsx"
    run("export", "vinter", "--format", "xlsx", "-o", str(path))
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("Opfølgning") + 1)
    sheet.delete_cols(header.index("Tema") + 1)
    book.save(path)
    before = written()

    output = run("import", str(path), "--plan", "vinter")

    assert "0 created, 0 updated, 0 linked, 0 removed from areas, 0 rejected" in output, output
    assert written() == before
    shared.refresh_from_db()
    assert (shared.theme, shared.follow_up_text) == ("Præhospitalet", "Lokalt: Randers")
    place = _place(shared, "hospitaler")
    assert (place.theme, place.follow_up_text) == ("Akut", "Alle")
