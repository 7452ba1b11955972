"""No spreadsheet the product writes runs user text as a formula (OWASP CSV injection).

User text starting with ``=``, ``+``, ``-`` or ``@`` is put into every kind of object that
reaches a download; every XLSX must hold it as a string cell (never a formula) and every CSV
must hold it behind a ``'``. The text stays readable as typed.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fremdrift.followup import actions as followup_actions
from fremdrift.governance import actions as governance_actions
from fremdrift.indicators import actions as indicator_actions
from fremdrift.participation import actions as participation_actions
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative
from fremdrift.reports import service
from tests.indicators_web.indicators_web_helpers import AS_OF, value_row

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
PLUS = "+1"
MINUS = "-2+3"
AT = "@SUM(1)"
POISON = (HYPERLINK, PLUS, MINUS, AT)
SRC = Path(__file__).resolve().parents[2] / "src" / "fremdrift"
ACTOR = "test"


@pytest.fixture
def poisoned(plan: Any, units: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """Formula-like text in every object that a download lists."""
    staff = plan.areas_by_slug["personale"]
    initiative = actions.create_initiative(
        plan,
        by=ACTOR,
        title=HYPERLINK,
        theme=PLUS,
        areas=[staff],
        units={"lead": [units["hr"]], "common": [units["hr"]]},
        phase="udvikling",
        follow_up_text=AT,
    )
    actions.record_status(initiative, by=ACTOR, seen_version=None, text=MINUS)
    forum = governance_actions.create_forum(by=ACTOR, short_name="HMU", name=PLUS)
    meeting = governance_actions.create_meeting(
        forum, by=ACTOR, date=dt.date(2021, 12, 10), title=HYPERLINK, place=PLUS
    )
    item = governance_actions.add_agenda_item(
        meeting, by=ACTOR, title=AT, kind="beslutning", initiatives=[initiative]
    )
    governance_actions.record_decision(item, by=ACTOR, outcome="approved", text=MINUS)
    governance_actions.create_milestone(plan, by=ACTOR, title=HYPERLINK, date=dt.date(2022, 1, 31))
    workshop = participation_actions.create_workshop(
        plan, by=ACTOR, title=HYPERLINK, date=dt.date(2021, 11, 1), facilitators=[PLUS]
    )
    consultation = participation_actions.create_consultation(by=ACTOR, title="Høring", plan=plan)
    participation_actions.add_consultation_input(
        consultation, by=ACTOR, source=AT, kind="pointe", text=MINUS
    )
    long_list = participation_actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    participation_actions.add_candidate(long_list, by=ACTOR, title=HYPERLINK, description=MINUS)
    update_round = followup_actions.open_round(
        plan,
        by=users["coordinator"],
        title=AT,
        deadline=timezone.localdate() + dt.timedelta(days=7),
    )
    run = indicator_actions.create_run(
        by=ACTOR,
        as_of=AS_OF,
        params={"link_gap_hours": 4},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = indicator_actions.complete_run(
        run.pk,
        by=ACTOR,
        validation={"contacts": {"rows_read": 10}},
        rows=[
            value_row(geo_code="730", geo_name=HYPERLINK, numerator=7, value=7.0),
            value_row(geo_level="region", geo_code="RM", geo_name=PLUS, numerator=15, value=-2.5),
        ],
    )
    indicator_actions.publish_run(run, by=ACTOR)
    return {
        "initiative": initiative,
        "forum": forum,
        "workshop": workshop,
        "consultation": consultation,
        "long_list": long_list,
        "round": update_round,
    }


def xlsx_cells(data: bytes) -> list[Any]:
    """Every cell of every sheet; fails on a formula cell."""
    assert data[:2] == b"PK", data[:200]
    cells = []
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                cells.append(cell.value)
    return cells


def assert_safe_xlsx(data: bytes, *expected: str) -> None:
    texts = [value for value in xlsx_cells(data) if isinstance(value, str)]
    for text in expected:
        assert any(text in value for value in texts), f"{text!r} is not in the workbook"


NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def assert_safe_csv(data: bytes, delimiter: str, *expected: str) -> None:
    cells = [
        cell
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter)
        for cell in row
    ]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or NUMBER.fullmatch(cell), cell
    for text in expected:
        assert any(cell.startswith("'" + text) for cell in cells), f"'{text} is not in the CSV"


def get(client: Any, user: Any, url: str) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


# --------------------------------------------------------------------------- every download


def test_the_search_download_holds_formula_like_text_as_text(client, users, poisoned):
    url = reverse("portfolio:search") + "?q=HYPERLINK&format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], url), HYPERLINK)


def test_the_governance_downloads_hold_formula_like_text_as_text(client, users, plan, poisoned):
    forum = poisoned["forum"]
    decisions = get(client, users["admin"], f"{forum.get_absolute_url()}?format=xlsx")
    assert_safe_xlsx(decisions, MINUS)
    meetings = get(client, users["admin"], reverse("governance:meeting-list") + "?format=xlsx")
    assert_safe_xlsx(meetings, HYPERLINK, PLUS)
    process = reverse("governance:process-plan", args=[plan.slug]) + "?format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], process), HYPERLINK)


def test_the_participation_downloads_hold_formula_like_text_as_text(client, users, plan, poisoned):
    workshops = reverse("participation:workshop-list", args=[plan.slug]) + "?format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], workshops), HYPERLINK, PLUS)
    consultation = poisoned["consultation"].get_absolute_url() + "?format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], consultation), AT, MINUS)
    long_list = poisoned["long_list"].get_absolute_url() + "?format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], long_list), HYPERLINK)


def test_the_update_round_download_holds_formula_like_text_as_text(client, users, poisoned):
    url = poisoned["round"].get_absolute_url() + "?format=xlsx"
    assert_safe_xlsx(get(client, users["admin"], url), HYPERLINK)


def test_the_indicator_downloads_have_no_formulas_and_keep_negative_numbers(
    client, users, poisoned
):
    # The names shown come from the packaged geography, not from the run's rows.
    query = "?indicator=acute_admissions&sector=somatik&period_type=month&period=2022-01"
    xlsx = get(client, users["admin"], reverse("indicators:download-xlsx") + query)
    assert -2.5 in xlsx_cells(xlsx)
    data = get(client, users["admin"], reverse("indicators:download-csv") + query)
    assert_safe_csv(data, ",")
    assert "-2.5" in data.decode("utf-8-sig").split(",")


def test_the_report_workbook_holds_formula_like_text_as_text(client, users, plan, poisoned):
    service.issue(service.generate(plan, fmt="xlsx"), by=ACTOR)
    actions.record_status(poisoned["initiative"], by=ACTOR, seen_version=None, text="=1+1")
    url = reverse("reports:download", args=[plan.slug, "xlsx"])
    data = get(client, users["admin"], url)
    assert_safe_xlsx(data, HYPERLINK, PLUS, MINUS, "=1+1")
    changes = load_workbook(io.BytesIO(data))["Ændringer"]
    assert [c.value for c in changes[2]][3:5] == [MINUS, "=1+1"]


def test_the_audit_csv_escapes_formula_like_text(client, users, poisoned, make_user):
    sneaky = make_user("@admin", superuser=True)
    actions.record_status(poisoned["initiative"], by=sneaky, seen_version=None, text="Ny.")
    data = get(client, users["admin"], reverse("audit-list") + "?format=csv")
    assert_safe_csv(data, ";", HYPERLINK, "@admin")


def test_the_export_command_writes_xlsx_and_csv_with_formula_like_text_as_text(
    plan, poisoned, tmp_path
):
    call_command("export", plan.slug, "--format", "xlsx", "-o", str(tmp_path / "p.xlsx"))
    assert_safe_xlsx((tmp_path / "p.xlsx").read_bytes(), HYPERLINK, PLUS, MINUS, AT)
    call_command("export", plan.slug, "--format", "csv", "-o", str(tmp_path / "p.csv"))
    assert_safe_csv((tmp_path / "p.csv").read_bytes(), ";", HYPERLINK, PLUS, MINUS, AT)


def test_formula_like_text_survives_a_csv_export_and_import_unchanged(plan, poisoned, tmp_path):
    target = tmp_path / "vinter.csv"
    call_command("export", plan.slug, "--format", "csv", "-o", str(target))
    call_command("import", str(target), "--plan", "kopi", stdout=io.StringIO())
    copy = Initiative.objects.get(plan__slug="kopi", title=HYPERLINK)
    assert copy.theme == PLUS
    assert copy.status_text == MINUS
    assert copy.follow_up_text == AT


def test_formula_like_text_survives_an_xlsx_export_and_import_unchanged(plan, poisoned, tmp_path):
    target = tmp_path / "vinter.xlsx"
    call_command("export", plan.slug, "--format", "xlsx", "-o", str(target))
    call_command("import", str(target), "--plan", "kopi", stdout=io.StringIO())
    copy = Initiative.objects.get(plan__slug="kopi", title=HYPERLINK)
    assert (copy.theme, copy.status_text, copy.follow_up_text) == (PLUS, MINUS, AT)


# --------------------------------------------------------------------------- no other writer

COVERED_DOWNLOAD_VIEWS = {
    "core.views.audit_list",
    "followup.views.round_detail",
    "governance.views.forum_detail",
    "governance.views.meeting_list",
    "governance.views.process_plan",
    "participation.views.consultation_detail",
    "participation.views.longlist_detail",
    "participation.views.workshop_list",
    "portfolio.views.search",
}


def _views_with_a_download_format() -> set[str]:
    found = set()
    for path in SRC.glob("*/views.py"):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in tree.body:
            source = ast.get_source_segment(text, node) or ""
            if isinstance(node, ast.FunctionDef) and 'GET.get("format")' in source:
                found.add(f"{path.parent.name}.views.{node.name}")
    return found


def test_every_view_with_a_download_format_is_tested_above():
    assert _views_with_a_download_format() == COVERED_DOWNLOAD_VIEWS


WRITERS = re.compile(
    r"\bWorkbook\(|csv\.(writer|DictWriter)\(|\.cell\([^)]*value=|\bsheet\.append\(|"
    r"\bbook\.save\(|\bworkbook\.save\("
)


def test_only_the_shared_writer_creates_workbooks_and_csv_files():
    offenders = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).as_posix() != "core/xlsx.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITERS.search(line)
    ]
    assert offenders == []
