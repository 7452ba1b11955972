"""A round's page can show only the requests still missing an answer (a plain GET link)."""

from __future__ import annotations

import re

import pytest

from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind
from fremdrift.followup.models import UpdateRequest
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db


def _section(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, table_id
    return match.group(0)


def _answer_hr(open_round, plan, people):
    request = UpdateRequest.objects.get(round=open_round, initiative=plan.initiatives_by_key["hr"])
    actions.submit_answer(request, by=people["editor_hr"], kind=AnswerKind.UNCHANGED)
    return request


def test_the_round_page_links_to_only_the_missing_ones(client, open_round, plan, people):
    _answer_hr(open_round, plan, people)
    client.force_login(people["coordinator"])
    html = client.get(open_round.get_absolute_url()).content.decode()
    assert 'href="?show=missing"' in html
    assert "Kun manglende svar (1)" in html
    assert "Viser alle 2 anmodninger" in html


def test_only_missing_shows_the_unanswered_requests_and_says_how_many(
    client, open_round, plan, people
):
    answered = _answer_hr(open_round, plan, people)
    missing = UpdateRequest.objects.get(
        round=open_round, initiative=plan.initiatives_by_key["shared"]
    )
    client.force_login(people["coordinator"])
    response = client.get(open_round.get_absolute_url(), {"show": "missing"})
    assert response.status_code == 200
    html = response.content.decode()
    requests = _section(html, "by-initiative")
    assert f'data-request="{missing.pk}"' in requests
    assert f'data-request="{answered.pk}"' not in requests
    assert "Viser 1 af 2 anmodninger" in html
    assert "Koncern HR" not in _section(html, "by-unit")  # the unit that has answered
    assert re.search(r'<a href="\?show=missing" aria-current="page">', html)
    assert f'<a href="{open_round.get_absolute_url()}">' in html  # back to all
    # The progress of the whole round is still told.
    assert "1 af 2 indrapporteret" in html


def test_an_answer_awaiting_approval_is_not_missing(client, open_round, plan, people):
    portfolio_actions.update_plan(plan, by="t", review_required=True)
    answered = _answer_hr(open_round, plan, people)
    client.force_login(people["coordinator"])
    html = client.get(open_round.get_absolute_url(), {"show": "missing"}).content.decode()
    assert f'data-request="{answered.pk}"' not in _section(html, "by-initiative")


def test_when_nothing_is_missing_the_filtered_list_says_so(client, open_round, plan, people):
    _answer_hr(open_round, plan, people)
    shared = UpdateRequest.objects.get(
        round=open_round, initiative=plan.initiatives_by_key["shared"]
    )
    actions.submit_answer(shared, by=people["editor_hospital"], kind=AnswerKind.UNCHANGED)
    client.force_login(people["coordinator"])
    html = client.get(open_round.get_absolute_url(), {"show": "missing"}).content.decode()
    assert "Alle har svaret." in html
    assert "Viser 0 af 2 anmodninger" in html


def test_an_unknown_show_value_shows_everything(client, open_round, plan, people):
    _answer_hr(open_round, plan, people)
    client.force_login(people["coordinator"])
    html = client.get(open_round.get_absolute_url(), {"show": "x"}).content.decode()
    assert "Viser alle 2 anmodninger" in html
