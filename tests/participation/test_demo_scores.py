"""The demo's long-lists are scored, so the prioritisation screens show a real chart."""

from __future__ import annotations

import pytest

from fremdrift.participation import demo
from fremdrift.participation.models import Candidate, LongList

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(demo_module):
    """The demo loaded once for this module."""


def test_every_demo_long_list_is_scored_on_the_demos_criteria(loaded) -> None:
    lists = list(LongList.objects.all())
    assert {ll.title for ll in lists} >= {demo.SEED_LONG_LIST, demo.WORKSHOP_LONG_LIST}
    for long_list in lists:
        criteria = demo.CRITERIA[long_list.title]
        assert (long_list.x_label, long_list.y_label) == criteria, long_list.title
        candidates = list(long_list.candidates.all())
        assert candidates, long_list.title
        unscored = [c.title for c in candidates if not c.is_scored]
        assert not unscored, unscored
        scores = {(c.x_score, c.y_score) for c in candidates}
        assert len(scores) >= 5  # spread over the chart, not in one point
        assert all(long_list.scale_min <= s <= long_list.scale_max for xy in scores for s in xy)


def test_the_candidates_that_became_initiatives_were_scored_high(loaded) -> None:
    promoted = list(Candidate.objects.filter(status="promoted"))
    assert len(promoted) == 4
    for candidate in promoted:
        assert candidate.x_score >= 4 and candidate.y_score >= 3, candidate.title


def test_the_workshop_long_list_has_a_choice_made(loaded) -> None:
    long_list = LongList.objects.get(title=demo.WORKSHOP_LONG_LIST)
    assert long_list.candidates.filter(status="selected").count() >= 2


def test_loading_the_demo_again_changes_no_score(loaded) -> None:
    before = sorted(Candidate.objects.values_list("pk", "x_score", "y_score", "status"))
    demo.load_participation()
    after = sorted(Candidate.objects.values_list("pk", "x_score", "y_score", "status"))
    assert after == before
