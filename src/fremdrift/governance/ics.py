"""ICS calendar export of meetings: one meeting, or a forum's feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from fremdrift.core.models import AuditEvent
from fremdrift.governance.models import Meeting

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _uid(meeting: Meeting) -> str:
    host = settings.FREMDRIFT_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "fremdrift"
    return f"meeting-{meeting.pk}@{host}"


def cancellations(meetings: Iterable[Meeting]) -> dict[int, int]:
    """Per meeting: how often it was cancelled or its cancellation taken back (the audit
    trail's events that changed ``cancelled_at``), in one query."""
    ids = [str(m.pk) for m in meetings]
    counts: dict[int, int] = {}
    events = AuditEvent.objects.filter(
        object_type=Meeting._meta.label_lower,
        object_id__in=ids,
        after__has_key="cancelled_at",
    ).values_list("object_id", flat=True)
    for object_id in events:
        counts[int(object_id)] = counts.get(int(object_id), 0) + 1
    return counts


def sequence(meeting: Meeting, changes: int | None = None) -> int:
    """The event's SEQUENCE: 0, raised by each cancellation and each one taken back, so a
    subscribed calendar takes the new version (it never goes down). ``changes`` is the
    meeting's count from :func:`cancellations` (looked up when not given)."""
    if changes is None:
        changes = cancellations([meeting]).get(meeting.pk, 0)
    if meeting.cancelled_at is not None:
        changes = max(changes, 1)  # cancelled without a trace in the audit trail
    return changes


def meeting_event(meeting: Meeting, changes: int | None = None) -> Event:
    """One meeting as a calendar event: all-day unless it has a start time. A cancelled
    meeting says so in its title too ("AFLYST: "), since calendar programs that subscribe
    to a feed often ignore STATUS:CANCELLED."""
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("sequence", sequence(meeting, changes))
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
    changes = cancellations(meetings)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, changes.get(meeting.pk, 0)))
    return cal.to_ical()
