"""The decision log shows each decision once, as it stands: a corrected record is marked as
replaced by its correction, and only current decisions are counted."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from fremdrift.governance import actions, cycle
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def corrected(meetings: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    item = meetings["item"]
    original = actions.record_decision(item, by=ACTOR, text="HMU godkender.", outcome="approved")
    users["coordinator"].first_name, users["coordinator"].last_name = "Karen", "Koordinator"
    users["coordinator"].save()
    correction = cycle.correct_decision(
        original, by=users["coordinator"], text="HMU udsætter.", outcome="deferred"
    )
    return {"original": original, "correction": correction, **meetings}


def test_the_forum_log_shows_the_correction_with_the_replaced_record_marked(
    corrected, users, forum
):
    body = client_for(users["reader"]).get(forum.get_absolute_url()).content.decode()
    log = body.split('class="list decision-log', 1)[1].split("</table>", 1)[0]
    assert log.count("<tr data-decision=") == 1
    assert f'data-decision="{corrected["correction"].pk}"' in log
    current, replaced = log.split("HMU udsætter.", 1)[1], log.split("HMU udsætter.", 1)[0]
    assert "HMU godkender." in current and "HMU godkender." not in replaced
    assert "Erstatter" in current


def test_the_forum_list_counts_only_current_decisions(corrected, users):
    body = client_for(users["reader"]).get("/governance/").content.decode()
    row = body.split(">HMU</a>", 1)[1].split("</tr>", 1)[0]
    assert row.endswith('<td class="num">1</td>')


def test_the_spreadsheet_lists_the_current_decision_once(corrected, users, forum):
    response = client_for(users["reader"]).get(f"{forum.get_absolute_url()}?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    texts = [row[3] for row in rows if row[3]]
    assert texts == ["HMU udsætter."]
    assert rows[0][-1].startswith("HMU godkender.")


def test_the_initiative_page_shows_only_the_current_decision(corrected, users, plan):
    shared = plan.initiatives_by_key["shared"]
    actions.record_decision(
        corrected["item"], by=ACTOR, text="Endnu en.", outcome="approved", initiatives=[shared]
    )
    body = client_for(users["reader"]).get(shared.get_absolute_url()).content.decode()
    assert "HMU udsætter." in body and "Endnu en." in body
    assert f'id="initiative-decision-{corrected["original"].pk}"' not in body


def test_the_meeting_page_says_who_corrected_and_when(corrected, users):
    body = client_for(users["reader"]).get(corrected["december"].get_absolute_url())
    text = body.content.decode()
    assert "Rettet af Karen Koordinator den " in text
    assert "Rettet af:" not in text
