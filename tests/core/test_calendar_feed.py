"""The secret calendar address: Outlook subscribes to the meetings of the user's forums
without a session; only a digest of the secret is kept; it can be made anew and revoked."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import AuditAction, Role
from fremdrift.core.models import AuditEvent, CalendarFeed
from fremdrift.governance import actions as governance_actions

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def forums(plan: Any) -> dict[str, Any]:
    """HMU serves the plan and meets on 10 December; AL serves no plan and meets too."""
    hmu = governance_actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", plans=[plan]
    )
    al = governance_actions.create_forum(by=ACTOR, short_name="AL", name="Afdelingsledelser")
    governance_actions.create_meeting(hmu, by=ACTOR, date=dt.date(2021, 12, 10), title="HMU-møde")
    governance_actions.create_meeting(al, by=ACTOR, date=dt.date(2021, 12, 11), title="AL-møde")
    return {"hmu": hmu, "al": al}


def _summaries(body: bytes) -> list[str]:
    calendar = Calendar.from_ical(body)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _address(user: Any) -> str:
    response = _logged_in(user).post("/accounts/calendar/", {"action": "create"})
    assert response.status_code == 200
    match = re.search(
        r'value="(http://testserver/governance/calendar/[^"]+\.ics)"', response.content.decode()
    )
    assert match, "the new address is shown once"
    return match.group(1).removeprefix("http://testserver")


def test_a_reader_subscribes_to_the_meetings_of_the_forums_of_their_plan(
    forums: Any, users: Any
) -> None:
    path = _address(users["reader"])
    response = Client().get(path)  # no session: a calendar program
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _summaries(response.content) == ["HMU: HMU-møde"]


def test_a_forum_member_gets_their_forum_and_a_stranger_nothing(
    forums: Any, users: Any, make_user: Any
) -> None:
    member = make_user("al_medlem")
    core_actions.grant_role(by=ACTOR, user=member, role=Role.FORUM_MEMBER, forum=forums["al"])
    assert _summaries(Client().get(_address(member)).content) == ["AL: AL-møde"]
    assert _summaries(Client().get(_address(users["nobody"])).content) == []


def test_only_a_digest_of_the_secret_is_kept_and_the_making_is_audited(
    forums: Any, users: Any
) -> None:
    path = _address(users["reader"])
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=users["reader"])
    assert feed.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(CalendarFeed.objects.values()))
    assert AuditEvent.objects.filter(
        object_type="core.calendarfeed", action=AuditAction.CREATED
    ).exists()
    Client().get(path)
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_a_new_address_stops_the_old_one_and_revoking_stops_both(forums: Any, users: Any) -> None:
    old = _address(users["reader"])
    new = _address(users["reader"])
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    response = _logged_in(users["reader"]).post("/accounts/calendar/", {"action": "revoke"})
    assert response.status_code == 302
    assert Client().get(new).status_code == 404
    assert (
        AuditEvent.objects.filter(
            object_type="core.calendarfeed", action=AuditAction.REVOKED
        ).count()
        == 2
    )


def test_an_unknown_address_and_a_deactivated_user_get_404(forums: Any, users: Any) -> None:
    assert Client().get("/governance/calendar/cal_not-a-real-secret-at-all.ics").status_code == 404
    path = _address(users["reader"])
    users["reader"].is_active = False
    users["reader"].save()
    assert Client().get(path).status_code == 404


def test_the_page_shows_whether_an_address_works_but_never_the_secret_again(
    forums: Any, users: Any
) -> None:
    path = _address(users["reader"])
    page = _logged_in(users["reader"]).get("/accounts/calendar/").content.decode()
    assert "Du har en kalenderadresse, der virker" in page
    assert path not in page
