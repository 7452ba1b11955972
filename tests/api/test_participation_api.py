"""The API of participation: workshops, consultations with inputs, long-lists and
candidates, under the same rules as the pages and audited as API changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Channel, Role
from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions as governance_actions
from fremdrift.participation import actions
from fremdrift.participation.models import Candidate, Consultation, Workshop

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_a_coordinator_records_and_corrects_a_workshop(api_as: Any, users: Any, plan: Any) -> None:
    api = api_as(users["coordinator"])
    response = api.post(
        "/api/v1/workshops/",
        {
            "plan": plan.pk,
            "title": "Faggruppeworkshop",
            "date": "2021-11-02",
            "participants": [{"profession": "overlæger", "count": 6}],
            "challenges": ["For lidt tid"],
            "recommendations": ["Flere SPV'er"],
            "initiatives": [plan.initiatives_by_key["shared"].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["participants"] == [{"profession": "overlæger", "count": 6, "note": ""}]
    assert body["recommendations"] == ["Flere SPV'er"]
    response = api.patch(
        f"/api/v1/workshops/{body['id']}/",
        {"recommendations": ["Flere SPV'er", "Fælles sprog"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["recommendations"] == ["Flere SPV'er", "Fælles sprog"]
    assert body["challenges"] == ["For lidt tid"]
    assert body["participants"][0]["count"] == 6
    events = AuditEvent.objects.filter(object_type="participation.workshop")
    assert {e.channel for e in events} == {Channel.API}


def test_a_reader_reads_workshops_but_may_not_write_them(
    api_as: Any, users: Any, plan: Any
) -> None:
    workshop = actions.create_workshop(plan, by=ACTOR, title="W", date=dt.date(2021, 11, 2))
    api = api_as(users["reader"])
    assert api.get("/api/v1/workshops/").json()["count"] == 1
    response = api.patch(f"/api/v1/workshops/{workshop.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 403
    assert api_as(users["nobody"]).get(f"/api/v1/workshops/{workshop.pk}/").status_code == 404
    assert Workshop.objects.get().title == "W"


@pytest.fixture
def al(make_user: Any) -> dict[str, Any]:
    forum = governance_actions.create_forum(by=ACTOR, short_name="AL", name="Afdelingsledelser")
    member = make_user("al_medlem")
    core_actions.grant_role(by=ACTOR, user=member, role=Role.FORUM_MEMBER, forum=forum)
    return {"forum": forum, "member": member}


def test_a_consultation_is_started_and_the_invited_forum_gives_inputs(
    api_as: Any, users: Any, plan: Any, al: Any
) -> None:
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = api_as(users["coordinator"]).post(
        "/api/v1/consultations/",
        {
            "title": "Kompetencestrategi",
            "plan": plan.pk,
            "deadline": deadline,
            "forums": [al["forum"].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [i["name"] for i in body["invitations"]] == ["AL"]
    invitation = body["invitations"][0]["id"]
    member = api_as(al["member"])
    response = member.post(
        f"/api/v1/consultations/{body['id']}/inputs/",
        {"invitation": invitation, "kind": "anbefaling", "text": "Læring tæt på praksis"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "AL"
    listed = member.get(f"/api/v1/consultations/{body['id']}/").json()
    assert [i["text"] for i in listed["inputs"]] == ["Læring tæt på praksis"]
    # Without an invitation only the coordinators record inputs.
    response = member.post(
        f"/api/v1/consultations/{body['id']}/inputs/",
        {"source": "LMU", "kind": "pointe", "text": "Godt"},
        format="json",
    )
    assert response.status_code == 403


def test_an_invitee_is_refused_after_the_deadline_but_a_coordinator_is_not(
    api_as: Any, users: Any, plan: Any, al: Any
) -> None:
    consultation = actions.create_consultation(
        by=ACTOR,
        title="Sen høring",
        plan=plan,
        deadline=timezone.localdate() - dt.timedelta(days=1),
        forums=[al["forum"]],
    )
    invitation = consultation.invitations.get()
    body = {"invitation": invitation.pk, "kind": "anbefaling", "text": "For sent"}
    url = f"/api/v1/consultations/{consultation.pk}/inputs/"
    assert api_as(al["member"]).post(url, body, format="json").status_code == 400
    assert api_as(users["coordinator"]).post(url, body, format="json").status_code == 201
    assert Consultation.objects.get().inputs.count() == 1


def test_a_coordinator_scores_a_candidate_within_the_scale(
    api_as: Any, users: Any, plan: Any
) -> None:
    api = api_as(users["coordinator"])
    response = api.post("/api/v1/long-lists/", {"plan": plan.pk, "title": "Bruttoliste"})
    assert response.status_code == 201, response.content
    long_list = response.json()
    assert (long_list["scale_min"], long_list["scale_max"]) == (1, 5)
    response = api.post(
        "/api/v1/candidates/", {"long_list": long_list["id"], "title": "Psyko-bussen"}
    )
    assert response.status_code == 201, response.content
    candidate = response.json()["id"]
    url = f"/api/v1/candidates/{candidate}/"
    assert api.patch(url, {"x_score": 9}, format="json").status_code == 400
    response = api.patch(url, {"x_score": 4, "status": "selected"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["x_score"], response.json()["status"]) == (4, "selected")
    shown = api.get(f"/api/v1/long-lists/{long_list['id']}/").json()
    assert shown["candidates"][0]["x_score"] == 4
    assert api_as(users["reader"]).patch(url, {"y_score": 2}, format="json").status_code == 403
    assert Candidate.objects.get().y_score is None


def test_a_consultation_input_goes_on_the_long_list_through_the_api(
    api_as: Any, users: Any, plan: Any
) -> None:
    consultation = actions.create_consultation(by=ACTOR, title="Høring", plan=plan)
    entry = actions.add_consultation_input(
        consultation, by=ACTOR, source="AL", kind="anbefaling", text="Fortsat specialisering"
    )
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    response = api_as(users["coordinator"]).post(
        "/api/v1/candidates/",
        {"long_list": long_list.pk, "title": entry.text, "consultation_input": entry.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "consultation"


def test_a_new_candidate_with_a_score_off_the_scale_is_not_created(
    api_as: Any, users: Any, plan: Any
) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    response = api_as(users["coordinator"]).post(
        "/api/v1/candidates/",
        {"long_list": long_list.pk, "title": "Psyko-bussen", "x_score": 9},
        format="json",
    )
    assert response.status_code == 400
    assert not Candidate.objects.exists()
