"""Reports from the register: baselines, issuing, the CLI and the report pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pptx import Presentation
from pptx.dml.color import RGBColor

from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions
from fremdrift.reports import service
from fremdrift.reports.models import IssuedReport

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
RED = RGBColor(0xFF, 0, 0)


def red_runs(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    runs = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            if (
                                run.font.color
                                and run.font.color.type is not None
                                and run.font.color.rgb == RED
                            ):
                                runs.append(run.text)
    return runs


def test_an_issued_report_is_the_default_baseline_of_the_next(plan, users):
    first = service.generate(plan, fmt="pptx")
    issued = service.issue(first, by=users["coordinator"])
    shared = plan.initiatives_by_key["shared"]
    actions.record_status(shared, by="t", seen_version=None, text="I gang. Udvidet til Randers.")
    second = service.generate(plan, fmt="pptx")
    assert second.baseline == issued
    assert any("Udvidet til Randers." in text for text in red_runs(second.data))
    assert not any(text.strip() == "I gang." for text in red_runs(second.data))


def test_an_issued_report_downloads_unchanged_later(client, plan, users):
    generated = service.generate(plan, fmt="pdf")
    issued = service.issue(generated, by=users["coordinator"])
    actions.record_status(
        plan.initiatives_by_key["hr"], by="t", seen_version=None, text="Ny status"
    )
    client.force_login(users["reader"])
    response = client.get(reverse("reports:issued-download", args=[issued.pk]))
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == issued.file_hash
    assert AuditEvent.objects.filter(action="report_issued", object_id=str(issued.pk)).exists()


def test_the_report_shows_the_plan_as_of_a_past_time_not_today(plan):
    hr = plan.initiatives_by_key["hr"]
    then = dt.datetime.now(tz=CPH) + dt.timedelta(seconds=1)
    actions.record_status(
        hr, by="t", seen_version=None, text="Status fra senere", at=then + dt.timedelta(hours=1)
    )
    earlier, _report, _at = service.build(plan, as_of=then)
    later, _report, _at = service.build(plan, as_of=then + dt.timedelta(hours=2))

    def statuses(content):
        return " ".join(row.status.text for area in content.areas for row in area.rows)

    assert "Status fra senere" not in statuses(earlier)
    assert "Status fra senere" in statuses(later)


def test_report_command_writes_a_deck_and_issues_it(plan, tmp_path):
    target = tmp_path / "vinter.pptx"
    out = io.StringIO()
    call_command("report", "vinter", "--format", "pptx", "--issue", "-o", str(target), stdout=out)
    assert target.read_bytes()[:2] == b"PK"
    assert IssuedReport.objects.filter(plan=plan).count() == 1
    assert "issued as report" in out.getvalue()


def test_report_command_records_a_report_issued_earlier_outside_fremdrift(plan, tmp_path):
    target = tmp_path / "vinter.pptx"
    args = ["vinter", "--format", "pptx", "--as-of", "2021-11-24T18:00", "--issue"]
    call_command("report", *args, "--issued-at", "2021-11-25T09:30", "-o", str(target))
    report = IssuedReport.objects.get(plan=plan)
    assert report.issued_at == dt.datetime(2021, 11, 25, 9, 30, tzinfo=CPH)
    event = AuditEvent.objects.filter(action="report_issued").latest("pk")
    assert event.after["issued_at"].startswith("2021-11-25T09:30")
    assert "recorded_at" in event.after  # when it was really written down


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--issue", "--issued-at", "2021-11-24T12:00"], "før tidspunktet for dens status"),
        (["--issue", "--issued-at", "2999-01-01"], "i fremtiden"),
        (["--issued-at", "2021-11-25"], "only with --issue"),
    ],
)
def test_report_command_refuses_an_impossible_issue_time(plan, tmp_path, extra, message):
    args = ["vinter", "--format", "html", "--as-of", "2021-11-24T18:00", *extra]
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "-o", str(tmp_path / "r.html"), stdout=io.StringIO())
    assert not IssuedReport.objects.filter(plan=plan).exists()


def test_report_command_since_a_date_marks_what_changed_after_it(plan, tmp_path):
    hr = plan.initiatives_by_key["hr"]
    actions.record_status(hr, by="t", seen_version=None, text="HR-forum godkendte flere SPV'er.")
    target = tmp_path / "r.pptx"
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    call_command(
        "report",
        "vinter",
        "--format",
        "pptx",
        "--since",
        yesterday,
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    assert any("SPV" in t for t in red_runs(target.read_bytes()))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "html"])
def test_report_command_writes_every_format(plan, tmp_path, fmt):
    target = tmp_path / f"r.{fmt}"
    call_command("report", "vinter", "--format", fmt, "-o", str(target), stdout=io.StringIO())
    assert target.stat().st_size > 500


def test_report_command_refuses_an_unknown_baseline_report(plan, tmp_path):
    with pytest.raises(CommandError, match="999"):
        call_command(
            "report",
            "vinter",
            "--format",
            "pdf",
            "--since-report",
            "999",
            "-o",
            str(tmp_path / "x.pdf"),
            stdout=io.StringIO(),
        )


def test_the_report_page_marks_changes_and_offers_downloads(client, plan, users):
    service.issue(service.generate(plan, fmt="xlsx"), by="t")
    actions.record_status(
        plan.initiatives_by_key["hr"], by="t", seen_version=None, text="Helt ny sætning."
    )
    client.force_login(users["reader"])
    response = client.get(reverse("reports:page", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="changed"' in html
    assert "Helt ny sætning." in html
    assert reverse("reports:download", args=[plan.slug, "pptx"]) in html
    assert "Udsted rapport" not in html  # a reader may not issue


def test_downloads_follow_the_chosen_baseline(client, plan, users):
    client.force_login(users["reader"])
    response = client.get(
        reverse("reports:download", args=[plan.slug, "pptx"]), {"baseline": "none"}
    )
    assert response.status_code == 200
    assert red_runs(response.content) == []


def test_a_coordinator_issues_from_the_page_and_a_reader_may_not(client, plan, users):
    client.force_login(users["reader"])
    assert (
        client.post(reverse("reports:issue", args=[plan.slug]), {"format": "pdf"}).status_code
        == 403
    )
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("reports:issue", args=[plan.slug]), {"format": "pdf", "title": "HMU 10.12"}
    )
    assert response.status_code == 302
    assert IssuedReport.objects.get().title == "HMU 10.12"


def test_the_changes_page_lists_before_and_after(client, plan, users):
    service.issue(service.generate(plan, fmt="xlsx"), by="t")
    actions.record_status(
        plan.initiatives_by_key["hr"], by="t", seen_version=None, text="Efter", phase="drift"
    )
    client.force_login(users["reader"])
    html = client.get(
        reverse("reports:changes", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Efter" in html
    assert "Drift" in html


def test_a_user_without_access_gets_404_for_reports(client, plan, users):
    client.force_login(users["nobody"])
    assert client.get(reverse("reports:page", args=[plan.slug])).status_code == 404


def test_no_table_runs_off_a_slide_in_any_demo_plans_deck(demo):
    from pptx.util import Pt

    from fremdrift.portfolio.models import Plan
    from fremdrift.reports.renderers.pptx import BOTTOM_MARGIN

    for plan in Plan.objects.all():
        data = service.generate(plan, fmt="pptx", since=dt.date(2021, 12, 1)).data
        deck = Presentation(io.BytesIO(data))
        limit = deck.slide_height - Pt(BOTTOM_MARGIN)
        tables = 0
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_table:
                    tables += 1
                    bottom = shape.top + sum(row.height for row in shape.table.rows)
                    assert bottom <= limit, (plan.slug, slide.slide_id)
        assert tables >= len(plan.areas.all()), plan.slug
