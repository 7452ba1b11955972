"""The meeting pack: the agenda, then per item the linked initiatives' status with what
changed since the forum's previous meeting, and the questions for group discussion.

The status tables reuse the reports: for each item a small :class:`PlanSnapshot` of its
linked initiatives (taken from the snapshots of their plans) now and at the previous
meeting goes through ``reports.content.build_content``, so the marking of changes is the
same as in the status decks. PDF and PPTX lay the pack out with the reports' templates and
PPTX renderer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import access
from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.governance.actions import previous_meeting
from fremdrift.governance.models import AgendaItem, Meeting
from fremdrift.portfolio.models import AreaMembership, Initiative, Plan, StatusUpdate
from fremdrift.reports.asof import plan_snapshot
from fremdrift.reports.content import AreaContent, DeckSettings, ReportContent, build_content
from fremdrift.reports.models import DeckOptions
from fremdrift.reports.renderers.base import Branding
from fremdrift.reports.snapshot import (
    AreaSnapshot,
    InitiativeSnapshot,
    PlanSnapshot,
    snapshot_from_data,
)


@dataclass
class PackItem:
    """One agenda item of the pack with its status table (``None`` without initiatives)."""

    item: AgendaItem
    questions: list[Any]
    content: ReportContent | None
    missing: list[Initiative] = field(default_factory=list)  # linked but in no plan area

    @property
    def changed_count(self) -> int:
        if self.content is None:
            return 0
        return sum(1 for a in self.content.areas for r in a.rows if r.has_changes or r.is_new)


@dataclass
class MeetingPack:
    """Everything the PDF and PPTX lay out."""

    meeting: Meeting
    previous: Meeting | None
    as_of: dt.datetime
    baseline_at: dt.datetime | None
    items: list[PackItem]
    # The forum's open action items, the files (bilag) and what changed since it last met.
    actions: list[Any] = field(default_factory=list)
    attachments: list[Any] = field(default_factory=list)
    changed: list[Initiative] = field(default_factory=list)
    baseline_reports: dict[int, Any] = field(default_factory=dict)

    @property
    def baseline_label(self) -> str | None:
        if self.previous is None:
            return None
        return f"{self.previous.forum.short_name} {format_date(self.previous.date)}"

    @property
    def title(self) -> str:
        meeting = self.meeting
        return f"{meeting.forum.short_name} {format_date(meeting.date)}: {meeting.title}"


# A pack spans plans, so no plan's deck layout applies: the phase is shown (the forum's
# decisions move it), "Ikke indrapporteret" is not (a board's material), changes are
# underlined besides red.
PACK = DeckSettings(show_background=False, show_purpose=False, show_phase=True)


class _Snapshots:
    """Plan snapshots now and at the baseline, built once per plan."""

    def __init__(
        self,
        as_of: dt.datetime,
        baseline_at: dt.datetime | None,
        reports: dict[int, Any] | None = None,
    ) -> None:
        self.as_of, self.baseline_at = as_of, baseline_at
        self.reports = reports or {}
        self.current: dict[int, PlanSnapshot] = {}
        self.baseline: dict[int, PlanSnapshot] = {}

    def of(self, plan: Plan) -> tuple[PlanSnapshot, PlanSnapshot | None]:
        if plan.pk not in self.current:
            self.current[plan.pk] = plan_snapshot(plan, self.as_of)
            report = self.reports.get(plan.pk)
            if report is not None and report.snapshot:
                # The deck issued for the forum's last meeting: exactly what it showed.
                self.baseline[plan.pk] = snapshot_from_data(report.snapshot)
            elif self.baseline_at is not None:
                self.baseline[plan.pk] = plan_snapshot(plan, self.baseline_at)
        return self.current[plan.pk], self.baseline.get(plan.pk)


def _plans_of(initiatives: list[Initiative]) -> dict[int, list[Plan]]:
    """For each initiative the plans whose areas hold it (its home plan first)."""
    result: dict[int, list[Plan]] = {i.pk: [i.plan] for i in initiatives}
    memberships = AreaMembership.objects.filter(
        initiative__in=[i.pk for i in initiatives], valid_to__isnull=True
    ).select_related("area__plan")
    for membership in memberships:
        plans = result[membership.initiative_id]
        if membership.area.plan not in plans:
            plans.append(membership.area.plan)
    return result


def _find(
    initiative_id: int,
    plans: list[Plan],
    snapshots: _Snapshots,
) -> tuple[InitiativeSnapshot | None, InitiativeSnapshot | None]:
    for plan in plans:
        current, baseline = snapshots.of(plan)
        if initiative_id in current.initiatives:
            old = baseline.initiatives.get(initiative_id) if baseline is not None else None
            return current.initiatives[initiative_id], old
    return None, None


def _item_content(
    item: AgendaItem,
    initiatives: list[Initiative],
    plans: dict[int, list[Plan]],
    snapshots: _Snapshots,
    pack_title: str,
    baseline_label: str | None,
    charted_plans: frozenset[int] = frozenset(),
) -> tuple[ReportContent | None, list[Initiative]]:
    now: dict[int, InitiativeSnapshot] = {}
    then: dict[int, InitiativeSnapshot] = {}
    missing = []
    for initiative in initiatives:
        new, old = _find(initiative.pk, plans[initiative.pk], snapshots)
        if new is None:
            missing.append(initiative)
            continue
        now[initiative.pk] = new
        if old is not None:
            then[initiative.pk] = old
    if not now:
        return None, missing
    slug = f"punkt-{item.number}"
    title = f"{item.number}. {item.title}"
    area = AreaSnapshot(
        id=item.pk, slug=slug, title=title, position=item.number, initiative_ids=tuple(now)
    )
    current = PlanSnapshot(
        slug=slug, title=pack_title, as_of=snapshots.as_of, areas=(area,), initiatives=now
    )
    baseline = None
    if snapshots.baseline_at is not None:
        old_area = AreaSnapshot(
            id=item.pk, slug=slug, title=title, position=item.number, initiative_ids=tuple(then)
        )
        baseline = PlanSnapshot(
            slug=slug,
            title=pack_title,
            as_of=snapshots.baseline_at,
            areas=(old_area,),
            initiatives=then,
        )
    content = build_content(current, baseline, baseline_label=baseline_label, options=PACK)
    charted = [i.pk for i in initiatives if i.pk in now and _charted(plans[i.pk], charted_plans)]
    if charted:
        from fremdrift.indicators.deck import indicator_charts

        content = dataclasses.replace(content, indicators=indicator_charts(charted, prefix=title))
    return content, missing


def _charted(plans: list[Plan], charted_plans: frozenset[int]) -> bool:
    """Does a plan of the initiative want indicator slides (its deck options)?"""
    return any(plan.pk in charted_plans for plan in plans)


def build_pack(meeting: Meeting, user: Any, *, as_of: dt.datetime | None = None) -> MeetingPack:
    """The pack of a meeting as the user may see it.

    ``as_of`` (default: now) is the time of the status shown; changes are marked since the
    end of the forum's previous meeting.
    """
    from fremdrift.governance import cycle, prepare
    from fremdrift.governance.models import Attachment

    as_of = as_of or timezone.now()
    previous = previous_meeting(meeting)
    baseline_at = previous.ends_at if previous is not None else None
    reports = {}
    for plan in meeting.forum.plans.all():
        report = prepare.forum_baseline(meeting, plan)
        if report is not None and report.as_of < as_of:
            reports[plan.pk] = report
    if reports:
        baseline_at = max(r.as_of for r in reports.values())
    if baseline_at is not None and baseline_at >= as_of:
        baseline_at, reports = None, {}
    pack = MeetingPack(meeting, previous, as_of, baseline_at, [], baseline_reports=reports)
    pack.actions = list(access.restrict(cycle.open_action_items(meeting), user))
    pack.attachments = list(
        access.restrict(
            Attachment.objects.filter(meeting=meeting, removed_at__isnull=True)
            .select_related("item")
            .defer("content"),
            user,
        )
    )
    visible_qs = access.visible_initiatives(user)
    if baseline_at is not None:
        changed = visible_qs.filter(
            pk__in=StatusUpdate.objects.filter(
                recorded_at__gt=baseline_at, recorded_at__lte=as_of
            ).values("initiative"),
            archived_at__isnull=True,
        ).filter(
            Q(plan__forums=meeting.forum)
            | Q(
                memberships__valid_to__isnull=True,
                memberships__area__plan__forums=meeting.forum,
            )
        )
        pack.changed = list(
            changed.distinct()
            .select_related("plan")
            .order_by("plan__title__danish", "title__danish")
        )
    visible = set(visible_qs.values_list("pk", flat=True))
    items = list(meeting.items.prefetch_related("questions", "initiatives__plan"))
    linked = {i.pk: i for item in items for i in item.initiatives.all() if i.pk in visible}
    plans = _plans_of(list(linked.values()))
    snapshots = _Snapshots(as_of, baseline_at, reports)
    charted_plans = frozenset(
        DeckOptions.objects.filter(show_indicators=True).values_list("plan_id", flat=True)
    )
    for item in items:
        initiatives = [i for i in item.initiatives.all() if i.pk in linked]
        content, missing = _item_content(
            item, initiatives, plans, snapshots, pack.title, pack.baseline_label, charted_plans
        )
        pack.items.append(PackItem(item, list(item.questions.all()), content, missing))
    return pack


# --------------------------------------------------------------------------- web page


def web_items(pack: MeetingPack, branding: Branding) -> list[dict[str, Any]]:
    """The items of the pack page: each with its status tables and indicator charts."""
    from fremdrift.reports.renderers.web import context, indicator_figure

    items = []
    charts = 0  # numbers the charts through the page: their SVG ids must be unique
    for entry in pack.items:
        report = context(entry.content, branding) if entry.content is not None else None
        shown = []
        for chart in entry.content.indicators if entry.content is not None else ():
            shown.append(indicator_figure(chart, f"pack-chart-{charts}"))
            charts += 1
        items.append({"entry": entry, "report": report, "indicators": shown})
    return items


# --------------------------------------------------------------------------- PDF


def pack_html(pack: MeetingPack, branding: Branding) -> str:
    """The HTML that WeasyPrint prints."""
    from fremdrift.reports.renderers.pdf import css_string, indicator_page
    from fremdrift.reports.renderers.web import context

    items = []
    charts = 0  # numbers the charts through the pack: their SVG ids must be unique
    for entry in pack.items:
        report = context(entry.content, branding) if entry.content is not None else None
        # The item's indicator charts (the plans' deck options decided), as the PPTX's slides.
        pages = []
        for chart in entry.content.indicators if entry.content is not None else ():
            pages.append(indicator_page(chart, charts))
            charts += 1
        items.append({"entry": entry, "report": report, "indicator_pages": pages})
    css = {
        "title": css_string(pack.title),
        "footer": css_string(branding.footer_text),
        "page": css_string(_("Page")),
        "of": css_string(_("of")),
    }
    colours = {"primary": branding.primary_colour, "text": branding.text_colour}
    return render_to_string(
        "governance/pack_pdf.html",
        {
            "pack": pack,
            "items": items,
            "branding": branding,
            "css": css,
            "colours": colours,
            "as_of": format_date(pack.as_of),
        },
    )


def no_network(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"External resources are not allowed in meeting packs: {url}")


def render_pdf(pack: MeetingPack, branding: Branding) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(pack, branding), url_fetcher=no_network).write_pdf()


# --------------------------------------------------------------------------- PPTX


def _deck_content(pack: MeetingPack) -> ReportContent:
    """One report whose "areas" are the agenda items with initiatives."""
    areas: list[AreaContent] = []
    removed: list[Any] = []
    indicators: list[Any] = []
    for entry in pack.items:
        if entry.content is not None:
            areas.extend(entry.content.areas)
            removed.extend(entry.content.removed)
            indicators.extend(entry.content.indicators)
    return ReportContent(
        plan_slug=f"{pack.meeting.forum.short_name}-{pack.meeting.date.isoformat()}",
        plan_title=pack.title,
        as_of=pack.as_of,
        baseline_label=pack.baseline_label,
        baseline_as_of=pack.baseline_at,
        purpose=(),
        areas=tuple(areas),
        removed=tuple(removed),
        changes=(),
        options=PACK,
        indicators=tuple(indicators),
    )


def render_pptx(pack: MeetingPack, branding: Branding) -> bytes:
    """The status deck of the items, with an agenda slide and the questions added."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    from fremdrift.reports.renderers.base import hex_colour
    from fremdrift.reports.renderers.pptx import PptxRenderer

    deck = PptxRenderer().render(_deck_content(pack), branding=branding)
    prs = Presentation(BytesIO(deck))
    slides = list(prs.slides)
    layout = slides[-1].slide_layout if len(slides) > 1 else prs.slide_layouts[5]
    primary = RGBColor.from_string(hex_colour(branding.primary_colour))
    text_rgb = RGBColor.from_string(hex_colour(branding.text_colour))

    def text_slide(title: str, lines: list[str]) -> Any:
        slide = prs.slides.add_slide(layout)
        heading = slide.shapes.title
        if heading is not None:
            heading.text = title
            heading.left, heading.top = Pt(28), Pt(18)
            heading.width, heading.height = prs.slide_width - Pt(56), Pt(50)
            for paragraph in heading.text_frame.paragraphs:
                paragraph.alignment = PP_ALIGN.LEFT
                paragraph.font.size = Pt(24)
                paragraph.font.bold = True
                paragraph.font.color.rgb = primary
        box = slide.shapes.add_textbox(
            Pt(28), Pt(80), prs.slide_width - Pt(56), prs.slide_height - Pt(130)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(18)
            paragraph.font.color.rgb = text_rgb
            paragraph.space_after = Pt(8)
        return slide

    agenda = text_slide(
        _("Agenda"),
        [f"{e.item.number}. {e.item.title} ({e.item.get_kind_display()})" for e in pack.items],
    )
    order = [slides[0], agenda]
    used = {id(slides[0])}
    for entry in pack.items:
        if entry.content is not None:
            prefix = f"{entry.item.number}. {entry.item.title}"
            for slide in slides[1:]:
                title = slide.shapes.title.text if slide.shapes.title is not None else ""
                if id(slide) not in used and title.startswith(prefix[:60]):
                    order.append(slide)
                    used.add(id(slide))
        if entry.questions:
            lines = [_question_line(q) for q in entry.questions]
            if entry.item.discussion_minutes:
                lines.append(
                    _("Group discussion: %(minutes)s minutes")
                    % {"minutes": entry.item.discussion_minutes}
                )
            heading = _("Questions for group discussion – item %(number)s") % {
                "number": entry.item.number
            }
            order.append(text_slide(heading, lines))
    order.extend(s for s in slides[1:] if id(s) not in used)
    if pack.actions:
        lines = [_action_line(a) for a in pack.actions]
        order.append(text_slide(_("Open action items"), lines))
    if pack.changed:
        lines = [f"• {i.title}" for i in pack.changed]
        order.append(text_slide(_("Changed since the forum last met"), lines))
    if pack.attachments:
        order.append(
            text_slide(_("Attachments"), [f"• {a} ({a.filename})" for a in pack.attachments])
        )
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public reordering
    by_slide = {s.slide_id: element for s, element in zip(prs.slides, list(ids), strict=True)}
    wanted = [by_slide[slide.slide_id] for slide in order]
    for element in list(ids):
        ids.remove(element)
    for element in wanted:
        ids.append(element)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()


def _question_line(question: Any) -> str:
    if question.minutes:
        return _("%(text)s (%(minutes)s min.)") % {
            "text": question.text,
            "minutes": question.minutes,
        }
    return f"• {question.text}"


def _action_line(action: Any) -> str:
    parts = [action.marked_text]
    if action.owner_label:
        parts.append(action.owner_label)
    if action.deadline:
        parts.append(format_date(action.deadline))
    return "• " + " – ".join(parts)
