"""Baselines: "since report N" is what report N showed; "since a date" is the plan as of then."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from fremdrift.portfolio import actions
from fremdrift.reports import service
from fremdrift.reports.models import IssuedReport
from fremdrift.reports.samples import winter_plan_pair
from fremdrift.reports.snapshot import snapshot_from_data, snapshot_to_data

from .test_report_django import red_runs

pytestmark = pytest.mark.django_db
ACTOR = "test"
LATE = "Prøvehandlingen er udvidet til Horsens."


@pytest.fixture
def older_plan(units: dict[str, Any]) -> Any:
    """A plan whose statuses were recorded ten days ago, so a later one dated before
    today replaces them."""
    then = timezone.now() - dt.timedelta(days=10)
    plan = actions.create_plan(by=ACTOR, slug="vinter", title="Vinterplan", at=then)
    area = actions.create_area(plan, by=ACTOR, title="Hospitaler", at=then)
    initiative = actions.create_initiative(
        plan,
        by=ACTOR,
        title="Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid",
        areas=[area],
        units={"local": [units["hospital"]]},
        at=then,
    )
    actions.record_status(
        initiative,
        by=ACTOR,
        seen_version=None,
        text="Dialog med PLO-Midtjylland om konkret model.",
        status_date=then.date(),
        at=then,
    )
    plan.initiative = initiative
    return plan


def _back_dated(plan: Any, days: int = 3, text: str = LATE) -> None:
    """A status dated ``days`` before now, recorded now (a late entry)."""
    moment = timezone.now() - dt.timedelta(days=days)
    actions.record_status(
        plan.initiative,
        by=ACTOR,
        seen_version=None,
        text=f"Dialog med PLO-Midtjylland om konkret model. {text}",
        status_date=moment.date(),
        at=moment,
    )


def _marked(content: Any) -> list[str]:
    return [
        segment.text
        for area in content.areas
        for row in area.rows
        for segment in row.status
        if segment.changed
    ]


def test_since_report_marks_a_back_dated_status_recorded_after_it(older_plan):
    report = service.issue(service.generate(older_plan, fmt="pptx"), by=ACTOR)
    _back_dated(older_plan)
    content, baseline, _at = service.build(older_plan, since_report=report.pk)
    assert baseline == report
    assert _marked(content) == [LATE]


def test_the_default_baseline_is_the_last_report_as_it_was_shown(older_plan):
    service.issue(service.generate(older_plan, fmt="xlsx"), by=ACTOR)
    _back_dated(older_plan)
    content, _baseline, _at = service.build(older_plan)
    assert _marked(content) == [LATE]


def test_since_a_date_keeps_the_meaning_of_the_plan_as_of_that_date(older_plan):
    _back_dated(older_plan, days=3)
    before = timezone.localdate() - dt.timedelta(days=5)
    after = timezone.localdate() - dt.timedelta(days=1)
    assert _marked(service.build(older_plan, since=before)[0]) == [LATE]
    assert _marked(service.build(older_plan, since=after)[0]) == []


def test_a_report_issued_before_snapshots_were_kept_compares_with_its_time(older_plan):
    report = service.issue(service.generate(older_plan, fmt="pdf"), by=ACTOR)
    IssuedReport.objects.filter(pk=report.pk).update(snapshot={})
    actions.record_status(older_plan.initiative, by=ACTOR, seen_version=None, text=LATE)
    content, _baseline, _at = service.build(older_plan, since_report=report.pk)
    assert _marked(content) == [LATE]


def test_an_issued_report_keeps_the_areas_it_showed_and_nothing_else(plan):
    generated = service.generate(plan, fmt="pptx", areas=["personale"])
    report = service.issue(generated, by=ACTOR)
    kept = snapshot_from_data(report.snapshot)
    assert [a.slug for a in kept.areas] == ["personale"]
    assert kept == generated.snapshot


def test_a_stored_snapshot_reads_back_unchanged():
    _baseline, current = winter_plan_pair()
    current = replace(current, background=("Region Midtjylland oplever et stort pres.",))
    data = json.loads(json.dumps(snapshot_to_data(current)))
    assert snapshot_from_data(data) == current


def test_a_stored_snapshot_with_unknown_and_missing_fields_still_reads():
    _baseline, current = winter_plan_pair()
    data = snapshot_to_data(current)
    data["initiatives"][0]["a_field_of_the_future"] = "x"
    del data["initiatives"][0]["year_task"]
    del data["background"]
    read = snapshot_from_data(data)
    first = current.initiatives[data["initiatives"][0]["id"]]
    assert read.initiatives[first.id] == replace(first, year_task="")


def _red_xlsx_texts(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data), rich_text=True)
    red = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, CellRichText):
                    red.extend(
                        block.text
                        for block in cell.value
                        if isinstance(block, TextBlock) and block.font.color.rgb == "FFFF0000"
                    )
    return red


def _late_status_in_json(path: Any, ref: str, day: str) -> str:
    document = json.loads(path.read_text(encoding="utf-8"))
    entry = next(i for i in document["initiatives"] if i["ref"] == ref)
    text = f"{entry['status']} {LATE}"
    entry["history"].append({"date": day, "phase": entry["phase"], "status": text})
    entry["status"], entry["status_date"] = text, day
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return text


def _late_status_in_sheet(path: Any, ref: str, day: str) -> str:
    """As a coordinator edits the exported workbook: the Status and Statusdato cells."""
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Reference")].value == ref:
            status = row[header.index("Status")]
            status.value = f"{status.value} {LATE}"
            row[header.index("Statusdato")].value = day
            text = status.value
    book.save(path)
    return text


@pytest.mark.parametrize("fmt_in", ["json", "xlsx"])
def test_after_report_issue_an_imported_status_dated_before_it_is_red(older_plan, tmp_path, fmt_in):
    out = io.StringIO()
    call_command(
        "report",
        "vinter",
        "--format",
        "pptx",
        "--issue",
        "-o",
        str(tmp_path / "1.pptx"),
        stdout=out,
    )
    assert "issued as report" in out.getvalue()
    exported = tmp_path / f"vinter.{fmt_in}"
    call_command("export", "vinter", "--format", fmt_in, "-o", str(exported), stdout=io.StringIO())
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    edit = _late_status_in_json if fmt_in == "json" else _late_status_in_sheet
    text = edit(exported, older_plan.initiative.ref, day)
    call_command("import", str(exported), "--plan", "vinter", stdout=io.StringIO())
    older_plan.initiative.refresh_from_db()
    assert older_plan.initiative.status_text == text  # the imported status is the latest
    assert older_plan.initiative.status_date.isoformat() == day  # dated before the report
    for fmt in ("pptx", "xlsx"):
        target = tmp_path / f"2.{fmt}"
        call_command("report", "vinter", "--format", fmt, "-o", str(target), stdout=io.StringIO())
        red = (
            red_runs(target.read_bytes()) if fmt == "pptx" else _red_xlsx_texts(target.read_bytes())
        )
        assert LATE in "".join(red), fmt
