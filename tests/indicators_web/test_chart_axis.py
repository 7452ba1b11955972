"""The y axis of a time series: counts step by whole numbers, and every label says the value
of the grid line it stands at."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.indicators.charts import Point, series_svg
from tests.indicators_web.indicators_web_helpers import value_row

GRID_LINE = re.compile(
    r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" stroke="#d0d4d8" stroke-width="1"/>'
    r'<text x="[\d.]+" y="[\d.]+" text-anchor="end" font-size="11" fill="#555555">([^<]+)</text>'
)


def _read(label: str) -> float:
    text = label.replace(" %", "").replace(",", ".")
    number = float(text[:-1]) * 1000 if text.endswith("k") else float(text)
    return number / 100 if label.endswith("%") else number


def _axis(svg: str) -> list[tuple[float, float]]:
    """(y, value the label says) of every grid line, from the bottom up."""
    return [(float(y), _read(label)) for y, label in GRID_LINE.findall(svg)]


def _svg(values: list[float | None], *, rate: bool = False, hidden: int = 0) -> str:
    points = [Point(f"p{i}", v) for i, v in enumerate(values)]
    points += [Point(f"h{i}", None, hidden=True) for i in range(hidden)]
    return str(series_svg(points, title="t", chart_id="c", rate=rate))


@pytest.mark.parametrize("top", [0, 1, 2, 3, 4, 6, 7, 9, 13, 48, 250, 12_345])
def test_a_count_axis_has_whole_steps(top):
    axis = _axis(_svg([0.0, float(top)]))
    values = [v for _y, v in axis]
    assert values[0] == 0 and values[-1] >= top
    assert all(v == int(v) for v in values), values
    assert len(set(values)) == len(values)


def test_a_count_axis_of_zeros_and_hidden_cells_reads_0_and_1():
    svg = _svg([0.0, 0.0, None], hidden=3)
    assert [label for _y, label in GRID_LINE.findall(svg)] == ["0", "1"]


@pytest.mark.parametrize(
    ("values", "rate"),
    [
        ([0.0], False),
        ([0.0, 2.0], False),
        ([0.0, 37.0], False),
        ([0.0], True),
        ([0.0, 0.0008], True),
        ([0.0, 0.004], True),
        ([0.0, 0.0125], True),
        ([0.0, 0.13], True),
        ([0.0, 0.9], True),
    ],
)
def test_every_label_says_the_value_of_its_line(values, rate):
    axis = _axis(_svg(values, rate=rate))
    assert axis[0][1] == 0 and axis[-1][1] >= max(values)
    # the lines are evenly spaced, so the labels must step evenly too (y has one decimal)
    gaps = [a[0] - b[0] for a, b in zip(axis, axis[1:], strict=False)]
    assert max(gaps) - min(gaps) <= 0.11, axis
    steps = {round(b[1] - a[1], 9) for a, b in zip(axis, axis[1:], strict=False)}
    assert len(steps) == 1, axis


@pytest.mark.django_db
def test_the_dashboards_count_chart_of_zeros_has_whole_labels(client, users, make_run):
    rows = [
        value_row(
            indicator="fb_days",
            sector="psykiatri",
            geo_code="741",
            geo_name="Samsø",
            period=period,
            numerator=0,
            value=0.0,
        )
        for period in ("2021-12", "2022-01", "2022-02")
    ]
    make_run(rows)
    client.force_login(users["coordinator"])
    response = client.get(
        reverse("indicators:dashboard"),
        {
            "indicator": "fb_days",
            "sector": "psykiatri",
            "period_type": "month",
            "geo": "municipality:741",
        },
    )
    labels = {label for _y, label in GRID_LINE.findall(response.content.decode())}
    assert labels == {"0", "1"}


def test_a_measure_in_per_cent_says_per_cent_on_its_axis():
    # a hand-entered measure in "%" holds 12.5 for 12.5 %, not 0.125
    points = [Point("jan", 12.5), Point("feb", 31.0)]
    svg = str(series_svg(points, title="t", chart_id="c", unit="%"))
    labels = [label for _y, label in GRID_LINE.findall(svg)]
    assert labels[0] == "0 %" and all(label.endswith(" %") for label in labels), labels
    assert _read(labels[-1].replace(" %", "")) >= 31


def test_a_measure_in_other_units_names_its_unit_above_the_axis():
    points = [Point("jan", 40.0), Point("feb", 55.0)]
    for variant in ("wide", "narrow"):
        svg = str(series_svg(points, title="t", chart_id="c", unit="dage", variant=variant))
        labels = [label for _y, label in GRID_LINE.findall(svg)]
        assert not any("dage" in label for label in labels), labels
        assert re.search(r'<text [^>]*class="axis-unit"[^>]*>dage</text>', svg), variant
