"""Sending an answer back needs a comment; a blank one is refused at the comment field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.models import UpdateRequest
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    request = UpdateRequest.objects.get(round=open_round, initiative=plan.initiatives_by_key["hr"])
    return actions.submit_answer(request, by=people["editor_hr"], kind=AnswerKind.UNCHANGED)


def _row(html: str, answer) -> str:
    match = re.search(rf'<tr id="answer-{answer.pk}">.*?</tr>', html, re.S)
    assert match
    return match.group(0)


def test_a_blank_comment_is_refused_at_the_field_and_nothing_is_sent_back(
    client, submitted, people
):
    client.force_login(people["coordinator"])
    typed = "   \n  "
    response = client.post(
        reverse("followup:answer-return", args=[submitted.pk]), {"comment": typed}
    )
    assert response.status_code == 200  # the page again, not a redirect
    html = response.content.decode()
    row = _row(html, submitted)
    assert '<details class="return" open>' in row
    # The form's address ends in the field's id, so the browser scrolls to it.
    assert f'/return/#comment-{submitted.pk}"' in row
    field = re.search(r'<div class="field has-error">.*?</div>', row, re.S)
    assert field, row
    assert "Skriv hvorfor opdateringen sendes tilbage." in field.group(0)
    assert f'aria-describedby="comment-{submitted.pk}-error"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    assert f"{typed}</textarea>" in field.group(0)  # what was typed is kept
    # Not at the top of the page: no error message outside the row.
    assert html.count("Skriv hvorfor opdateringen sendes tilbage.") == 1
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_only_the_answer_that_was_sent_back_shows_the_error(client, submitted, plan, people):
    shared = UpdateRequest.objects.get(
        round=submitted.request.round, initiative=plan.initiatives_by_key["shared"]
    )
    other = actions.submit_answer(shared, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)
    client.force_login(people["coordinator"])
    html = client.post(
        reverse("followup:answer-return", args=[submitted.pk]), {"comment": " "}
    ).content.decode()
    other_row = _row(html, other)
    assert "has-error" not in other_row and '<details class="return">' in other_row


def test_a_comment_sends_the_answer_back(client, submitted, people):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("followup:answer-return", args=[submitted.pk]), {"comment": "Uddyb."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "returned" and submitted.review_comment == "Uddyb."
