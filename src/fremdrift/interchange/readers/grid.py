"""A table as every reader sees it: rows of cells with text, merges and a little formatting.

Decks (python-pptx tables), workbooks (a sheet) and CSV files are all turned into a
:class:`Grid`, and one reader of grids (``rows.py``) finds the header, the title rows above it,
band rows, themes, red updates and initiatives in all of them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Location
from .richtext import EMPTY, CellText


@dataclass
class GridCell:
    """One cell: its text, its place in a merge and a signature of its look.

    ``spanned`` cells are covered by a merge whose top-left cell (``origin``) holds the text;
    ``style`` is a small hashable summary (bold, size, fill) used to tell section bands from
    theme bands; ``filled`` is the cell's background colour (RRGGBB), if it has one.
    """

    content: CellText = EMPTY
    spanned: bool = False
    origin: bool = False
    span_width: int = 1
    span_height: int = 1
    filled: str | None = None
    style: tuple = ()
    # For a spanned cell: the offset (rows, columns) of its merge origin.
    origin_offset: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def line(self) -> str:
        """The text on one line."""
        return self.content.line


@dataclass
class Grid:
    """Rows of cells, the row numbers the user sees, and where the grid is."""

    rows: list[list[GridCell]]
    numbers: list[int]
    location: Location
    # Slide titles (decks) and sheet names (workbooks) name the grid; CSV files have none.
    name: str = ""

    def row_location(self, index: int, column: str | None = None) -> Location:
        """The location of row ``index`` (0-based) as the user numbers it."""
        number = self.numbers[index] if index < len(self.numbers) else index + 1
        return self.location.with_(row=number, column=column)


def apply_merges(
    rows: list[list[GridCell]], merges: list[tuple[int, int, int, int]]
) -> list[list[GridCell]]:
    """Mark merged ranges (first row, first column, last row, last column; 0-based, inclusive).

    The top-left cell becomes the origin with its span; the other cells become spanned and
    lose any text (spreadsheets keep none there either).
    """
    for top, left, bottom, right in merges:
        if top >= len(rows) or (top, left) == (bottom, right):
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            while len(rows[r]) <= right:
                rows[r].append(GridCell())
        origin = rows[top][left]
        origin.origin = True
        origin.span_width = right - left + 1
        origin.span_height = bottom - top + 1
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    cell = rows[r][c]
                    cell.spanned = True
                    cell.content = EMPTY
                    cell.origin_offset = (r - top, c - left)
                    cell.filled = cell.filled or origin.filled
    return rows
