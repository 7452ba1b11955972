"""A status recorded on the initiative page while a round is open is the unit's answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.followup.choices import AnswerState, RequestState
from fremdrift.followup.models import UpdateRequest
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import StatusUpdate
from fremdrift.reports.asof import plan_snapshot
from fremdrift.reports.content import build_content

pytestmark = pytest.mark.django_db


def post_status(client, initiative, text="Uddannelsen er i gang."):
    initiative.refresh_from_db()
    return client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {
            "text": text,
            "status_date": dt.date.today().isoformat(),
            "phase": initiative.phase,
            "phase_target": "",
            "version": initiative.version,
        },
    )


def test_the_status_counts_as_the_units_answer_and_the_deck_does_not_miss_it(
    client, open_round, plan, people
):
    hr_only = plan.initiatives_by_key["hr"]
    client.force_login(people["editor_hr"])
    assert post_status(client, hr_only).status_code == 302
    request = UpdateRequest.objects.get(round=open_round, initiative=hr_only)
    assert request.state == RequestState.ACCEPTED
    assert (
        StatusUpdate.objects.filter(initiative=hr_only, text="Uddannelsen er i gang.").count() == 1
    )
    rows = {
        row.ref: row for area in build_content(plan_snapshot(plan), None).areas for row in area.rows
    }
    assert not rows[hr_only.ref].not_reported


def test_with_review_the_status_waits_for_approval_as_the_answer(client, open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    hr_only = plan.initiatives_by_key["hr"]
    client.force_login(people["editor_hr"])
    post_status(client, hr_only)
    request = UpdateRequest.objects.get(round=open_round, initiative=hr_only)
    assert request.state == RequestState.SUBMITTED
    assert request.answers.get().state == AnswerState.SUBMITTED
    assert not StatusUpdate.objects.filter(text="Uddannelsen er i gang.").exists()


def test_without_an_open_round_the_status_is_simply_recorded(client, plan, people):
    hr_only = plan.initiatives_by_key["hr"]
    client.force_login(people["editor_hr"])
    post_status(client, hr_only)
    assert StatusUpdate.objects.filter(text="Uddannelsen er i gang.").count() == 1
