"""A deck or report workbook that Fremdrift generated, read back into its plan, updates the
plan instead of adding every initiative again."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pptx import Presentation

from fremdrift.core.choices import Role
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative
from fremdrift.reports import service

pytestmark = pytest.mark.django_db

LONG = " ".join(
    f"Sætning nummer {n} om hvordan det går med indsatsen i klyngen." for n in range(90)
)


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
def test_a_report_read_back_into_its_plan_creates_nothing(plan, tmp_path, fmt):
    path = tmp_path / f"rapport.{fmt}"
    path.write_bytes(service.generate(plan, fmt=fmt).data)
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "0 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before


def test_a_row_continued_on_the_next_slide_is_no_initiative_of_its_own(plan, tmp_path):
    hr = plan.initiatives_by_key["hr"]
    actions.record_status(hr, by="t", seen_version=None, text=LONG)
    data = service.generate(plan, fmt="pptx").data
    cells = [
        cell.text
        for slide in Presentation(io.BytesIO(data)).slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    ]
    assert "(fortsat)" in cells or "(continued)" in cells  # the rest of the long row
    path = tmp_path / "rapport.pptx"
    path.write_bytes(data)
    output = run("import", str(path), "--plan", plan.slug, "--dry-run")
    assert "0 created" in output, output
    assert "(fortsat)" not in output and "(continued)" not in output


def test_the_changes_sheet_of_a_report_workbook_is_not_read(plan, tmp_path):
    service.issue(service.generate(plan, fmt="xlsx"), by="t")
    actions.record_status(
        plan.initiatives_by_key["shared"], by="t", seen_version=None, text="I gang. Mere nu."
    )
    data = service.generate(plan, fmt="xlsx").data
    assert len(load_workbook(io.BytesIO(data)).worksheets) == 3  # two areas and the changes
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(data)
    output = run("import", str(path), "--plan", plan.slug, "--dry-run")
    assert "0 created" in output and "0 linked" in output, output


def test_a_coordinator_uploads_the_deck_without_naming_the_plan(plan, client, make_user):
    user = make_user("koordinator2", Role.COORDINATOR, plan=plan)
    client.force_login(user)
    data = service.generate(plan, fmt="pptx").data
    response = client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile("Vinterplan.pptx", data), "plan_slug": ""},
    )
    assert response.status_code == 302
    preview = ImportJob.objects.latest("pk").preview
    assert "error" not in preview, preview
    assert preview["plan_slug"] == plan.slug
    assert preview["created"] == []


def test_an_unknown_plan_name_says_where_to_find_the_short_name(plan, client, make_user):
    user = make_user("koordinator2", Role.COORDINATOR, plan=plan)
    client.force_login(user)
    data = service.generate(plan, fmt="pptx").data
    client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile("x.pptx", data), "plan_slug": "ingen-saadan-plan"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    error = ImportJob.objects.latest("pk").preview["error"]
    assert "vinter (Vinterplan)" in error and "Planens korte navn" in error


def test_an_initiative_renamed_in_the_report_workbook_is_renamed_not_added(plan, tmp_path):
    """The workbook carries each row's reference in a hidden column, so a title changed in
    Excel updates the initiative instead of adding a new one and taking the old one out."""
    hr = plan.initiatives_by_key["hr"]
    workbook = load_workbook(io.BytesIO(service.generate(plan, fmt="xlsx").data), rich_text=True)
    renamed = 0
    for sheet in workbook.worksheets[:-1]:  # the areas' sheets (the last lists changes)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if str(cell.value) == hr.title:
                    cell.value = "Rekruttering og fastholdelse af sygeplejersker"
                    renamed += 1
    assert renamed == 1
    path = tmp_path / "rapport.xlsx"
    workbook.save(path)
    before = Initiative.objects.count()
    output = run("import", str(path), "--plan", plan.slug)
    assert "0 created" in output and "0 removed from areas" in output, output
    assert Initiative.objects.count() == before
    hr.refresh_from_db()
    assert hr.title == "Rekruttering og fastholdelse af sygeplejersker"


def test_a_row_copied_in_the_report_workbook_and_given_a_new_text_is_a_new_initiative(
    plan, tmp_path
):
    """A row copied in Excel carries the original's reference in the hidden column; given a
    new text it is a new initiative, and the original keeps its title."""
    hr = plan.initiatives_by_key["hr"]
    workbook = load_workbook(io.BytesIO(service.generate(plan, fmt="xlsx").data), rich_text=True)
    sheet = next(s for s in workbook.worksheets if s.title == "Personale")
    source = next(row for row in sheet.iter_rows(min_row=2) if any(c.value == hr.ref for c in row))
    target = sheet.max_row + 1
    for cell in source:
        value = "Helt ny indsats om vagtplaner" if str(cell.value) == hr.title else cell.value
        sheet.cell(row=target, column=cell.column, value=value)
    path = tmp_path / "rapport.xlsx"
    workbook.save(path)
    output = run("import", str(path), "--plan", plan.slug)
    assert "1 created" in output and "0 removed from areas" in output, output
    assert "Helt ny indsats om vagtplaner" in output
    hr.refresh_from_db()
    assert hr.title == "Uddannelse af flere SPV'er"
