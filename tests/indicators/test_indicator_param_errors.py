"""The engine's refusals of settings name the setting, a code and the values, all at once, so
the pages can word them in Danish; the command line still reads them as one clear line."""

from __future__ import annotations

import sys

import pytest

from fremdrift.indicators.engine import IndicatorParams
from fremdrift.indicators.engine.params import ParamError
from tests import tools


def _problems(values: dict[str, str]) -> list[tuple[str, str, dict]]:
    with pytest.raises(ParamError) as caught:
        IndicatorParams.from_strings(values)
    return [(p.field, p.code, p.args) for p in caught.value.problems]


def test_a_refusal_names_the_setting_a_code_and_the_values():
    assert _problems({"windows": "somatik:30;psykiatri:abc"}) == [
        ("windows", "windows_syntax", {"text": "somatik:30;psykiatri:abc"})
    ]
    assert _problems({"windows": "Somatik:30"}) == [
        ("windows", "unknown_sector", {"sector": "Somatik"})
    ]
    assert _problems({"windows": "somatik:0"}) == [
        ("windows", "window_not_positive", {"sector": "somatik", "days": 0})
    ]
    assert _problems({"no_such_setting": "1"}) == [
        ("no_such_setting", "unknown_parameter", {"name": "no_such_setting"})
    ]


def test_every_bad_setting_is_reported_at_once():
    problems = _problems(
        {"link_gap_hours": "four", "windows": "somatik:30;psykiatri:abc", "acute_rule": "often"}
    )
    assert {field for field, _code, _args in problems} == {
        "link_gap_hours",
        "windows",
        "acute_rule",
    }


def test_the_command_line_still_reads_one_english_line_naming_the_setting():
    with pytest.raises(ValueError) as caught:
        IndicatorParams.from_strings({"windows": "Somatik:30", "link_gap_hours": "-1"})
    text = str(caught.value)
    assert "\n" not in text
    assert "windows: unknown sector 'Somatik'" in text
    assert "link_gap_hours" in text


def test_windows_beyond_the_products_indicators_are_named():
    params = IndicatorParams.from_strings({"windows": "somatik:7,30;psykiatri:7,30,90"})
    found = [(p.field, p.code, p.args) for p in params.unsupported_windows()]
    assert found == [
        ("windows", "unsupported_window", {"sector": "somatik", "days": 7}),
        ("windows", "unsupported_window", {"sector": "psykiatri", "days": 90}),
    ]
    assert IndicatorParams().unsupported_windows() == []
    assert IndicatorParams.from_strings({"windows": "psykiatri:30"}).unsupported_windows() == []


def test_the_settings_module_stays_free_of_django():
    code = (
        "import sys; import fremdrift.indicators.engine.params; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = tools.run([sys.executable, "-c", code], text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
