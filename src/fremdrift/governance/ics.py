"""ICS calendar export of meetings: one meeting, or a forum's feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from fremdrift.core.choices import AuditAction
from fremdrift.core.models import AuditEvent
from fremdrift.governance.models import Meeting

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _uid(meeting: Meeting) -> str:
    host = settings.FREMDRIFT_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "fremdrift"
    return f"meeting-{meeting.pk}@{host}"


# The fields of a meeting a calendar event shows: a recorded change of any of them makes a
# newer version of the event (``update_meeting`` records only the fields that changed).
EVENT_FIELDS = ("title", "date", "end_date", "start_time", "end_time", "place")


@dataclass(frozen=True)
class Changes:
    """What the audit trail knows of a meeting's changes since it was created."""

    count: int = 0  # cancellations, cancellations taken back, moves and other edits
    last_at: dt.datetime | None = None  # the newest of them


def changes(meetings: Iterable[Meeting]) -> dict[int, Changes]:
    """Per meeting: how often it was cancelled, its cancellation taken back, or its title,
    date, times, last day or place changed (the audit trail's events that changed
    ``cancelled_at`` or a field the event shows), and when last; in one query."""
    ids = [str(m.pk) for m in meetings]
    if not ids:
        return {}
    events = (
        AuditEvent.objects.filter(object_type=Meeting._meta.label_lower, object_id__in=ids)
        .filter(
            Q(after__has_key="cancelled_at")
            | Q(action=AuditAction.UPDATED, after__has_any_keys=list(EVENT_FIELDS))
        )
        .order_by()
        .values_list("object_id", "at")
    )
    result: dict[int, Changes] = {}
    for object_id, at in events:
        known = result.get(int(object_id), Changes())
        last = at if known.last_at is None else max(at, known.last_at)
        result[int(object_id)] = Changes(known.count + 1, last)
    return result


def sequence(meeting: Meeting, known: int | Changes | None = None) -> int:
    """The event's SEQUENCE: 0, raised by each cancellation and each one taken back and by
    each change of what the event shows (a moved meeting), so a subscribed calendar takes
    the new version (it never goes down: audit events are never removed). ``known`` is
    the meeting's entry from :func:`changes` (looked up when not given)."""
    if known is None:
        known = changes([meeting]).get(meeting.pk, Changes())
    count = known.count if isinstance(known, Changes) else known
    if meeting.cancelled_at is not None:
        count = max(count, 1)  # cancelled without a trace in the audit trail
    return count


def last_modified(meeting: Meeting, known: Changes | None = None) -> dt.datetime:
    """When the event last changed (LAST-MODIFIED, in UTC): its newest recorded change,
    else its creation."""
    moments = [meeting.created_at]
    if known is not None and known.last_at is not None:
        moments.append(known.last_at)
    if meeting.cancelled_at is not None:
        moments.append(meeting.cancelled_at)
    return max(moments).astimezone(dt.UTC)


def meeting_event(meeting: Meeting, known: Changes | None = None) -> Event:
    """One meeting as a calendar event: all-day unless it has a start time. A cancelled
    meeting says so in its title too ("AFLYST: "), since calendar programs that subscribe
    to a feed often ignore STATUS:CANCELLED."""
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    if known is None:
        known = changes([meeting]).get(meeting.pk, Changes())
    event.add("sequence", sequence(meeting, known))
    event.add("last-modified", last_modified(meeting, known))
    summary = f"{meeting.forum.short_name}: {meeting.title or meeting.forum.name}"
    if meeting.cancelled_at is not None:
        summary = _("CANCELLED: ") + summary
    event.add("summary", summary)
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=COPENHAGEN)
        end_time = (
            meeting.end_time
            or (dt.datetime.combine(dt.date.min, meeting.start_time) + dt.timedelta(hours=2)).time()
        )
        end = dt.datetime.combine(meeting.last_day, end_time, tzinfo=COPENHAGEN)
        if end <= start:
            end = start + dt.timedelta(hours=1)
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.last_day + dt.timedelta(days=1))
    if meeting.cancelled_at is not None:
        event.add("status", "CANCELLED")
    if meeting.place:
        event.add("location", meeting.place)
    agenda = [
        f"{item.number}. {item.title} ({item.get_kind_display()})" for item in meeting.items.all()
    ]
    if agenda:
        event.add("description", "\n".join(agenda))
    event.add("url", settings.FREMDRIFT_BASE_URL.rstrip("/") + meeting.get_absolute_url())
    return event


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    """A calendar with the given meetings (prefetch their items and forum)."""
    cal = Calendar()
    cal.add("prodid", "-//Fremdrift//Governance//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    meetings = list(meetings)
    known = changes(meetings)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, known.get(meeting.pk, Changes())))
    return cal.to_ical()
