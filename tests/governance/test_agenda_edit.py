"""Editing and removing agenda items, and cancelling meetings: the groups' answers stay
with their questions, nothing recorded is lost silently."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions, cycle, minutes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _edit_form(item: Any, **changes: str) -> dict[str, Any]:
    from fremdrift.governance.forms import questions_text

    data = {
        "title": item.title,
        "kind": item.kind,
        "presenter": item.presenter,
        "duration_minutes": item.duration_minutes or "",
        "description": item.description,
        "discussion_minutes": item.discussion_minutes or "",
        "questions": questions_text(item),
        "initiatives": [i.pk for i in item.initiatives.all()],
    }
    data.update(changes)
    return data


@pytest.fixture
def answered(meetings: dict[str, Any]) -> dict[str, Any]:
    """Bord 1 answered question 1, Bord 2 question 2."""
    item = meetings["item"]
    first, second = item.questions.all()
    cycle.record_group_answer(item, by=ACTOR, group="Bord 1", text="Tryghed", question=first)
    cycle.record_group_answer(item, by=ACTOR, group="Bord 2", text="Tid", question=second)
    return {"item": item, "first": first, "second": second, **meetings}


def test_changing_only_the_presenter_keeps_the_answers_under_their_questions(answered, users):
    item = answered["item"]
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{item.pk}/edit/", _edit_form(item, presenter="Anne Andersen")
    )
    assert response.status_code == 302
    answers = {a.group: a.question for a in item.group_answers.all()}
    assert answers == {"Bord 1": answered["first"], "Bord 2": answered["second"]}
    built = minutes.build_minutes(answered["december"], None)
    headings = [question for question, _answers in built.items[-1].answers]
    assert headings == ["Hvad er vigtigt?", "Hvad mangler?"]


def test_rewording_a_question_keeps_its_answers(answered):
    item = answered["item"]
    actions.update_agenda_item(
        item, by=ACTOR, questions=["Hvad er allervigtigst?", ("Hvad mangler?", 10)]
    )
    first = item.group_answers.get(group="Bord 1").question
    assert first.pk == answered["first"].pk and first.text == "Hvad er allervigtigst?"
    assert item.group_answers.get(group="Bord 2").question == answered["second"]


def test_a_new_question_is_added_without_moving_the_answers(answered):
    item = answered["item"]
    actions.update_agenda_item(
        item, by=ACTOR, questions=["Ny første?", "Hvad er vigtigt?", ("Hvad mangler?", 10)]
    )
    assert [q.text for q in item.questions.all()] == [
        "Ny første?",
        "Hvad er vigtigt?",
        "Hvad mangler?",
    ]
    assert item.group_answers.get(group="Bord 1").question == answered["first"]
    assert item.group_answers.get(group="Bord 2").question == answered["second"]


def test_removing_a_question_the_groups_answered_is_refused(answered, users):
    item = answered["item"]
    with pytest.raises(ValidationError):
        actions.update_agenda_item(item, by=ACTOR, questions=["Hvad er vigtigt?"])
    assert item.questions.count() == 2
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{item.pk}/edit/", _edit_form(item, questions="Hvad er vigtigt?")
    )
    assert response.status_code == 200
    assert "har svar fra grupperne" in response.content.decode()
    assert item.group_answers.get(group="Bord 2").question == answered["second"]


def test_a_question_without_answers_can_be_removed(meetings):
    item = meetings["item"]
    actions.update_agenda_item(item, by=ACTOR, questions=["Hvad er vigtigt?"])
    assert [q.text for q in item.questions.all()] == ["Hvad er vigtigt?"]
    assert AuditEvent.objects.filter(action="updated").exists()


# --------------------------------------------------------------------------- removing items


def test_an_agenda_item_is_removed_after_confirmation_and_the_rest_renumbered(meetings, users):
    meeting = meetings["december"]
    second = actions.add_agenda_item(meeting, by=ACTOR, title="Eventuelt", kind="orientering")
    first = meetings["item"]
    client = client_for(users["coordinator"])
    confirm = client.get(f"/governance/items/{first.pk}/remove/")
    assert confirm.status_code == 200
    assert "Fjern punktet" in confirm.content.decode()
    assert meeting.items.count() == 2  # asking changes nothing
    response = client.post(f"/governance/items/{first.pk}/remove/")
    assert response.status_code == 302
    assert [(i.pk, i.number) for i in meeting.items.all()] == [(second.pk, 1)]
    event = AuditEvent.objects.filter(action="deleted", object_type="governance.agendaitem").get()
    assert event.before["title"] == "Præhospitalet i dagtid"


def test_an_item_of_approved_minutes_cannot_be_removed(meetings, users):
    item = meetings["item"]
    cycle.approve_minutes(meetings["december"], by=ACTOR)
    response = client_for(users["coordinator"]).post(f"/governance/items/{item.pk}/remove/")
    assert response.status_code == 200
    assert "referatet er godkendt" in response.content.decode()
    assert item.meeting.items.filter(pk=item.pk).exists()


def test_an_item_with_a_decision_cannot_be_removed(meetings, users):
    item = meetings["item"]
    actions.record_decision(item, by=ACTOR, text="Godkendt.", outcome="approved")
    with pytest.raises(ValidationError):
        actions.remove_agenda_item(item, by=ACTOR)


def test_a_reader_cannot_remove_an_item(meetings, users):
    item = meetings["item"]
    response = client_for(users["reader"]).post(f"/governance/items/{item.pk}/remove/")
    assert response.status_code in (403, 404)
    assert item.meeting.items.filter(pk=item.pk).exists()


# --------------------------------------------------------------------------- cancelling


def test_a_cancelled_meeting_is_marked_kept_and_left_out_of_the_next_pack(meetings, users):
    from fremdrift.governance import pack

    november, december = meetings["november"], meetings["december"]
    client = client_for(users["coordinator"])
    assert client.get(f"/governance/meetings/{november.pk}/cancel/").status_code == 200
    response = client.post(
        f"/governance/meetings/{november.pk}/cancel/", {"reason": "For få punkter"}
    )
    assert response.status_code == 302
    november.refresh_from_db()
    assert november.cancelled_at is not None and november.cancel_reason == "For få punkter"
    page = client_for(users["reader"]).get(november.get_absolute_url()).content.decode()
    assert "Aflyst" in page
    listing = client_for(users["reader"]).get("/governance/meetings/").content.decode()
    assert "Aflyst" in listing
    assert pack.build_pack(december, users["coordinator"]).previous is None
    assert actions.previous_meeting(december) is None
    ics = client_for(users["reader"]).get(f"/governance/meetings/{november.pk}/calendar.ics")
    assert b"STATUS:CANCELLED" in ics.content
    assert AuditEvent.objects.filter(
        object_type="governance.meeting", object_id=str(november.pk), action="updated"
    ).exists()


def test_a_reader_cannot_cancel_a_meeting(meetings, users):
    november = meetings["november"]
    response = client_for(users["reader"]).post(f"/governance/meetings/{november.pk}/cancel/")
    assert response.status_code in (403, 404)
    november.refresh_from_db()
    assert november.cancelled_at is None
