"""Indicator settings are shown with the run form's Danish labels, not code keys."""

from __future__ import annotations

from django.utils import translation

from fremdrift.indicators.engine.params import IndicatorParams
from fremdrift.indicators.queries import format_params


def test_run_settings_are_shown_with_danish_labels_and_values():
    with translation.override("da"):
        rows = dict(format_params(IndicatorParams().to_dict()))
    labels = " ".join(rows)
    assert "acute_rule" not in labels and "link_gap_hours" not in labels
    assert all("_" not in label for label in rows)
    assert "first_contact" not in " ".join(rows.values())
