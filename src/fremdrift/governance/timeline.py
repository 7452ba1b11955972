"""The process plan of a plan as a timeline: swimlanes per forum, bars per work form.

:func:`build_timeline` collects the entries (milestones, the forums' meetings about the
plan's initiatives, initiatives with start and end dates, workshops) into lanes;
:func:`render_svg` draws them as a self-contained SVG (no scripts, no external resources),
which the page shows with a table alternative and which downloads as an image or a PDF.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Q
from django.utils import dateformat
from django.utils.translation import gettext as _

from fremdrift.governance.models import Meeting, Milestone
from fremdrift.portfolio.choices import WorkForm
from fremdrift.portfolio.models import Initiative, Plan

# Lanes for the work forms that the process plans draw as bars, in this order.
BAR_WORK_FORMS = (
    WorkForm.SPRINT,
    WorkForm.THEME_WORKSHOP,
    WorkForm.TRANSFORMATION,
    WorkForm.TRIAL,
    WorkForm.SCOPING,
    WorkForm.CAMPAIGN,
)
COLOURS = {
    "forum": "#00505F",
    WorkForm.SPRINT.value: "#2E7D32",
    WorkForm.THEME_WORKSHOP.value: "#6A1B9A",
    WorkForm.TRANSFORMATION.value: "#C25E00",
    "other": "#455A64",
}


@dataclass
class Entry:
    """One thing on the timeline: a point (``end`` is None) or a period."""

    label: str
    start: dt.date
    end: dt.date | None = None
    kind: str = "milestone"  # milestone | meeting | initiative | workshop
    url: str = ""
    description: str = ""
    approximate: bool = False
    is_milestone: bool = False

    @property
    def last(self) -> dt.date:
        return self.end or self.start


@dataclass
class Lane:
    """A swimlane: a forum's meetings and milestones, or a work form's bars."""

    key: str
    title: str
    colour: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Timeline:
    plan: Plan
    start: dt.date
    end: dt.date
    lanes: list[Lane]
    reference: dt.date
    next_milestone: Entry | None

    @property
    def entries(self) -> list[tuple[Lane, Entry]]:
        return sorted(
            ((lane, e) for lane in self.lanes for e in lane.entries),
            key=lambda pair: (pair[1].start, pair[1].last, pair[0].title),
        )


def _work_form_of(initiatives: list[Initiative]) -> str:
    forms = Counter(i.work_form for i in initiatives if i.work_form)
    return forms.most_common(1)[0][0] if forms else ""


def _milestone_entry(milestone: Milestone) -> Entry:
    end = milestone.end_date if milestone.is_period else None
    url = milestone.meeting.get_absolute_url() if milestone.meeting_id else ""
    return Entry(
        milestone.title,
        milestone.date,
        end,
        "milestone",
        url,
        milestone.description,
        milestone.approximate,
        is_milestone=True,
    )


def build_timeline(plan: Plan, *, reference: dt.date) -> Timeline:
    """The plan's process plan, with the first milestone after ``reference`` picked out."""
    from fremdrift.participation.models import Workshop

    milestones = list(
        Milestone.objects.filter(plan=plan, superseded_by__isnull=True)
        .select_related("forum", "meeting")
        .prefetch_related("initiatives")
    )
    initiative_ids = Initiative.objects.filter(
        Q(plan=plan) | Q(memberships__valid_to__isnull=True, memberships__area__plan=plan)
    ).values("pk")
    meetings = list(
        Meeting.objects.filter(items__initiatives__in=initiative_ids)
        .distinct()
        .select_related("forum")
    )
    dated = list(
        Initiative.objects.filter(
            pk__in=initiative_ids,
            archived_at__isnull=True,
            start_date__isnull=False,
            end_date__isnull=False,
        ).exclude(work_form="")
    )
    workshops = list(Workshop.objects.filter(plan=plan))
    forum_lanes: dict[int, Lane] = {}
    form_lanes: dict[str, Lane] = {}
    other = Lane("other", _("Other steps"), COLOURS["other"])

    def forum_lane(forum: object) -> Lane:
        if forum.pk not in forum_lanes:
            forum_lanes[forum.pk] = Lane(f"forum-{forum.pk}", forum.short_name, COLOURS["forum"])
        return forum_lanes[forum.pk]

    def form_lane(code: str) -> Lane:
        if code not in form_lanes:
            form_lanes[code] = Lane(
                code, str(WorkForm(code).label), COLOURS.get(code, COLOURS["other"])
            )
        return form_lanes[code]

    shown_meetings: set[tuple[int, dt.date]] = set()
    for milestone in milestones:
        entry = _milestone_entry(milestone)
        if milestone.forum_id:
            forum_lane(milestone.forum).entries.append(entry)
            shown_meetings.add((milestone.forum_id, milestone.date))
        else:
            code = _work_form_of(list(milestone.initiatives.all()))
            (form_lane(code) if code else other).entries.append(entry)
    for meeting in meetings:
        if (meeting.forum_id, meeting.date) in shown_meetings:
            continue
        end = meeting.end_date if meeting.end_date and meeting.end_date != meeting.date else None
        label = f"{meeting.forum.short_name} {meeting.date:%d.%m}"
        forum_lane(meeting.forum).entries.append(
            Entry(label, meeting.date, end, "meeting", meeting.get_absolute_url(), meeting.title)
        )
    for initiative in dated:
        form_lane(initiative.work_form).entries.append(
            Entry(
                str(initiative),
                initiative.start_date,
                initiative.end_date,
                "initiative",
                initiative.get_absolute_url(),
            )
        )
    for workshop in workshops:
        form_lane(WorkForm.THEME_WORKSHOP).entries.append(
            Entry(workshop.title, workshop.date, None, "workshop", workshop.get_absolute_url())
        )
    lanes = sorted(forum_lanes.values(), key=lambda lane: min(e.start for e in lane.entries))
    lanes += [form_lanes[code] for code in BAR_WORK_FORMS if code in form_lanes]
    if other.entries:
        lanes.append(other)
    for lane in lanes:
        lane.entries.sort(key=lambda e: (e.start, e.last))
    all_dates = [d for lane in lanes for e in lane.entries for d in (e.start, e.last)]
    if not all_dates:
        all_dates = [d for d in (plan.period_start, plan.period_end) if d]
    start = min(all_dates) if all_dates else reference
    end = max(all_dates) if all_dates else reference
    upcoming = sorted(
        (e for lane in lanes for e in lane.entries if e.is_milestone and e.start > reference),
        key=lambda e: e.start,
    )
    return Timeline(
        plan,
        start.replace(day=1),
        _month_end(end),
        lanes,
        reference,
        upcoming[0] if upcoming else None,
    )


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# --------------------------------------------------------------------------- SVG

WIDTH = 1120
LABEL_WIDTH = 150
ROW = 22
LANE_PAD = 8
HEAD = 34
CHAR = 7.1  # approximate width of a character at 13px


def _label_width(entry: Entry) -> float:
    return CHAR * min(len(entry.label), 48)


def _flipped(entry: Entry, x_of: object) -> bool:
    """A point's label goes to the left of its marker when it would leave the chart."""
    return entry.end is None and x_of(entry.start) + 9 + _label_width(entry) > WIDTH - 4


def _extent(entry: Entry, x_of: object) -> tuple[float, float]:
    x = x_of(entry.start)
    if entry.end is not None:
        return x, min(
            max(x_of(entry.end + dt.timedelta(days=1)), x + _label_width(entry) + 8), WIDTH
        )
    if _flipped(entry, x_of):
        return x - 9 - _label_width(entry), x + 7
    return x - 7, x + 9 + _label_width(entry)


def _rows(lane: Lane, x_of: object) -> list[tuple[Entry, int]]:
    """Place entries in rows so that they (and their labels) do not overlap."""
    ends: list[float] = []
    placed = []
    for entry in lane.entries:
        left, right = _extent(entry, x_of)
        for row, taken_until in enumerate(ends):
            if left > taken_until + 6:
                ends[row] = right
                break
        else:
            ends.append(right)
            row = len(ends) - 1
        placed.append((entry, row))
    return placed


def _label_step(px_per_day: float) -> int:
    """Label every month, or every 2nd, 3rd, 6th or 12th when the months are too narrow for
    their labels ("Sept 2021") to stand apart."""
    room = CHAR * len("Sept 2021") + 8
    for step in (1, 2, 3, 6, 12):
        if px_per_day * 28 * step >= room:
            return step
    return 12


def render_svg(timeline: Timeline) -> str:
    """The timeline as a standalone SVG document."""
    days = max((timeline.end - timeline.start).days + 1, 1)
    plot = WIDTH - LABEL_WIDTH - 20

    def x_of(day: dt.date) -> float:
        return LABEL_WIDTH + plot * (day - timeline.start).days / days

    layout = [(lane, _rows(lane, x_of)) for lane in timeline.lanes]
    heights = [
        LANE_PAD * 2 + ROW * (max((r for _e, r in rows), default=0) + 1) for _lane, rows in layout
    ]
    height = HEAD + sum(heights) + 10
    title = _("Process plan: %(plan)s") % {"plan": timeline.plan.title}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="group" aria-labelledby="tl-title" '
        f'font-family="Liberation Sans, Arial, sans-serif" font-size="13">',
        f'<title id="tl-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    step = _label_step(plot / days)
    month = timeline.start
    while month <= timeline.end:
        x = x_of(month)
        parts.append(
            f'<line x1="{x:.1f}" y1="{HEAD - 14}" x2="{x:.1f}" y2="{height - 10}" '
            f'stroke="#d9d9d9" stroke-width="1"/>'
        )
        if (month.month - 1) % step == 0:
            parts.append(
                f'<text x="{x + 3:.1f}" y="{HEAD - 18}" fill="#404040">'
                f"{escape(dateformat.format(month, 'M Y'))}</text>"
            )
        month = _month_end(month) + dt.timedelta(days=1)
    y = HEAD
    for (lane, rows), lane_height in zip(layout, heights, strict=True):
        parts.append(
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{lane_height}" '
            f'fill="{"#f4f7f8" if timeline.lanes.index(lane) % 2 == 0 else "#ffffff"}"/>'
        )
        parts.append(
            f'<text x="8" y="{y + LANE_PAD + 14}" font-weight="bold" '
            f'fill="{lane.colour}">{escape(lane.title)}</text>'
        )
        for entry, row in rows:
            parts.append(_entry_svg(entry, lane, x_of, y + LANE_PAD + row * ROW, timeline))
        y += lane_height
    if timeline.start <= timeline.reference <= timeline.end:
        x = x_of(timeline.reference)
        parts.append(
            f'<line x1="{x:.1f}" y1="{HEAD - 14}" x2="{x:.1f}" y2="{height - 10}" '
            f'stroke="#C62828" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _shorten(text: str, room: int) -> str:
    """``text`` in at most ``room`` characters, cut between words and ended with "…": the
    link's accessible name (the whole label) then contains what is shown, word for word."""
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 1)]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" :,;–-") + "…"


def _entry_svg(entry: Entry, lane: Lane, x_of: object, top: float, timeline: Timeline) -> str:
    x = x_of(entry.start)
    middle = top + ROW / 2
    tooltip = f"{entry.label} ({entry.start:%d.%m.%Y}"
    tooltip += f"–{entry.end:%d.%m.%Y})" if entry.end else ")"
    if entry.description:
        tooltip += f"\n{entry.description}"
    is_next = timeline.next_milestone is entry
    label = _shorten(entry.label, 48)
    weight = ' font-weight="bold"' if is_next else ""
    out = [f"<g><title>{escape(tooltip)}</title>"]
    if entry.end:
        width = max(x_of(entry.end + dt.timedelta(days=1)) - x, 3)
        dash = ' stroke-dasharray="3 2"' if entry.approximate else ""
        out.append(
            f'<rect x="{x:.1f}" y="{top + 3:.1f}" width="{width:.1f}" height="{ROW - 6}" '
            f'rx="3" fill="{lane.colour}" fill-opacity="0.18" '
            f'stroke="{lane.colour}"{dash}/>'
        )
        room = int((WIDTH - x - 8) / CHAR)
        text = _shorten(label, room)
        out.append(
            f'<text x="{x + 4:.1f}" y="{middle + 4:.1f}" fill="#1f1f1f"{weight}>'
            f"{escape(text)}</text>"
        )
    else:
        size = 6
        shape = "#C62828" if is_next else lane.colour
        out.append(
            f'<path d="M{x:.1f} {middle - size:.1f} L{x + size:.1f} {middle:.1f} '
            f'L{x:.1f} {middle + size:.1f} L{x - size:.1f} {middle:.1f} Z" fill="{shape}"/>'
        )
        if _flipped(entry, x_of):
            anchor, text_x = ' text-anchor="end"', x - 9
        else:
            anchor, text_x = "", x + 9
        out.append(
            f'<text x="{text_x:.1f}" y="{middle + 4:.1f}" fill="#1f1f1f"{anchor}{weight}>'
            f"{escape(label)}</text>"
        )
    out.append("</g>")
    if entry.url:
        return f"<a href={quoteattr(entry.url)} aria-label={quoteattr(tooltip)}>{''.join(out)}</a>"
    return "".join(out)
