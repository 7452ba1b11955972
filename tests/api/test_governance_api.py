"""The API of the meeting cycle: the cycle through the API under the pages' access policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.governance import actions
from fremdrift.governance.models import ActionItem, Decision

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def forum(plan: Any, units: Any) -> Any:
    return actions.create_forum(by=ACTOR, short_name="HMU", name="Hoved-MED", plans=[plan])


@pytest.fixture
def meeting(forum: Any) -> Any:
    return actions.create_meeting(
        forum, by=ACTOR, date=timezone.localdate() + dt.timedelta(days=20)
    )


def test_the_cycle_through_the_api(api_as, users, plan, meeting, units):
    coordinator = api_as(users["coordinator"])
    shared = plan.initiatives_by_key["shared"]
    deadline = (meeting.date - dt.timedelta(days=5)).isoformat()
    prepared = coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/prepare/",
        {"plans": [plan.pk], "deadline": deadline},
        format="json",
    )
    assert prepared.status_code == 201, prepared.content
    rounds = coordinator.get(f"/api/v1/rounds/?meeting={meeting.pk}").json()["results"]
    assert len(rounds) == 1 and rounds[0]["meeting"] == meeting.pk
    # The hospital's editor sees only the request they answer, and answers it.
    editor = api_as(users["editor_hospital"])
    mine = editor.get(f"/api/v1/rounds/{rounds[0]['id']}/").json()["requests"]
    assert [r["initiative"] for r in mine] == [shared.pk]
    answered = editor.post(
        f"/api/v1/rounds/{rounds[0]['id']}/answers/",
        {"request": mine[0]["id"], "kind": "unchanged"},
        format="json",
    )
    assert answered.status_code == 201, answered.content
    # The meeting: an agenda item, attendance, a group answer, a decision, an action item.
    item = coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/items/",
        {
            "title": "Præhospitalet",
            "kind": "beslutning",
            "initiatives": [shared.pk],
            "questions": ["Hvad er vigtigt?"],
        },
        format="json",
    ).json()["items"][0]
    coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"attendance": [{"name": "Hanne", "status": "present"}]},
        format="json",
    )
    coordinator.post(
        f"/api/v1/meetings/{meeting.pk}/group-answers/",
        {
            "item": item["id"],
            "question": item["questions"][0]["id"],
            "group": "Bord 1",
            "text": "Tid",
        },
        format="json",
    )
    body = coordinator.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["attendance"] == [{"name": "Hanne", "status": "present", "member": None}]
    assert body["items"][0]["group_answers"][0]["group"] == "Bord 1"
    decision = coordinator.post(
        "/api/v1/decisions/",
        {"item": item["id"], "text": "Godkendt.", "outcome": "approved"},
        format="json",
    )
    assert decision.status_code == 201, decision.content
    corrected = coordinator.post(
        f"/api/v1/decisions/{decision.json()['id']}/correct/",
        {"text": "Udsat.", "outcome": "deferred"},
        format="json",
    )
    assert corrected.json()["supersedes"] == decision.json()["id"]
    assert Decision.objects.get(pk=decision.json()["id"]).superseded_by.text == "Udsat."
    created = coordinator.post(
        "/api/v1/action-items/",
        {"meeting": meeting.pk, "text": "Beskriv weekender", "owner_unit": units["hospital"].pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    # The owner unit's editor marks it done; another unit's editor may not see it.
    pk = created.json()["id"]
    assert api_as(users["editor_hr"]).patch(
        f"/api/v1/action-items/{pk}/", {"done": True}, format="json"
    ).status_code in (403, 404)
    done = editor.patch(f"/api/v1/action-items/{pk}/", {"done": True}, format="json")
    assert done.status_code == 200 and done.json()["done"] is True
    assert ActionItem.objects.get(pk=pk).done_at is not None


def test_a_round_deadline_after_the_meeting_is_refused(api_as, users, plan, meeting):
    response = api_as(users["coordinator"]).post(
        "/api/v1/rounds/",
        {
            "plan": plan.pk,
            "title": "Runde",
            "deadline": meeting.date.isoformat(),
            "meeting": meeting.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "deadline" in response.json()


def test_hidden_initiatives_are_left_out_of_meetings(api_as, users, plan, meeting, make_user):
    from fremdrift.portfolio import actions as portfolio_actions

    other = portfolio_actions.create_plan(by=ACTOR, slug="anden", title="Anden")
    hidden = portfolio_actions.create_initiative(other, by=ACTOR, title="Skjult")
    actions.add_agenda_item(
        meeting, by=ACTOR, title="Blandet", kind="orientering", initiatives=[hidden]
    )
    body = api_as(users["reader"]).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["items"][0]["initiatives"] == []
    assert api_as(users["nobody"]).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_the_api_records_no_decision_on_a_cancelled_meeting(api_as, users, plan, meeting):
    item = actions.add_agenda_item(meeting, by=ACTOR, title="Vinterplanen", kind="beslutning")
    actions.cancel_meeting(meeting, by=ACTOR, reason="Sygdom")
    response = api_as(users["coordinator"]).post(
        "/api/v1/decisions/",
        {"item": item.pk, "text": "Godkendt.", "outcome": "approved"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "Mødet er aflyst" in response.content.decode()
    assert not Decision.objects.exists()
