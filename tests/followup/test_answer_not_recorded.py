"""An answer sent after the round closed, or after a colleague answered for the unit, is not
recorded; the page says so and gives the writer back their text instead of dropping it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind, RequestState
from fremdrift.followup.models import UpdateAnswer, UpdateRequest

pytestmark = pytest.mark.django_db

TEXT = "Første hold SPV'er starter i marts; midlerne er afsat."


def _post(client, request, initiative):
    return client.post(
        reverse("followup:answer", args=[request.pk]),
        {
            "kind": "status",
            "text": TEXT,
            "phase": "implementering",
            "phase_target": "",
            "status_date": "",
            "version": initiative.version,
        },
    )


def test_an_answer_sent_after_the_round_closed_says_so_and_keeps_the_text(
    client, open_round, plan, people
):
    initiative = plan.initiatives_by_key["hr"]
    request = UpdateRequest.objects.get(round=open_round, initiative=initiative)
    client.force_login(people["editor_hr"])
    actions.close_round(open_round, by=people["coordinator"])
    response = _post(client, request, initiative)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Din opdatering blev ikke registreret" in html
    assert "Statusrunden er lukket." in html
    assert "Første hold SPV&#x27;er starter i marts; midlerne er afsat." in html
    assert not UpdateAnswer.objects.filter(request=request).exists()


def test_an_answer_sent_after_a_colleague_answered_says_so_and_keeps_the_text(
    client, open_round, plan, people
):
    initiative = plan.initiatives_by_key["hr"]
    request = UpdateRequest.objects.get(round=open_round, initiative=initiative)
    actions.submit_answer(request, by=people["coordinator"], kind=AnswerKind.UNCHANGED)
    client.force_login(people["editor_hr"])
    response = _post(client, request, initiative)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Din opdatering blev ikke registreret" in html
    assert "Denne opdatering er allerede besvaret." in html
    assert "Første hold SPV&#x27;er starter i marts; midlerne er afsat." in html
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
    assert UpdateAnswer.objects.filter(request=request).count() == 1
