"""The governance actions: forums, meetings, agenda items, decisions and milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions
from fremdrift.governance.models import Decision
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import Initiative, StatusUpdate

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_a_forum_short_name_is_unique_regardless_of_case(forum: Any) -> None:
    with pytest.raises(ValidationError):
        actions.create_forum(by=ACTOR, short_name="hmu", name="Andet")


def test_members_are_added_in_order_and_audited(forum: Any) -> None:
    actions.add_forum_member(forum, by=ACTOR, name="Anne Formand", role_title="Formand")
    actions.add_forum_member(forum, by=ACTOR, name="Bo Næstformand")
    assert [m.name for m in forum.members.all()] == ["Anne Formand", "Bo Næstformand"]
    assert AuditEvent.objects.filter(object_type="governance.forummember").count() == 2


def test_a_meeting_cannot_end_before_it_starts(forum: Any) -> None:
    with pytest.raises(ValidationError) as error:
        actions.create_meeting(
            forum, by=ACTOR, date=dt.date(2021, 11, 23), end_date=dt.date(2021, 11, 22)
        )
    assert "end_date" in error.value.message_dict


def test_agenda_items_are_numbered_in_order_and_keep_their_questions(meetings: Any) -> None:
    item = meetings["item"]
    assert item.number == 1
    assert [(q.text, q.minutes) for q in item.questions.all()] == [
        ("Hvad er vigtigt?", None),
        ("Hvad mangler?", 10),
    ]
    second = actions.add_agenda_item(
        meetings["december"], by=ACTOR, title="Eventuelt", kind="orientering"
    )
    assert second.number == 2
    with pytest.raises(ValidationError):
        actions.add_agenda_item(
            meetings["december"], by=ACTOR, title="Dublet", kind="orientering", number=2
        )


def test_an_agenda_item_needs_a_known_kind(meetings: Any) -> None:
    with pytest.raises(ValidationError):
        actions.add_agenda_item(meetings["december"], by=ACTOR, title="X", kind="hemmelig")


def test_updating_an_agenda_item_replaces_questions_and_is_audited(meetings: Any) -> None:
    item = meetings["item"]
    actions.update_agenda_item(
        item, by=ACTOR, questions=["Kun ét spørgsmål (5 min.)"], title="Nyt navn"
    )
    assert [q.text for q in item.questions.all()] == ["Kun ét spørgsmål (5 min.)"]
    event = AuditEvent.objects.filter(object_type="governance.agendaitem", action="updated").first()
    assert event.after["title"] == "Nyt navn"


def test_minutes_are_recorded_and_audited(meetings: Any) -> None:
    actions.record_minutes(meetings["item"], by=ACTOR, text="HMU drøftede forslaget.")
    meetings["item"].refresh_from_db()
    assert meetings["item"].minutes == "HMU drøftede forslaget."
    assert AuditEvent.objects.filter(after__minutes="HMU drøftede forslaget.").exists()


def test_a_decision_moves_the_phase_and_the_history_and_audit_show_it(
    meetings: Any, plan: Any, users: Any
) -> None:
    shared = plan.initiatives_by_key["shared"]
    decision = actions.record_decision(
        meetings["item"],
        by=users["coordinator"],
        outcome="phase_change",
        phase="udbredelse",
        text="HMU beslutter at udbrede til alle afdelinger.",
    )
    shared = Initiative.objects.get(pk=shared.pk)
    assert shared.phase == "udbredelse"
    update = StatusUpdate.objects.filter(initiative=shared).latest()
    assert update.note == "Fase ændret ved beslutning i HMU 10.12.2021"
    assert update.link == decision.get_absolute_url()
    assert update.link.endswith(f"#decision-{decision.pk}")
    assert update.status_date == dt.date(2021, 12, 10)
    assert update.author == users["coordinator"]
    assert AuditEvent.objects.filter(
        object_type="governance.decision", object_id=str(decision.pk), action="decision_recorded"
    ).exists()
    status_event = AuditEvent.objects.filter(
        object_type="portfolio.initiative", action="status_recorded"
    ).first()
    assert status_event.after["phase"] == "udbredelse"
    assert status_event.note == update.note
    assert decision.applied and list(decision.initiatives.all()) == [shared]


def test_the_history_note_is_in_the_organisations_language_whatever_the_users(
    meetings: Any, plan: Any
) -> None:
    with translation.override("en"):
        actions.record_decision(
            meetings["item"], by=ACTOR, outcome="approved", phase="implementering", text="Godkendt."
        )
    update = StatusUpdate.objects.filter(initiative=plan.initiatives_by_key["shared"]).latest()
    assert update.note.startswith("Fase ændret ved beslutning i HMU")


def test_a_decision_clears_a_target_phase_it_reaches(meetings: Any, plan: Any) -> None:
    shared = plan.initiatives_by_key["shared"]
    portfolio_actions.edit_initiative(
        shared, by=ACTOR, seen_version=None, changes={"phase_target": "implementering"}
    )
    actions.record_decision(
        meetings["item"], by=ACTOR, outcome="phase_change", phase="udbredelse", text="Udbredes."
    )
    shared.refresh_from_db()
    assert (shared.phase, shared.phase_target) == ("udbredelse", "")


def test_a_decision_can_change_the_work_form(meetings: Any, plan: Any) -> None:
    shared = plan.initiatives_by_key["shared"]
    actions.record_decision(
        meetings["item"],
        by=ACTOR,
        outcome="phase_change",
        work_form="afdækning",
        text="Kræver en større afdækning.",
    )
    shared.refresh_from_db()
    assert shared.work_form == "afdækning"
    event = AuditEvent.objects.filter(object_type="portfolio.initiative", action="updated").first()
    assert event.after == {"work_form": "afdækning"}


def test_an_approval_without_a_phase_leaves_the_initiative_alone(meetings: Any, plan: Any) -> None:
    shared = plan.initiatives_by_key["shared"]
    version = Initiative.objects.get(pk=shared.pk).version
    decision = actions.record_decision(
        meetings["item"], by=ACTOR, outcome="approved", text="Godkendt."
    )
    assert not decision.applied
    assert Initiative.objects.get(pk=shared.pk).version == version


def test_a_phase_change_needs_a_phase_or_work_form(meetings: Any) -> None:
    with pytest.raises(ValidationError) as error:
        actions.record_decision(meetings["item"], by=ACTOR, outcome="phase_change", text="X")
    assert "phase" in error.value.message_dict
    assert not Decision.objects.exists()


def test_a_decision_cannot_move_an_initiative_that_is_not_on_the_item(
    meetings: Any, plan: Any
) -> None:
    other = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError):
        actions.record_decision(
            meetings["item"],
            by=ACTOR,
            outcome="phase_change",
            phase="drift",
            text="X",
            initiatives=[other],
        )
    assert Initiative.objects.get(pk=other.pk).phase == "implementering"


def test_an_imported_decision_is_recorded_without_moving_anything(meetings: Any, plan: Any) -> None:
    shared = plan.initiatives_by_key["shared"]
    decision = actions.record_decision(
        meetings["item"],
        by=ACTOR,
        outcome="phase_change",
        phase="drift",
        text="Historisk.",
        apply=False,
    )
    assert not decision.applied
    assert Initiative.objects.get(pk=shared.pk).phase == "afprøvning"


def test_previous_and_next_meeting_of_the_forum(meetings: Any) -> None:
    assert actions.previous_meeting(meetings["december"]) == meetings["november"]
    assert actions.next_meeting(meetings["november"]) == meetings["december"]
    assert actions.previous_meeting(meetings["november"]) is None


def test_a_milestone_takes_the_forum_of_its_meeting_and_checks_dates(
    meetings: Any, plan: Any
) -> None:
    milestone = actions.create_milestone(
        plan,
        by=ACTOR,
        title="HMU 10.12",
        date=dt.date(2021, 12, 10),
        meeting=meetings["december"],
        initiatives=[plan.initiatives_by_key["shared"]],
    )
    assert milestone.forum == meetings["december"].forum
    with pytest.raises(ValidationError):
        actions.create_milestone(
            plan, by=ACTOR, title="X", date=dt.date(2022, 1, 2), end_date=dt.date(2022, 1, 1)
        )
    actions.delete_milestone(milestone, by=ACTOR)
    assert AuditEvent.objects.filter(object_type="governance.milestone", action="deleted").exists()
