"""CSV and XLSX downloads of exactly what the dashboard shows (suppression included)."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core.xlsx import append, csv_bytes, new_workbook, workbook_bytes
from fremdrift.indicators.queries import HIDDEN, Cell, Dashboard

COLUMNS = (
    "section",
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "geo_name",
    "numerator",
    "denominator",
    "value",
    "provisional",
    "preliminary",
    "suppressed",
)


def _section_rows(board: Dashboard) -> list[tuple[str, Cell]]:
    return (
        [("series", c) for c in board.series]
        + [("municipality", c) for c in board.municipalities]
        + [("cluster", c) for c in board.clusters]
        + [("region_total", c) for c in board.region_totals]
    )


def _row(board: Dashboard, section: str, cell: Cell) -> list[Any]:
    s = board.selection
    hidden = cell.hidden
    rate = cell.is_rate
    return [
        section,
        cell.indicator,
        s.sector,
        s.period_type,
        cell.period,
        cell.geo_level,
        cell.geo_code,
        cell.geo_name,
        HIDDEN if hidden else cell.numerator,
        (HIDDEN if hidden else cell.denominator) if rate else None,
        HIDDEN if hidden else cell.value,
        HIDDEN if hidden else cell.provisional,
        cell.preliminary,
        cell.suppressed,
    ]


def settings_lines(board: Dashboard) -> list[tuple[str, str]]:
    run = board.selection.run
    return [
        (_("Run"), str(run.pk)),
        (_("Data as of"), timezone.localtime(run.as_of).isoformat()),
        (
            _("Published"),
            timezone.localtime(run.published_at).isoformat() if run.published_at else "",
        ),
        (_("Settings"), json.dumps(run.params, ensure_ascii=False, sort_keys=True)),
        (_("Public view"), _("yes") if board.selection.public else _("no")),
    ]


def to_csv(board: Dashboard) -> bytes:
    """UTF-8 CSV (with BOM for Excel); the run, data time and settings in every row."""
    run = board.selection.run
    params = json.dumps(run.params, ensure_ascii=False, sort_keys=True)
    as_of = timezone.localtime(run.as_of).isoformat()
    rows = []
    for section, cell in _section_rows(board):
        row = ["" if v is None else v for v in _row(board, section, cell)]
        row = [str(v).lower() if isinstance(v, bool) else v for v in row]
        rows.append([*row, run.pk, as_of, params])
    return csv_bytes([*COLUMNS, "run", "as_of", "params"], rows, delimiter=",")


def to_xlsx(board: Dashboard) -> bytes:
    """A workbook: the figures shown, and a sheet with the run's settings and data time."""
    from openpyxl.styles import Font

    book = new_workbook()
    sheet = book.active
    sheet.title = _("Indicators")[:31]
    append(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for section, cell in _section_rows(board):
        append(sheet, _row(board, section, cell))
    sheet.freeze_panes = "A2"
    info = book.create_sheet(_("Settings")[:31])
    for label, value in settings_lines(board):
        append(info, [label, value])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    return workbook_bytes(book)
