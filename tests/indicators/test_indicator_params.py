"""The named settings of the engine (every *(param)* of the spec)."""

from __future__ import annotations

import json

import pytest

from fremdrift.indicators.engine import IndicatorParams


def test_the_defaults_are_those_of_the_spec():
    params = IndicatorParams()
    assert params.to_dict() == {
        "link_across_sectors": False,
        "link_gap_hours": 4,
        "admission_min_hours": 12,
        "acute_rule": "first_contact",
        "windows": {"psykiatri": [7, 30], "somatik": [30]},
        "index_exclusion_prefixes": [],
        "readmission_exclusion_prefixes": [],
    }


def test_params_survive_a_round_trip_through_json():
    params = IndicatorParams(
        link_across_sectors=True,
        link_gap_hours=6,
        admission_min_hours=8.5,
        acute_rule="any_contact",
        windows={"somatik": (14, 30), "psykiatri": (7,)},
        index_exclusion_prefixes=("DZ",),
        readmission_exclusion_prefixes=("DS7", "DT"),
    )
    again = IndicatorParams.from_dict(json.loads(json.dumps(params.to_dict())))
    assert again == params


def test_params_are_read_from_command_line_text():
    params = IndicatorParams.from_strings(
        {
            "link_across_sectors": "true",
            "link_gap_hours": "6",
            "windows": "somatik:30;psykiatri:7,30,90",
            "index_exclusion_prefixes": "dz, DO",
        }
    )
    assert params.link_across_sectors is True
    assert params.link_gap_hours == 6
    assert params.windows == {"somatik": (30,), "psykiatri": (7, 30, 90)}
    assert params.index_exclusion_prefixes == ("DZ", "DO")


@pytest.mark.parametrize(
    "values",
    [
        {"acute_rule": "sometimes"},
        {"link_gap_hours": "-1"},
        {"link_gap_hours": "four"},
        {"link_across_sectors": "maybe"},
        {"windows": "kirurgi:30"},
        {"windows": "somatik:0"},
        {"no_such_setting": "1"},
    ],
)
def test_bad_settings_are_refused(values):
    with pytest.raises(ValueError):
        IndicatorParams.from_strings(values)


def test_params_are_frozen():
    params = IndicatorParams()
    with pytest.raises(AttributeError):
        params.link_gap_hours = 5  # type: ignore[misc]
