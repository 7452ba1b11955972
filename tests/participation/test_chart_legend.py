"""The long-list chart colours its points by status; the caption says which colour is which."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.participation import actions
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_the_chart_caption_names_the_colour_of_each_status_shown(plan: Any, users: Any) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    for title, status in (("Psyko-bussen", "open"), ("Sociale tiltag", "selected")):
        candidate = actions.add_candidate(long_list, by=ACTOR, title=title)
        actions.score_candidate(candidate, by=ACTOR, x_score=3, y_score=4)
        actions.set_candidate_status(candidate, by=ACTOR, status=status)
    promoted = actions.add_candidate(long_list, by=ACTOR, title="Medicinstuderende")
    actions.score_candidate(promoted, by=ACTOR, x_score=5, y_score=5)
    actions.promote_candidate(promoted, by=ACTOR)
    actions.add_candidate(long_list, by=ACTOR, title="Uden score")  # not in the chart

    page = client_for(users["reader"]).get(long_list.get_absolute_url()).content.decode()
    caption = page.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    for colour, label in (
        ("#00505F", "Åben"),
        ("#2E7D32", "Valgt"),
        ("#6A1B9A", "Gjort til indsats"),
    ):
        assert f'fill="{colour}"' in caption, label
        assert label in caption
    assert "Ikke valgt" not in caption  # no such point in the chart
