"""Running a consultation in the browser's pages: create it, invite forums and units, the
invited people give their inputs by the deadline, and inputs go to the long-list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.core.choices import AuditAction, Role
from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions as governance_actions
from fremdrift.participation import actions
from fremdrift.participation.choices import CandidateSource, InputKind
from fremdrift.participation.models import Candidate, Consultation, ConsultationInput
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def al(make_user: Any) -> dict[str, Any]:
    """The forum AL, which serves no plan, with a member who reads no plan."""
    forum = governance_actions.create_forum(by=ACTOR, short_name="AL", name="Afdelingsledelser")
    member = make_user("al_medlem")
    from fremdrift.core import actions as core_actions

    core_actions.grant_role(by=ACTOR, user=member, role=Role.FORUM_MEMBER, forum=forum)
    return {"forum": forum, "member": member}


@pytest.fixture
def consultation(plan: Any, units: Any, al: Any) -> Consultation:
    return actions.create_consultation(
        by=ACTOR,
        title="Ny kompetencestrategi",
        plan=plan,
        description="Hvad har været godt, og hvad skal vi gøre fremover?",
        deadline=timezone.localdate() + dt.timedelta(days=14),
        forums=[al["forum"]],
        units=[units["department"]],
    )


def test_a_coordinator_creates_a_consultation_inviting_forums_and_units(
    plan: Any, units: Any, users: Any, al: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        "/participation/consultations/new/",
        {
            "title": "Ny kompetencestrategi",
            "plan": plan.slug,
            "description": "Hidtidige erfaringer og gode råd",
            "deadline": "2030-03-01",
            "forums": [al["forum"].pk],
            "units": [units["department"].pk],
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.deadline == dt.date(2030, 3, 1)
    assert sorted(i.invitee_name for i in consultation.invitations.all()) == [
        "AL",
        "Akutafdelingen Randers",
    ]
    event = AuditEvent.objects.get(object_type="participation.consultation")
    assert event.action == AuditAction.CREATED
    assert event.after["forums"] == ["AL"]


def test_an_invalid_consultation_form_says_what_is_wrong_in_danish_and_keeps_the_text(
    plan: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        "/participation/consultations/new/",
        {"title": "", "plan": plan.slug, "description": "Mine lange spørgsmål", "deadline": "1/3"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "En høring skal have en titel." in page
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in page or "ÅÅÅÅ-MM-DD" in page
    assert "Mine lange spørgsmål" in page
    assert not Consultation.objects.exists()


def test_a_coordinator_of_one_plan_cannot_start_a_consultation_without_a_plan(
    plan: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        "/participation/consultations/new/", {"title": "Uden plan"}
    )
    assert response.status_code == 200
    assert "Vælg den plan, høringen handler om." in response.content.decode()


def test_a_reader_may_not_create_a_consultation(users: Any) -> None:
    assert client_for(users["reader"]).get("/participation/consultations/new/").status_code == 403


def test_an_invited_forum_member_sees_the_consultation_and_gives_inputs(
    consultation: Consultation, al: Any
) -> None:
    client = client_for(al["member"])
    listing = client.get("/participation/consultations/").content.decode()
    assert "Giv input fra AL til “Ny kompetencestrategi”" in listing
    invitation = consultation.invitations.get(forum=al["forum"])
    response = client.post(
        invitation.get_absolute_url(),
        {
            "experiences": "Deeskalering var godt kursus\n• Safewards var godt kursus",
            "recommendations": "Vi kan blive bedre til at omsætte læring til praksis.",
        },
    )
    assert response.status_code == 302
    inputs = list(consultation.inputs.order_by("position"))
    assert [(i.source, i.kind, i.text) for i in inputs] == [
        ("AL", InputKind.EXPERIENCE, "Deeskalering var godt kursus"),
        ("AL", InputKind.EXPERIENCE, "Safewards var godt kursus"),
        ("AL", InputKind.RECOMMENDATION, "Vi kan blive bedre til at omsætte læring til praksis."),
    ]
    assert all(i.invitation == invitation and i.submitted_by == al["member"] for i in inputs)
    assert AuditEvent.objects.filter(object_type="participation.consultationinput").count() == 3
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Inputs fra AL" in page and "Safewards var godt kursus" in page


def test_the_editor_of_an_invited_unit_gives_inputs(
    consultation: Consultation, units: Any, make_user: Any
) -> None:
    editor = make_user("redaktoer_akut", Role.EDITOR, unit=units["department"])
    invitation = consultation.invitations.get(unit=units["department"])
    response = client_for(editor).post(
        invitation.get_absolute_url(), {"points": "Mere tværfaglighed"}
    )
    assert response.status_code == 302
    assert consultation.inputs.get().source == "Akutafdelingen Randers"


def test_people_of_forums_not_invited_cannot_give_inputs(
    consultation: Consultation, units: Any, users: Any, al: Any
) -> None:
    invitation = consultation.invitations.get(forum=al["forum"])
    # Reads the plan, so sees the consultation, but is not of the invited forum.
    assert client_for(users["reader"]).get(invitation.get_absolute_url()).status_code == 403
    # Sees nothing of it.
    assert client_for(users["nobody"]).get(invitation.get_absolute_url()).status_code == 404
    assert client_for(users["nobody"]).get(consultation.get_absolute_url()).status_code == 404


def test_an_empty_answer_is_refused_in_danish(consultation: Consultation, al: Any) -> None:
    invitation = consultation.invitations.get(forum=al["forum"])
    response = client_for(al["member"]).post(invitation.get_absolute_url(), {"points": "  \n "})
    assert response.status_code == 200
    assert "Skriv mindst ét input." in response.content.decode()
    assert not ConsultationInput.objects.exists()


def test_after_the_deadline_an_invitee_is_refused_but_keeps_the_text(
    consultation: Consultation, al: Any, users: Any
) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    invitation = consultation.invitations.get(forum=al["forum"])
    response = client_for(al["member"]).post(
        invitation.get_absolute_url(), {"recommendations": "Et sent men godt råd"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Fristen for input var" in page
    assert "Et sent men godt råd" in page
    assert not ConsultationInput.objects.exists()
    # The coordinator still records a late input.
    response = client_for(users["coordinator"]).post(
        invitation.get_absolute_url(), {"recommendations": "Et sent men godt råd"}
    )
    assert response.status_code == 302
    assert consultation.inputs.get().source == "AL"


def test_the_deadline_day_itself_still_counts(consultation: Consultation) -> None:
    consultation.deadline = dt.date(2022, 3, 1)
    assert not actions.is_past_deadline(consultation, today=dt.date(2022, 3, 1))
    assert actions.is_past_deadline(consultation, today=dt.date(2022, 3, 2))


def test_a_coordinator_edits_the_consultation_and_its_invitations(
    consultation: Consultation, units: Any, users: Any, al: Any
) -> None:
    invitation = consultation.invitations.get(forum=al["forum"])
    actions.give_inputs(invitation, by=al["member"], inputs=[("pointe", "LMU-involvering")])
    response = client_for(users["coordinator"]).post(
        f"/participation/consultations/{consultation.pk}/edit/",
        {
            "title": "Ny kompetencestrategi 2022",
            "description": "",
            "deadline": "2030-04-01",
            "units": [units["hr"].pk],
        },
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Ny kompetencestrategi 2022"
    assert [i.invitee_name for i in consultation.invitations.all()] == ["Koncern HR"]
    # The withdrawn forum's input stays.
    assert consultation.inputs.get().source == "AL"
    event = AuditEvent.objects.filter(
        object_type="participation.consultation", action=AuditAction.UPDATED
    ).get()
    assert event.before["forums"] == ["AL"] and event.after["forums"] == []


def test_chosen_inputs_go_to_the_long_list_once(
    consultation: Consultation, plan: Any, users: Any, al: Any
) -> None:
    invitation = consultation.invitations.get(forum=al["forum"])
    given = actions.give_inputs(
        invitation,
        by=al["member"],
        inputs=[("anbefaling", "Fortsat specialisering"), ("erfaring", "Gode kurser")],
    )
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    client = client_for(users["coordinator"])
    url = f"/participation/consultations/{consultation.pk}/to-long-list/"
    body = {"long_list": long_list.pk, "inputs": [given[0].pk]}
    assert client.post(url, body).status_code == 302
    assert client.post(url, body).status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.title == "Fortsat specialisering"
    assert candidate.source == CandidateSource.CONSULTATION
    assert candidate.consultation_input == given[0]
    # A reader of the plan may see but not change the long-list.
    assert client_for(users["reader"]).post(url, body).status_code == 403


def test_the_coordinator_is_not_asked_for_inputs_to_their_own_consultation(
    consultation: Consultation, users: Any
) -> None:
    page = client_for(users["coordinator"]).get("/participation/consultations/").content
    assert "Du er bedt om input" not in page.decode()
    assert "Ny kompetencestrategi" in page.decode()


def test_the_form_for_new_inputs_has_its_own_heading_below_those_already_given(
    consultation: Consultation, al: Any
) -> None:
    invitation = consultation.invitations.get(forum=al["forum"])
    actions.give_inputs(invitation, by=al["member"], inputs=[("erfaring", "Gode kurser")])
    page = client_for(al["member"]).get(invitation.get_absolute_url()).content.decode()
    given = page.index("Input, der allerede er givet")
    heading = page.index(">Nye input</h2>")
    assert given < page.index("Gode kurser") < heading < page.index("<textarea")
