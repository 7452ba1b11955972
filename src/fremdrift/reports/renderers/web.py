"""The view model shared by the HTML and PDF renderers (Django templates lay it out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content import IndicatorChart, ReportContent
from .base import Branding, Labels, hex_colour, long_date
from .cells import Cell, CellView, Column, cell, columns, theme_as_column


@dataclass(frozen=True)
class WebRow:
    """A table row: a full-width theme heading or data cells."""

    cells: tuple[Cell, ...] = ()
    heading: str = ""
    heading_changed: bool = False  # the heading is new since the baseline
    theme_rowspan: int = 0  # >0 on the first row of a theme group with a theme column
    changed: bool = False


@dataclass(frozen=True)
class WebTable:
    """One area's table."""

    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[WebRow, ...]
    theme_column: bool


def tables(content: ReportContent, view: CellView | None = None) -> list[WebTable]:
    """The area tables of a report, with theme groups as row spans or heading rows."""
    view = view or CellView.of(content)
    result = []
    for area in content.areas:
        cols = columns(content, area)
        theme_column = theme_as_column(content, area)
        rows: list[WebRow] = []
        previous: str | None = None
        for index, row in enumerate(area.rows):
            starts = row.theme_group != previous or index == 0
            if not theme_column and row.theme and starts:
                rows.append(WebRow(heading=row.theme, heading_changed=row.theme_changed))
            span = 0
            if theme_column and starts:
                span = 1
                while (
                    index + span < len(area.rows)
                    and area.rows[index + span].theme_group == row.theme_group
                ):
                    span += 1
            keys = [c.key for c in cols if not (theme_column and c.key == "theme")]
            cells = tuple(cell(row, key, view) for key in keys)
            rows.append(WebRow(cells, theme_rowspan=span, changed=row.has_changes))
            previous = row.theme_group
        # The theme text is read from the first row's source row in the template context.
        result.append(WebTable(area.slug, area.title, tuple(cols), tuple(rows), theme_column))
    return result


def context(
    content: ReportContent, branding: Branding, *, working: bool = False
) -> dict[str, object]:
    """The template context of a report page or PDF.

    ``working`` is the report page of the web application: it always marks initiatives that
    have not reported, whatever the plan's decks do.
    """
    view = CellView.of(content, not_reported=True if working else None)
    options = content.options
    return {
        "content": content,
        "branding": branding,
        "tables": _with_themes(content, view),
        "marker": options.change_marker,
        "show_legend": content.has_marks,
        "background": content.background if options.show_background or working else (),
        "purpose": content.purpose if options.show_purpose or working else (),
        "report_date": long_date(content.as_of),
        "colours": {
            "primary": "#" + hex_colour(branding.primary_colour),
            "text": "#" + hex_colour(branding.text_colour),
        },
        "labels": {
            "legend": Labels.legend(options.change_marker),
            "background": Labels.background(),
            "changed": Labels.changed(),
            "removed": Labels.removed(),
            "initiative": Labels.initiative(),
            "area": Labels.area(),
            "purpose": Labels.purpose(),
            "status_as_of": Labels.status_as_of(long_date(content.as_of)),
            "changes_since": Labels.changes_since(content.baseline_label)
            if content.baseline_label
            else "",
            "removed_from_plan": Labels.removed_from_plan(),
            "removed_from_area": Labels.removed_from_area(),
        },
    }


def _with_themes(content: ReportContent, view: CellView) -> list[dict[str, object]]:
    """Tables with the theme text next to each row that starts a theme group."""
    result = []
    for table, area in zip(tables(content, view), content.areas, strict=True):
        data_rows = iter(area.rows)
        rows = []
        for row in table.rows:
            data = None if row.heading else next(data_rows)
            theme = data.theme if data is not None else ""
            changed = data.theme_changed if data is not None else False
            rows.append({"row": row, "theme": theme, "theme_changed": changed})
        header = [c for c in table.columns if c.key != "title" or not table.theme_column]
        result.append({"table": table, "rows": rows, "header": header})
    return result


def indicator_figure(chart: IndicatorChart, chart_id: str) -> dict[str, Any]:
    """An indicator chart as a web page shows it (``reports/_indicator_figure.html``): what
    the PDF's page has (title, where, the facts line, the notes on hidden periods and the
    source), the chart drawn wide and again narrow for a phone, with its target, and its
    figures for a table. ``chart_id`` must be unique on the page."""
    from fremdrift.indicators.charts import Point, responsive, series_svg

    from .pdf import indicator_page

    shown = indicator_page(chart, 0)
    points = [Point(p.label, p.value, p.preliminary, p.hidden, p.text) for p in chart.points]
    if points:
        shown["svg"] = responsive(
            series_svg,
            points,
            title=chart.title,
            chart_id=chart_id,
            rate=chart.rate,
            target=chart.target,
            target_text=chart.target_text,
            unit=chart.unit,
        )
    shown["id"] = chart_id
    shown["points"] = chart.points
    return shown
