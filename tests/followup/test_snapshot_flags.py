"""What the issued deck shows: approved updates only, and "ikke indrapporteret" markers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.models import UpdateRequest
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.reports.asof import plan_snapshot

pytestmark = pytest.mark.django_db


def _request(update_round, initiative):
    return UpdateRequest.objects.get(round=update_round, initiative=initiative)


def test_an_unapproved_answer_is_not_in_the_snapshot_and_an_approved_one_is(
    open_round, plan, people
):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    initiative = plan.initiatives_by_key["hr"]
    answer = actions.submit_answer(
        _request(open_round, initiative),
        by=people["editor_hr"],
        kind=AnswerKind.STATUS,
        text="Godkendes senere.",
    )
    before = plan_snapshot(plan).initiatives[initiative.pk]
    assert before.status != "Godkendes senere."
    assert "not_reported" in before.flags
    actions.approve_answer(answer, by=people["coordinator"])
    after = plan_snapshot(plan).initiatives[initiative.pk]
    assert after.status == "Godkendes senere."
    assert "not_reported" not in after.flags


def test_a_snapshot_before_the_approval_keeps_the_old_status(open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    initiative = plan.initiatives_by_key["hr"]
    answer = actions.submit_answer(
        _request(open_round, initiative),
        by=people["editor_hr"],
        kind=AnswerKind.STATUS,
        text="Ny tekst.",
    )
    issued_at = timezone.now()
    actions.approve_answer(answer, by=people["coordinator"], at=issued_at + dt.timedelta(minutes=5))
    assert plan_snapshot(plan, as_of=issued_at).initiatives[initiative.pk].status != "Ny tekst."
    later = plan_snapshot(plan, as_of=issued_at + dt.timedelta(minutes=6))
    assert later.initiatives[initiative.pk].status == "Ny tekst."


def test_unchanged_counts_as_reported_in_the_snapshot(open_round, plan, people):
    shared = plan.initiatives_by_key["shared"]
    actions.submit_answer(
        _request(open_round, shared), by=people["editor_hospital"], kind=AnswerKind.UNCHANGED
    )
    snapshot = plan_snapshot(plan)
    assert "not_reported" not in snapshot.initiatives[shared.pk].flags
    assert "not_reported" in snapshot.initiatives[plan.initiatives_by_key["hr"].pk].flags


def test_without_a_round_nothing_is_marked(plan):
    snapshot = plan_snapshot(plan)
    assert all(not i.flags for i in snapshot.initiatives.values())


def test_a_snapshot_before_the_round_opened_is_not_marked(plan, people):
    before = timezone.now()
    actions.open_round(
        plan,
        by=people["coordinator"],
        title="R",
        deadline=timezone.localdate(),
        at=before + dt.timedelta(minutes=1),
    )
    assert all(not i.flags for i in plan_snapshot(plan, as_of=before).initiatives.values())
