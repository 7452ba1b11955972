"""ICS export of meetings: it parses back with the icalendar library."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from fremdrift.governance import actions

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list[Any]:
    calendar = Calendar.from_ical(body)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_a_meeting_downloads_as_one_event(meetings: Any, users: Any) -> None:
    client = Client()
    client.force_login(users["reader"])
    response = client.get(f"/governance/meetings/{meetings['december'].pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["summary"]) == "HMU: HMU-møde"
    start = event.decoded("dtstart")
    assert start == dt.datetime(2021, 12, 10, 9, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) in ("Europe/Copenhagen", "CET")
    assert event.decoded("dtend").hour == 12
    assert "Præhospitalet i dagtid" in str(event["description"])
    assert str(event["url"]).endswith(f"/governance/meetings/{meetings['december'].pk}/")


def test_a_meeting_without_time_is_an_all_day_event(meetings: Any, users: Any) -> None:
    client = Client()
    client.force_login(users["reader"])
    body = client.get(f"/governance/meetings/{meetings['november'].pk}/calendar.ics").content
    (event,) = _events(body)
    assert event.decoded("dtstart") == dt.date(2021, 11, 4)
    assert event.decoded("dtend") == dt.date(2021, 11, 5)
    assert str(event["location"]) == "Skovagervej 2"


def test_the_forum_feed_has_every_meeting_with_stable_uids(
    meetings: Any, forum: Any, users: Any
) -> None:
    client = Client()
    client.force_login(users["reader"])
    body = client.get(f"/governance/forums/{forum.pk}/calendar.ics").content
    events = _events(body)
    assert len(events) == 2
    assert len({str(e["uid"]) for e in events}) == 2
    again = _events(client.get(f"/governance/forums/{forum.pk}/calendar.ics").content)
    assert {str(e["uid"]) for e in events} == {str(e["uid"]) for e in again}
    assert Calendar.from_ical(body)["version"] == "2.0"


def test_someone_without_a_role_gets_no_calendar(meetings: Any, users: Any) -> None:
    client = Client()
    client.force_login(users["nobody"])
    response = client.get(f"/governance/meetings/{meetings['december'].pk}/calendar.ics")
    assert response.status_code == 404


def _by_month(body: bytes) -> dict[str, Any]:
    return {e.decoded("dtstart").strftime("%Y-%m"): e for e in _events(body)}


def test_a_cancelled_meeting_says_so_in_its_title_and_is_a_newer_version(
    meetings: Any, forum: Any, users: Any
) -> None:
    """Calendar programs that subscribe to a feed often ignore STATUS:CANCELLED: the title
    says "AFLYST", and a higher SEQUENCE makes them take the changed event."""
    client = Client()
    client.force_login(users["reader"])
    url = f"/governance/forums/{forum.pk}/calendar.ics"
    before = _by_month(client.get(url).content)
    assert int(before["2021-12"]["sequence"]) == 0
    actions.cancel_meeting(meetings["december"], by="test", reason="Sygdom")
    after = _by_month(client.get(url).content)
    december, november = after["2021-12"], after["2021-11"]
    assert str(december["summary"]) == "AFLYST: HMU: HMU-møde"
    assert str(december["status"]) == "CANCELLED"
    assert int(december["sequence"]) == 1
    assert str(december["uid"]) == str(before["2021-12"]["uid"])
    assert str(november["summary"]) == "HMU: HMU-møde"  # the other meeting is unchanged
    assert int(november["sequence"]) == 0
    assert "status" not in november


def test_a_cancellation_taken_back_is_a_newer_version_again(meetings: Any, users: Any) -> None:
    """Taking the cancellation back must not lower SEQUENCE: a client would keep the
    cancelled version."""
    client = Client()
    client.force_login(users["reader"])
    url = f"/governance/meetings/{meetings['december'].pk}/calendar.ics"
    actions.cancel_meeting(meetings["december"], by="test")
    (cancelled,) = _events(client.get(url).content)
    actions.reinstate_meeting(meetings["december"], by="test")
    (event,) = _events(client.get(url).content)
    assert str(event["summary"]) == "HMU: HMU-møde"
    assert "status" not in event
    assert int(event["sequence"]) > int(cancelled["sequence"]) == 1


def test_the_cancelled_prefix_follows_the_language(meetings: Any, users: Any) -> None:
    from django.conf import settings

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language the user chose
    client.force_login(users["reader"])
    actions.cancel_meeting(meetings["december"], by="test")
    body = client.get(f"/governance/meetings/{meetings['december'].pk}/calendar.ics").content
    (event,) = _events(body)
    assert str(event["summary"]) == "CANCELLED: HMU: HMU-møde"


def _feed_audit_queries(client: Client, url: str) -> tuple[bytes, int]:
    """The feed's body and how many queries it made of the audit trail."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    audit = [q for q in context.captured_queries if "auditevent" in q["sql"].lower()]
    return response.content, len(audit)


def test_a_moved_meeting_is_a_newer_version_in_one_query_for_the_feed(
    meetings: Any, forum: Any, users: Any
) -> None:
    """A calendar program that honours SEQUENCE keeps the old time of a moved meeting
    unless SEQUENCE rises: moving the date, the time or the place raises it, never lowers it."""
    client = Client()
    client.force_login(users["reader"])
    url = f"/governance/forums/{forum.pk}/calendar.ics"
    body, audit_queries = _feed_audit_queries(client, url)
    assert audit_queries == 1
    first = int(_by_month(body)["2021-12"]["sequence"])
    assert first == 0

    actions.update_meeting(meetings["december"], by="test", date=dt.date(2022, 1, 13))
    body, audit_queries = _feed_audit_queries(client, url)
    assert audit_queries == 1
    events = _by_month(body)
    moved = events["2022-01"]
    assert moved.decoded("dtstart") == dt.datetime(
        2022, 1, 13, 9, 0, tzinfo=moved["dtstart"].dt.tzinfo
    )
    assert int(moved["sequence"]) > first
    assert int(events["2021-11"]["sequence"]) == 0  # the other meeting did not move

    sequences = [int(moved["sequence"])]
    for change in (
        {"start_time": dt.time(10, 0)},
        {"end_time": dt.time(13, 0)},
        {"end_date": dt.date(2022, 1, 14)},
        {"place": "Olof Palmes Allé 15"},
    ):
        actions.update_meeting(meetings["december"], by="test", **change)
        body, audit_queries = _feed_audit_queries(client, url)
        assert audit_queries == 1
        sequences.append(int(_by_month(body)["2022-01"]["sequence"]))
    assert sequences == sorted(set(sequences)), sequences  # rose with every change

    actions.cancel_meeting(meetings["december"], by="test")
    actions.reinstate_meeting(meetings["december"], by="test")
    body, _count = _feed_audit_queries(client, url)
    assert int(_by_month(body)["2022-01"]["sequence"]) > sequences[-1]


def test_an_unchanged_edit_leaves_the_sequence(meetings: Any, users: Any) -> None:
    client = Client()
    client.force_login(users["reader"])
    url = f"/governance/meetings/{meetings['november'].pk}/calendar.ics"
    actions.update_meeting(meetings["november"], by="test", place="Skovagervej 2")  # as it was
    (event,) = _events(client.get(url).content)
    assert int(event["sequence"]) == 0


def test_the_event_says_when_the_meeting_last_changed(meetings: Any, users: Any) -> None:
    from django.utils import timezone

    from fremdrift.governance.models import Meeting

    created_at = timezone.now() - dt.timedelta(days=3)
    Meeting.objects.filter(pk=meetings["december"].pk).update(created_at=created_at)
    client = Client()
    client.force_login(users["reader"])
    url = f"/governance/meetings/{meetings['december'].pk}/calendar.ics"
    (event,) = _events(client.get(url).content)
    created = event.decoded("last-modified")
    assert abs(created - created_at) < dt.timedelta(seconds=1)  # never changed: its creation
    moved_at = timezone.now()
    actions.update_meeting(meetings["december"], by="test", place="Olof Palmes Allé 15")
    (event,) = _events(client.get(url).content)
    modified = event.decoded("last-modified")
    assert modified >= moved_at.replace(microsecond=0)
    assert modified > created
