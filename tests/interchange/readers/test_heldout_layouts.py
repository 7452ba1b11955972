"""The held-out layout generators stay above the issue's bar on a small fixed set of seeds.

The full measurement (hundreds of layouts, see docs/import-columns.md) is run on purpose with
``python -m tests.interchange.readers.heldout_layouts``; this guards against a regression.
"""

from __future__ import annotations

import pytest

from . import heldout_layouts, heldout_layouts_b, heldout_layouts_c, heldout_layouts_d

BAR = 0.95


@pytest.mark.slow
def test_randomised_layouts_read_at_least_95_percent_of_initiatives_exactly():
    accuracy, details = heldout_layouts.evaluate(range(40001, 40031))
    assert accuracy >= BAR, details
    assert details["refused_files"] == 0


@pytest.mark.slow
def test_the_second_generators_layouts_read_at_least_95_percent_of_initiatives_exactly():
    accuracy, details = heldout_layouts_b.evaluate(range(9001, 9031))
    assert accuracy >= BAR, details


def test_the_scorer_counts_a_wrong_status_as_wrong():
    case = heldout_layouts.generate(40001)
    case.truths[0].status.pieces[:] = [("Ikke det, der står i filen.", False)]
    result = heldout_layouts.score(case)
    assert result.failures == {"status text": 1}
    assert result.exact == result.total - 1


@pytest.mark.slow
def test_the_blind_third_generators_layouts_read_at_least_95_percent_of_initiatives_exactly():
    # Blind on its first run (94.6 %, 2026-12-05); its failures were studied and the reader
    # changed, so this generator is no longer blind (docs/import-columns.md).
    accuracy, details = heldout_layouts_c.evaluate(range(1001, 1061))
    assert accuracy >= BAR, details


@pytest.mark.slow
def test_the_blind_third_generators_files_are_all_read():
    accuracy, details = heldout_layouts_c.evaluate(range(1001, 1061))
    assert details["refused_files"] == 0, details["errors"]


@pytest.mark.slow
def test_the_blind_fourth_generators_files_are_all_read_and_mostly_exact():
    """Generator D's bar (95 %) is measured on 600 layouts (docs/import-columns.md); these 60
    guard against a regression (94.42 % when the measurement was taken)."""
    accuracy, details = heldout_layouts_d.evaluate(range(1, 61))
    assert details["refused_files"] == 0, details["errors"]
    assert accuracy >= 0.94, details
