"""Generating and issuing status reports: baseline → snapshots → content → file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.portfolio.models import Plan
from fremdrift.reports.asof import plan_snapshot
from fremdrift.reports.content import DeckSettings, ReportContent, build_content
from fremdrift.reports.models import DeckOptions, IssuedReport
from fremdrift.reports.renderers import Branding, get_renderer
from fremdrift.reports.renderers.base import slug_filename
from fremdrift.reports.snapshot import PlanSnapshot, snapshot_from_data, snapshot_to_data

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class ReportError(Exception):
    """The report cannot be made as asked (unknown baseline, bad date …)."""


@dataclass
class Generated:
    """A rendered report, not yet issued."""

    plan: Plan
    content: ReportContent
    fmt: str
    data: bytes
    filename: str
    media_type: str
    baseline: IssuedReport | None
    baseline_at: dt.datetime | None
    options: dict[str, Any]
    snapshot: PlanSnapshot | None = None  # what the report shows; kept when it is issued


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight in Copenhagen: "changes since 1 December" compares with the state then."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=COPENHAGEN)


def resolve_baseline(
    plan: Plan,
    *,
    since: dt.date | dt.datetime | None = None,
    since_report: int | None = None,
    default_latest: bool = True,
    before: dt.datetime | None = None,
) -> tuple[dt.datetime | None, str | None, IssuedReport | None]:
    """The baseline time, its label and the issued report it comes from (if any)."""
    if since is not None and since_report is not None:
        raise ReportError(_("Give either a date or an issued report as the baseline, not both."))
    if since_report is not None:
        report = IssuedReport.objects.filter(plan=plan, pk=since_report).first()
        if report is None:
            raise ReportError(_("The plan has no issued report %(id)s.") % {"id": since_report})
        return (
            report.as_of,
            _("report issued %(date)s") % {"date": format_date(report.issued_at)},
            report,
        )
    if since is not None:
        moment = since if isinstance(since, dt.datetime) else start_of_day(since)
        return moment, _("%(date)s") % {"date": format_date(moment)}, None
    if default_latest:
        qs = IssuedReport.objects.filter(plan=plan)
        if before is not None:
            qs = qs.filter(as_of__lt=before)
        report = qs.order_by("-as_of", "-id").first()
        if report is not None:
            return (
                report.as_of,
                _("report issued %(date)s") % {"date": format_date(report.issued_at)},
                report,
            )
    return None, None, None


def deck_settings(plan: Plan) -> DeckSettings:
    """The plan's deck layout choices, or the defaults when none are saved."""
    options = DeckOptions.objects.filter(plan=plan).first()
    if options is None:
        return DeckSettings()
    return DeckSettings(
        show_background=options.show_background,
        show_purpose=options.show_purpose,
        show_phase=options.show_phase,
        show_not_reported=options.show_not_reported,
        show_indicators=options.show_indicators,
        change_marker=options.change_marker,
    )


def baseline_snapshot(
    plan: Plan, baseline_at: dt.datetime | None, report: IssuedReport | None
) -> PlanSnapshot | None:
    """What the report is compared with.

    An issued report is compared with exactly what it showed (its stored snapshot), so that
    anything recorded after it is marked, whatever date it carries. A date (or a report
    issued before snapshots were kept) means the plan as it was recorded at that time.
    """
    if report is not None and report.snapshot:
        return snapshot_from_data(report.snapshot)
    if baseline_at is None:
        return None
    return plan_snapshot(plan, baseline_at, areas=None)


def build(
    plan: Plan,
    *,
    as_of: dt.datetime | None = None,
    since: Any = None,
    since_report: int | None = None,
    areas: list[str] | None = None,
    no_baseline: bool = False,
) -> tuple[ReportContent, IssuedReport | None, dt.datetime | None]:
    """The report content of the plan as of a time, marked against the baseline."""
    content, baseline_report, baseline_at, _current = _build(
        plan,
        as_of=as_of,
        since=since,
        since_report=since_report,
        areas=areas,
        no_baseline=no_baseline,
    )
    return content, baseline_report, baseline_at


def _build(
    plan: Plan,
    *,
    as_of: dt.datetime | None,
    since: Any,
    since_report: int | None,
    areas: list[str] | None,
    no_baseline: bool,
) -> tuple[ReportContent, IssuedReport | None, dt.datetime | None, PlanSnapshot]:
    as_of = as_of or timezone.now()
    baseline_at, label, baseline_report = resolve_baseline(
        plan,
        since=since,
        since_report=since_report,
        before=as_of,
        default_latest=not no_baseline,
    )
    if baseline_at is not None and baseline_at > as_of:
        raise ReportError(_("The baseline lies after the time of the report."))
    current = plan_snapshot(plan, as_of, areas=areas)
    baseline = baseline_snapshot(plan, baseline_at, baseline_report)
    options = deck_settings(plan)
    content = build_content(current, baseline, areas=areas, baseline_label=label, options=options)
    if options.show_indicators:
        content = dataclasses.replace(content, indicators=indicator_slides(content))
    return content, baseline_report, baseline_at, current


def indicator_slides(content: ReportContent) -> tuple[Any, ...]:
    """The indicator charts of the initiatives the report shows, in its order."""
    from fremdrift.indicators.deck import indicator_charts

    ids = [row.initiative_id for area in content.areas for row in area.rows]
    return indicator_charts(ids)


def generate(
    plan: Plan,
    *,
    fmt: str,
    as_of: dt.datetime | None = None,
    since: Any = None,
    since_report: int | None = None,
    areas: list[str] | None = None,
    no_baseline: bool = False,
) -> Generated:
    """Render the report in ``fmt`` (pptx, pdf, xlsx, html)."""
    try:
        renderer = get_renderer(fmt)
    except KeyError as exc:
        raise ReportError(_("Unknown format “%(fmt)s”.") % {"fmt": fmt}) from exc
    content, baseline_report, baseline_at, current = _build(
        plan,
        as_of=as_of,
        since=since,
        since_report=since_report,
        areas=areas,
        no_baseline=no_baseline,
    )
    data = renderer.render(content, branding=Branding.from_settings())
    options = {
        "areas": areas or [],
        "since": since.isoformat() if since is not None else None,
        "since_report": since_report,
    }
    return Generated(
        plan=plan,
        content=content,
        fmt=fmt,
        data=data,
        filename=slug_filename(content, renderer.suffix),
        media_type=renderer.media_type,
        baseline=baseline_report,
        baseline_at=baseline_at,
        options=options,
        snapshot=current,
    )


def content_hash(content: ReportContent) -> str:
    """A hash of the report's content, independent of the file format's bytes."""
    payload = json.dumps(
        dataclasses.asdict(content), default=str, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@transaction.atomic
def issue(
    generated: Generated,
    *,
    by: Any,
    title: str = "",
    meeting: Any = None,
    issued_at: dt.datetime | None = None,
) -> IssuedReport:
    """Record a generated report as issued: the file is kept and becomes the next baseline.

    ``meeting`` (a ``governance.Meeting``) is the meeting it was issued for. ``issued_at``
    (the demo and ``report --issue --issued-at`` only; the web always issues now) records a
    report that was issued earlier, outside Fremdrift: not before the report's own status
    time and not in the future. The audit event notes it."""
    user = by if getattr(by, "is_authenticated", False) else None
    now = timezone.now()
    if issued_at is not None:
        if timezone.is_naive(issued_at):
            raise ValueError("issued_at must carry a time zone")
        if issued_at > now:
            raise ReportError(_("A report cannot be issued in the future."))
        if issued_at < generated.content.as_of:
            raise ReportError(_("A report cannot be issued before the time of its status."))
    report = IssuedReport.objects.create(
        plan=generated.plan,
        title=title,
        as_of=generated.content.as_of,
        issued_at=issued_at or now,
        issued_by=user,
        issued_by_name=user.get_username() if user else str(by or ""),
        format=generated.fmt,
        meeting=meeting,
        options=generated.options,
        baseline=generated.baseline,
        baseline_at=generated.baseline_at,
        content_hash=content_hash(generated.content),
        file_hash=hashlib.sha256(generated.data).hexdigest(),
        filename=generated.filename,
        media_type=generated.media_type,
        file=generated.data,
        size=len(generated.data),
        snapshot=snapshot_to_data(generated.snapshot) if generated.snapshot else {},
    )
    audit.record(
        by,
        AuditAction.REPORT_ISSUED,
        report,
        after={
            "plan": generated.plan.slug,
            "format": generated.fmt,
            "meeting": meeting.pk if meeting is not None else None,
            "as_of": report.as_of,
            "baseline": generated.baseline.pk if generated.baseline else None,
            "baseline_at": generated.baseline_at,
            "file": report.filename,
            "sha256": report.file_hash,
            "content_sha256": report.content_hash,
            **({"issued_at": issued_at, "recorded_at": now} if issued_at else {}),
        },
    )
    return report
