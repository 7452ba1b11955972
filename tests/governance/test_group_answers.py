"""The group-answer page and the minutes show questions and answers readably."""

from __future__ import annotations

import pytest

from fremdrift.governance import actions, cycle, minutes
from fremdrift.reports.renderers.base import Branding
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"
LONG = (
    "Hvordan kan vi i fællesskab sikre, at de nye arbejdsgange får den ønskede effekt af "
    "indsatsen i hele klyngen?"
)


def test_a_long_question_is_cut_at_a_word_in_the_choice(meetings, users):
    item = meetings["item"]
    actions.update_agenda_item(item, by=ACTOR, questions=[LONG])
    page = client_for(users["coordinator"]).get(f"/governance/items/{item.pk}/groups/")
    body = page.content.decode()
    option = body.split('name="question"', 1)[1].split("</select>", 1)[0]
    label = option.split('<option value="', 2)[2].split(">", 1)[1].split("</option>", 1)[0]
    assert label.endswith("…") and len(label) <= 80
    shown = label[:-1]
    assert LONG.startswith(shown) and LONG[len(shown)] == " "  # cut between two words


def test_a_multi_line_group_answer_keeps_its_lines_in_the_pdf_minutes(meetings):
    item = meetings["item"]
    cycle.record_group_answer(item, by=ACTOR, group="Bord 1", text="Første linje\nAnden linje")
    html = minutes.minutes_html(minutes.build_minutes(meetings["december"], None), Branding())
    assert "Første linje<br>Anden linje" in html


def test_an_empty_group_answer_is_summarised_at_the_top_like_other_forms(meetings, users):
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{meetings['item'].pk}/groups/",
        {"step": "answer", "group": "", "text": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der er et problem" in html
    assert "Gruppe eller bord: Angiv gruppen eller bordet." in html
