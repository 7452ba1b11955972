"""Scoring a candidate on the long-list page: the fields say the scale, and a refused score is
shown in the candidate's row with what the user typed."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.participation import actions
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def candidate(plan: Any) -> Any:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    actions.add_candidate(long_list, by=ACTOR, title="Sociale tiltag")
    return actions.add_candidate(long_list, by=ACTOR, title="Psyko-bussen")


def _row(page: str, candidate: Any) -> str:
    return page.split(f'id="candidate-{candidate.pk}"', 1)[1].split("</tr>", 1)[0]


def test_the_score_fields_carry_the_scale_of_the_long_list(candidate: Any, users: Any) -> None:
    page = client_for(users["coordinator"]).get(candidate.long_list.get_absolute_url())
    row = _row(page.content.decode(), candidate)
    assert f'name="c{candidate.pk}-x_score"' in row
    assert row.count('min="1"') == 2 and row.count('max="5"') == 2


def test_a_score_off_the_scale_is_refused_in_its_row_keeping_what_was_typed(
    candidate: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/candidates/{candidate.pk}/score/",
        {f"c{candidate.pk}-x_score": "9", f"c{candidate.pk}-y_score": "4"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    row = _row(page, candidate)
    assert "Giv en score fra 1 til 5." in row
    # The summary above the page leads to the field in the row.
    assert f'href="#id_c{candidate.pk}-x_score"' in page.split("<table", 1)[0]
    assert 'value="9"' in row and 'value="4"' in row
    candidate.refresh_from_db()
    assert (candidate.x_score, candidate.y_score) == (None, None)


def test_a_good_score_is_saved_and_the_user_is_back_at_the_row(candidate: Any, users: Any) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/candidates/{candidate.pk}/score/",
        {f"c{candidate.pk}-x_score": "3", f"c{candidate.pk}-y_score": "5"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#candidate-{candidate.pk}")
    candidate.refresh_from_db()
    assert (candidate.x_score, candidate.y_score) == (3, 5)


def test_a_score_that_is_not_a_number_is_refused_with_the_scale(candidate: Any, users: Any) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/candidates/{candidate.pk}/score/",
        {f"c{candidate.pk}-x_score": "høj", f"c{candidate.pk}-y_score": "2"},
    )
    assert response.status_code == 200
    assert "Giv en score fra 1 til 5." in _row(response.content.decode(), candidate)


@pytest.fixture
def promoted(candidate: Any) -> Any:
    """The candidate scored 4 and 2, then promoted to an initiative."""
    actions.score_candidate(candidate, by=ACTOR, x_score=4, y_score=2)
    actions.promote_candidate(candidate, by=ACTOR)
    candidate.refresh_from_db()
    return candidate


def test_a_promoted_candidate_cannot_be_rescored(promoted: Any, users: Any) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/candidates/{promoted.pk}/score/",
        {f"c{promoted.pk}-x_score": "1", f"c{promoted.pk}-y_score": "1"},
    )
    assert response.status_code == 409
    assert "Kandidaten er allerede en indsats; dens scorer kan ikke ændres." in (
        response.content.decode()
    )
    promoted.refresh_from_db()
    assert (promoted.x_score, promoted.y_score) == (4, 2)


def test_the_action_refuses_to_rescore_a_promoted_candidate(promoted: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.score_candidate(promoted, by=ACTOR, x_score=1, y_score=None)
    promoted.refresh_from_db()
    assert (promoted.x_score, promoted.y_score) == (4, 2)


def test_a_promoted_candidate_shows_its_scores_without_a_form(promoted: Any, users: Any) -> None:
    page = client_for(users["coordinator"]).get(promoted.long_list.get_absolute_url())
    row = _row(page.content.decode(), promoted)
    assert f'name="c{promoted.pk}-x_score"' not in row
    assert "<form" not in row.split("</td>")[3]  # the scores' cell
    assert "4 / 2" in row
