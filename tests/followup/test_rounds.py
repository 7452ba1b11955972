"""The life of an update round: open → answers (new status, "unchanged") → review → close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fremdrift.core.models import AuditEvent
from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind, AnswerState, RequestState
from fremdrift.followup.models import UpdateRequest
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import StatusUpdate

pytestmark = pytest.mark.django_db


def _request(update_round, initiative):
    return UpdateRequest.objects.get(round=update_round, initiative=initiative)


def test_opening_a_round_asks_each_responsible_unit_of_each_initiative(open_round, plan, units):
    asked = {(r.initiative_id, r.unit_id) for r in open_round.requests.all()}
    assert asked == {
        (plan.initiatives_by_key["shared"].pk, units["hospital"].pk),  # local only
        (plan.initiatives_by_key["hr"].pk, units["hr"].pk),  # the lead
    }
    assert all(r.state == RequestState.OUTSTANDING for r in open_round.requests.all())
    assert AuditEvent.objects.filter(
        object_type="followup.updateround", object_id=str(open_round.pk)
    ).exists()


def test_a_round_for_some_areas_asks_only_for_their_initiatives(plan, people):
    update_round = actions.open_round(
        plan,
        by=people["coordinator"],
        title="Kun hospitaler",
        deadline=timezone.localdate(),
        areas=[plan.areas_by_slug["hospitaler"]],
    )
    assert [r.initiative_id for r in update_round.requests.all()] == [
        plan.initiatives_by_key["shared"].pk
    ]


def test_an_initiative_without_units_is_asked_of_the_coordinators(plan, people):
    portfolio_actions.create_initiative(
        plan, by="t", title="Uden enheder", areas=[plan.areas_by_slug["personale"]]
    )
    update_round = actions.open_round(
        plan, by=people["coordinator"], title="R", deadline=timezone.localdate()
    )
    assert update_round.requests.filter(unit__isnull=True).count() == 1


def test_a_deadline_in_the_past_is_refused(plan, people):
    with pytest.raises(ValidationError):
        actions.open_round(
            plan,
            by=people["coordinator"],
            title="R",
            deadline=timezone.localdate() - dt.timedelta(days=1),
        )


def test_without_review_a_new_status_is_recorded_at_once(open_round, plan, people):
    initiative = plan.initiatives_by_key["hr"]
    request = _request(open_round, initiative)
    answer = actions.submit_answer(
        request,
        by=people["editor_hr"],
        kind=AnswerKind.STATUS,
        text="Første hold starter i marts.",
        phase="udbredelse",
    )
    initiative.refresh_from_db()
    request.refresh_from_db()
    assert answer.state == AnswerState.ACCEPTED
    assert answer.status_update is not None
    assert initiative.status_text == "Første hold starter i marts."
    assert initiative.phase == "udbredelse"
    assert request.state == RequestState.ACCEPTED and request.reported_at is not None
    assert "Før HMU" in answer.status_update.note


def test_unchanged_counts_as_reported_without_a_new_status(open_round, plan, people):
    initiative = plan.initiatives_by_key["shared"]
    before = StatusUpdate.objects.filter(initiative=initiative).count()
    request = _request(open_round, initiative)
    actions.submit_answer(request, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert request.answers.get().kind == AnswerKind.UNCHANGED
    assert StatusUpdate.objects.filter(initiative=initiative).count() == before


def test_a_request_cannot_be_answered_twice(open_round, plan, people):
    request = _request(open_round, plan.initiatives_by_key["shared"])
    actions.submit_answer(request, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)
    with pytest.raises(ValidationError):
        actions.submit_answer(request, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)


def test_a_status_answer_needs_a_text(open_round, plan, people):
    request = _request(open_round, plan.initiatives_by_key["hr"])
    with pytest.raises(ValidationError):
        actions.submit_answer(request, by=people["editor_hr"], kind=AnswerKind.STATUS, text=" ")


def test_a_stale_answer_is_refused_and_nothing_is_written(open_round, plan, people):
    initiative = plan.initiatives_by_key["hr"]
    seen = initiative.version
    portfolio_actions.record_status(initiative, by="t", seen_version=seen, text="Imellem.")
    request = _request(open_round, initiative)
    with pytest.raises(portfolio_actions.StaleEdit):
        actions.submit_answer(
            request,
            by=people["editor_hr"],
            kind=AnswerKind.STATUS,
            text="Mit svar",
            seen_version=seen,
        )
    request.refresh_from_db()
    assert request.state == RequestState.OUTSTANDING
    assert not request.answers.exists()


def test_with_review_the_answer_waits_until_it_is_approved(open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    initiative = plan.initiatives_by_key["hr"]
    old_text = initiative.status_text
    request = _request(open_round, initiative)
    answer = actions.submit_answer(
        request, by=people["editor_hr"], kind=AnswerKind.STATUS, text="Venter på godkendelse."
    )
    initiative.refresh_from_db()
    request.refresh_from_db()
    assert answer.state == AnswerState.SUBMITTED and answer.status_update is None
    assert initiative.status_text == old_text
    assert request.state == RequestState.SUBMITTED
    actions.approve_answer(answer, by=people["coordinator"])
    initiative.refresh_from_db()
    request.refresh_from_db()
    answer.refresh_from_db()
    assert initiative.status_text == "Venter på godkendelse."
    assert answer.state == AnswerState.APPROVED and answer.reviewed_by == people["coordinator"]
    assert answer.status_update.author == people["editor_hr"]
    assert request.state == RequestState.ACCEPTED


def test_an_answer_sent_back_is_owed_again_with_the_comment(open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    request = _request(open_round, plan.initiatives_by_key["hr"])
    answer = actions.submit_answer(request, by=people["editor_hr"], kind=AnswerKind.UNCHANGED)
    with pytest.raises(ValidationError):
        actions.return_answer(answer, by=people["coordinator"], comment="")
    actions.return_answer(answer, by=people["coordinator"], comment="Skriv om SPV-holdet.")
    request.refresh_from_db()
    assert request.state == RequestState.RETURNED and request.is_owed
    with pytest.raises(ValidationError):
        actions.approve_answer(answer, by=people["coordinator"])
    again = actions.submit_answer(
        request, by=people["editor_hr"], kind=AnswerKind.STATUS, text="Holdet starter i marts."
    )
    actions.approve_answer(again, by=people["coordinator"])
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert [a.state for a in request.answers.all()] == [AnswerState.RETURNED, AnswerState.APPROVED]


def test_the_whole_lifecycle_ends_with_a_closed_round(open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    hr = _request(open_round, plan.initiatives_by_key["hr"])
    shared = _request(open_round, plan.initiatives_by_key["shared"])
    a1 = actions.submit_answer(hr, by=people["editor_hr"], kind=AnswerKind.STATUS, text="Ny.")
    a2 = actions.submit_answer(shared, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)
    actions.approve_answer(a1, by=people["coordinator"])
    actions.approve_answer(a2, by=people["coordinator"])
    closed = actions.close_round(open_round, by=people["coordinator"])
    assert closed.closed_at is not None and not closed.is_open
    assert set(open_round.requests.values_list("state", flat=True)) == {RequestState.ACCEPTED}
    assert AuditEvent.objects.filter(object_type="followup.updateanswer").count() == 4
    hr_again = actions.open_round(
        plan, by=people["coordinator"], title="Næste", deadline=timezone.localdate()
    )
    assert hr_again.requests.count() == 2


def test_no_answers_after_the_round_is_closed(open_round, plan, people):
    actions.close_round(open_round, by=people["coordinator"])
    request = _request(open_round, plan.initiatives_by_key["hr"])
    with pytest.raises(ValidationError):
        actions.submit_answer(request, by=people["editor_hr"], kind=AnswerKind.UNCHANGED)
