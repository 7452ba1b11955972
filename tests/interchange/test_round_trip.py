"""The app's own exports read back into the same plan change nothing (all four formats)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from fremdrift.core.models import OrgUnit
from fremdrift.interchange.apply import apply_document
from fremdrift.interchange.export import plan_document
from fremdrift.interchange.loader import load_path
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Plan, StatusUpdate

pytestmark = pytest.mark.django_db

SLUG = "vinterplan-2021"


def run(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(fmt: str, target: Path) -> None:
    run("export", SLUG, "--format", fmt, "-o", str(target))


def content(path: Path) -> object:
    """What a file says (an XLSX file's zip also holds a creation time)."""
    if path.suffix == ".xlsx":
        return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]
    return path.read_bytes()


@pytest.fixture
def winter(demo: None) -> Plan:
    return Plan.objects.get(slug=SLUG)


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx", "csv"])
def test_own_export_imported_into_the_same_plan_changes_nothing(winter, tmp_path, fmt):
    first = tmp_path / f"eksport.{fmt}"
    export(fmt, first)
    units_before = OrgUnit.objects.count()
    statuses_before = StatusUpdate.objects.count()
    plan_before = plan_document(winter)["plan"]

    output = run("import", str(first), "--plan", SLUG)

    assert "0 created, 0 updated, 0 linked, 0 removed from areas, 0 rejected" in output
    assert OrgUnit.objects.count() == units_before
    assert StatusUpdate.objects.count() == statuses_before
    assert plan_document(Plan.objects.get(slug=SLUG))["plan"] == plan_before
    second = tmp_path / f"igen.{fmt}"
    export(fmt, second)
    assert content(second) == content(first)


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
