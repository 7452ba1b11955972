"""Split a table over slides by measuring the wrapped text of every cell.

Pure layout arithmetic in points: no python-pptx here. Rows are placed one by one; a row
that does not fit starts a new slide, and a row taller than a whole slide is split between
lines so that no table ever runs past the bottom margin. A row is also split rather than
moved when moving it would leave the slide (or page) less full than ``min_fill``. The rest
of a split row starts with "(fortsat)", so that no reader takes it for a row of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from .measure import Measurer, Piece, measurer_for

Cell = list[list[Piece]]


class Line(NamedTuple):
    """A wrapped line; ``first`` is True when it starts a paragraph."""

    pieces: tuple[Piece, ...]
    first: bool
    soft: bool = False  # starts after a soft line break inside its paragraph


@dataclass(frozen=True)
class TableGeometry:
    """Column widths, fonts and cell margins of a table, in points."""

    column_widths: tuple[float, ...]
    font: str = "Arial"
    body_size: float = 11.0
    header_size: float = 12.0
    margin_x: float = 4.0
    margin_y: float = 3.0
    wrap_safety: float = 0.96  # wrap a little narrower than the cell: renderers differ

    def inner_width(self, column: int, span: int = 1) -> float:
        """The width available to text in a column (or a span of columns)."""
        width = sum(self.column_widths[column : column + span])
        return (width - 2 * self.margin_x) * self.wrap_safety


@dataclass
class SourceRow:
    """A row to place: a data row (one cell per column) or a full-width heading."""

    cells: list[Cell]
    heading: bool = False
    group: str = ""  # theme of the row; theme cells of a group are merged on a slide
    theme: Cell | None = None  # the theme column's cell, shown once per group per slide
    continued_theme: Cell | None = None  # shown when a group continues on a new slide
    continued_row: Cell | None = None  # put above the rest of the row when it is split
    title_column: int = 0  # the column that carries ``continued_row``
    ref: str = ""  # the initiative's reference (decks carry it in the table's name)


@dataclass
class PlacedRow:
    """A row on a slide: wrapped lines per cell and its measured height."""

    cells: list[list[Line]]
    height: float
    heading: bool = False
    header: bool = False
    group: str = ""
    group_start: bool = False  # first row of its theme group on this slide
    ref: str = ""  # the initiative's reference; "" on the rest of a split row


@dataclass
class Page:
    """The rows of one slide's table, the header row first."""

    rows: list[PlacedRow] = field(default_factory=list)

    @property
    def height(self) -> float:
        """The table's total height in points."""
        return sum(r.height for r in self.rows)

    @property
    def has_body(self) -> bool:
        """True when any data row is on the page."""
        return any(not r.header and not r.heading for r in self.rows)


class Paginator:
    """Places rows on pages of ``available`` points, repeating the header row."""

    def __init__(
        self,
        geometry: TableGeometry,
        header: list[Cell],
        available: float,
        *,
        theme_column: bool,
        min_fill: float = 0.0,
        first_available: float | None = None,
    ) -> None:
        self.geometry = geometry
        self.min_fill = min_fill
        self.first_available = available if first_available is None else first_available
        self.body = measurer_for(geometry.font, geometry.body_size)
        self.header_measurer = measurer_for(geometry.font, geometry.header_size)
        self.available = available
        self.theme_column = theme_column
        self.header = self._measure(header, self.header_measurer, header=True)
        if self.header.height + self._min_row_height() > min(available, self.first_available):
            raise ValueError("The slide has no room for a table row below the header.")
        self.pages: list[Page] = []
        self.heading: SourceRow | None = None
        self.last_group: str | None = None  # group of the last placed data row
        self._new_page()

    # -- measuring ---------------------------------------------------------------------

    def _wrap_cell(self, cell: Cell, column: int, measurer: Measurer, span: int = 1) -> list[Line]:
        width = self.geometry.inner_width(column, span)
        lines: list[Line] = []
        for paragraph in cell:
            wrapped = measurer.wrap(paragraph, width) if paragraph else [()]
            soft = getattr(paragraph, "soft", False) and bool(lines)
            lines.extend(
                Line(pieces, i == 0 and not soft, soft=i == 0 and soft)
                for i, pieces in enumerate(wrapped)
            )
        return lines

    def _cell_height(self, lines: list[Line], measurer: Measurer) -> float:
        return max(1, len(lines)) * measurer.line_height_pt + 2 * self.geometry.margin_y

    def _measure(self, cells: list[Cell], measurer: Measurer, *, header: bool = False) -> PlacedRow:
        wrapped = [self._wrap_cell(c, i, measurer) for i, c in enumerate(cells)]
        height = max(self._cell_height(lines, measurer) for lines in wrapped)
        return PlacedRow(wrapped, height, header=header)

    def _min_row_height(self) -> float:
        return self.body.line_height_pt + 2 * self.geometry.margin_y

    # -- pages -------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_available(self) -> float:
        """The table height the current page has room for (the first may have less)."""
        return self.first_available if len(self.pages) == 1 else self.available

    @property
    def remaining(self) -> float:
        return self.page_available - self.page.height

    def _new_page(self) -> None:
        self.pages.append(Page([self.header]))

    def _heading_row(self, row: SourceRow, continued: Cell | None = None) -> PlacedRow:
        span = len(self.geometry.column_widths)
        lines = self._wrap_cell(continued or row.cells[0], 0, self.body, span)
        return PlacedRow(
            [lines], self._cell_height(lines, self.body), heading=True, group=row.group
        )

    def _break_page(self, next_group: str) -> None:
        """Start a new page; repeat the current heading when its group goes on."""
        self._new_page()
        if self.heading is not None and self.heading.group == next_group:
            self.page.rows.append(self._heading_row(self.heading, self.heading.continued_theme))

    # -- placing -----------------------------------------------------------------------

    def add(self, row: SourceRow) -> None:
        """Place one row, starting new pages and splitting it as needed."""
        if row.heading:
            self._add_heading(row)
        else:
            self._add_data(row)

    def _add_heading(self, row: SourceRow) -> None:
        placed = self._heading_row(row)
        # Keep a heading with at least three lines of its first row.
        if self.page.has_body and placed.height + 3 * self._min_row_height() > self.remaining:
            self._new_page()
        self.heading = row
        self.page.rows.append(placed)

    def _group_starts_here(self, group: str) -> bool:
        last = self.page.rows[-1]
        return last.header or last.heading or last.group != group or not group

    def _theme_cell(self, row: SourceRow, first_of_row: bool) -> Cell:
        """The theme, or "<theme> (continued)" when the group goes on from the last slide."""
        if not self.theme_column or row.theme is None:
            return []
        if self.last_group == row.group or not first_of_row:
            return row.continued_theme or row.theme
        return row.theme

    def _add_data(self, row: SourceRow) -> None:
        body = [self._wrap_cell(c, i, self.body) for i, c in enumerate(row.cells)]
        first_part = True
        while True:
            starts = self._group_starts_here(row.group)
            cells = list(body)
            if self.theme_column:
                theme = self._theme_cell(row, first_part) if starts else []
                cells[0] = self._wrap_cell(theme, 0, self.body)
            height = max(self._cell_height(lines, self.body) for lines in cells)
            if height <= self.remaining:
                ref = row.ref if first_part else ""
                self.page.rows.append(
                    PlacedRow(cells, height, group=row.group, group_start=starts, ref=ref)
                )
                self.last_group = row.group
                return
            if self.page.has_body and not self._split_here(height):
                self._break_page(row.group)
                continue
            body = self._split(cells, row.group, starts, row.ref if first_part else "")
            self.last_group = row.group
            if self.theme_column:
                body[0] = []
            if not any(body):
                return
            if row.continued_row:
                label = self._wrap_cell(row.continued_row, row.title_column, self.body)
                body[row.title_column] = label + body[row.title_column]
            first_part = False
            self._break_page(row.group)

    def _split_here(self, height: float) -> bool:
        """Split a row that does not fit rather than move it, if that is better.

        A row taller than a whole page has to be split; a row that would leave this page
        emptier than ``min_fill`` is split too. Either only if a useful part of it fits.
        """
        if not self._can_split_here():
            return False
        full = self.page_available - self.header.height
        return height > full or self.page.height < self.min_fill * self.page_available

    def _can_split_here(self) -> bool:
        """Split a too-tall row on this page only if a useful part of the page is left."""
        return self.remaining >= 4 * self.body.line_height_pt + 2 * self.geometry.margin_y

    def _split(
        self, cells: list[list[Line]], group: str, starts: bool, ref: str = ""
    ) -> list[list[Line]]:
        """Place as many lines of every cell as fit; return the lines that are left."""
        room = self.remaining - 2 * self.geometry.margin_y
        fit = math.floor(room / self.body.line_height_pt + 1e-9)
        if fit < 1:
            raise ValueError("No room for a single line of text on an empty slide.")
        head = [lines[:fit] for lines in cells]
        rest = [
            [Line(ls[0].pieces, True), *ls[1:]] if ls else [] for ls in (c[fit:] for c in cells)
        ]
        height = max(self._cell_height(lines, self.body) for lines in head)
        self.page.rows.append(PlacedRow(head, height, group=group, group_start=starts, ref=ref))
        return rest


def paginate(
    rows: list[SourceRow],
    geometry: TableGeometry,
    header: list[Cell],
    available: float,
    *,
    theme_column: bool = False,
    min_fill: float = 0.0,
    first_available: float | None = None,
) -> list[Page]:
    """Lay ``rows`` out on pages whose tables are at most ``available`` points tall
    (``first_available`` on the first page, when the page has less room there)."""
    paginator = Paginator(
        geometry,
        header,
        available,
        theme_column=theme_column,
        min_fill=min_fill,
        first_available=first_available,
    )
    for row in rows:
        paginator.add(row)
    pages = paginator.pages
    if len(pages) > 1 and not pages[-1].has_body:
        pages.pop()
    return pages
