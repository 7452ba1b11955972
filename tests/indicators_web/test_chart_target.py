"""A chart of an indicator with a target draws the target as a dashed line, inside the plot
even when no value reaches it, and names it (as the deck's "Mål" series does)."""

from __future__ import annotations

import re

from django.utils import translation

from fremdrift.indicators.charts import Point, series_svg
from fremdrift.reports.content import IndicatorChart, IndicatorPoint
from fremdrift.reports.renderers.pdf import indicator_page

TARGET_LINE = re.compile(
    r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="#8a5300" '
    r'stroke-width="1.5" stroke-dasharray="6 4"/>'
)
GRID = re.compile(r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" stroke="#d0d4d8"')


def _plot_line(svg: str) -> tuple[str, ...]:
    """The target's line across the plot (the longest; the other is the key's)."""
    return max(TARGET_LINE.findall(svg), key=lambda line: float(line[2]) - float(line[0]))


def _svg(values: list[float], target: float | None, *, rate: bool = False) -> str:
    points = [Point(f"p{i}", v, text=str(v)) for i, v in enumerate(values)]
    with translation.override("da"):
        return str(series_svg(points, title="t", chart_id="c", rate=rate, target=target))


def test_the_target_is_a_dashed_line_at_its_value_with_its_name():
    svg = _svg([42.0, 6.0, 12.0], 10.0)
    line = _plot_line(svg)
    grid = [float(y) for y in GRID.findall(svg)]  # 0, 10, 20 … from the bottom up
    assert float(line[1]) == float(line[3]) == grid[1]
    assert "Mål" in svg


def test_a_target_above_every_value_stays_inside_the_plot():
    svg = _svg([3.0, 4.0], 25.0)
    line = _plot_line(svg)
    grid = [float(y) for y in GRID.findall(svg)]
    assert min(grid) <= float(line[1]) <= max(grid)


def test_no_target_no_line():
    assert not TARGET_LINE.findall(_svg([3.0, 4.0], None))


def test_the_pdf_page_of_a_measure_draws_its_target():
    chart = IndicatorChart(
        title="Svartid",
        name="Svartid",
        where="Indtastet manuelt",
        initiative="Patientkontoret",
        points=(IndicatorPoint("5. jan. 2022", 42.0, "42 dage"),
                IndicatorPoint("8. feb. 2022", 6.0, "6 dage")),
        unit="dage",
        target=10.0,
        target_text="10 dage",
    )  # fmt: skip
    with translation.override("da"):
        page = indicator_page(chart, 0)
    assert TARGET_LINE.findall(str(page["svg"]))
    assert "Mål: 10 dage" in str(page["svg"])
