"""Tables on slides as grids: text with red and bold runs, merges and explicit fills.

The reading of the grid (header, title rows, bands, themes, status) is shared with workbooks
and CSV files (``columns.py``, ``rows.py``). Two deck layouts are the seeds':

* the status table *Initiativer | Status | Opfølgning: Lokal/Fælles*, usually with a theme
  column left of the initiatives (an empty header cell, or "Initiativer" merged over two
  columns), themes as merged cells spanning rows, as the first bold line of the initiative
  cell, or as a full-width row;
* the year-plan table *Implementering | Opgave i 2021 | Status* whose status cell is a phase
  ("Udvikling -> Implementering") and whose in-table sub-heading "Udviklingsindsatser" switches
  the kind of the rows after it.

Others work the same way: columns in any order under other names, the header below a caption
row, separate local and common follow-up columns.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_FILL

from .grid import GridCell
from .pptx_cells import EMPTY, cell_text
from .text import one_line

HEADER_SEARCH_ROWS = 5
_WHITE = {"FFFFFF"}


def _fill(cell) -> str | None:  # python-pptx _Cell
    try:
        if cell.fill.type != MSO_FILL.SOLID:
            return None
        value = str(cell.fill.fore_color.rgb)
    except (AttributeError, TypeError, ValueError, NotImplementedError):
        return None
    return None if value.upper() in _WHITE else value.upper()


def table_grid(table) -> list[list[GridCell]]:  # python-pptx Table
    """The table as rows of :class:`GridCell`."""
    grid = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            origin = cell.is_merge_origin
            content = EMPTY if cell.is_spanned else cell_text(cell.text_frame)
            fill = _fill(cell)
            cells.append(
                GridCell(
                    content=content,
                    spanned=cell.is_spanned,
                    origin=origin,
                    span_width=cell.span_width if origin else 1,
                    span_height=cell.span_height if origin else 1,
                    filled=fill,
                    style=(content.all_bold, fill),
                )
            )
        grid.append(cells)
    _offsets(grid)
    return grid


def _offsets(grid: list[list[GridCell]]) -> None:
    """Give every spanned cell the offset of its merge origin (python-pptx does not)."""
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if not cell.origin:
                continue
            for dr in range(cell.span_height):
                for dc in range(cell.span_width):
                    if (dr, dc) != (0, 0) and r + dr < len(grid) and c + dc < len(grid[r + dr]):
                        grid[r + dr][c + dc].origin_offset = (dr, dc)


def header_summary(grid: list[list[GridCell]]) -> str:
    """The first non-empty row's texts, for the warning about an unrecognised header."""
    for row in grid[:HEADER_SEARCH_ROWS]:
        texts = [one_line(cell.text) for cell in row if one_line(cell.text)]
        if texts:
            return " | ".join(texts)[:200]
    return ""
