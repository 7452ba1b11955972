"""The table model shared by the renderers: which columns an area has and what is in a cell.

A cell is a list of paragraphs; a paragraph is a list of :class:`Piece` (text, marked,
bold). Renderers turn pieces into runs (PPTX), spans (HTML, PDF) or rich text (XLSX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content import LAYOUT_YEAR_TASK, AreaContent, ReportContent, ReportRow
from ..marking import MarkedText
from .base import Labels
from .measure import SOFT_BREAK, Piece
from .pagination import SourceRow

Paragraph = list[Piece]
Cell = list[Paragraph]


class SoftLine(list):
    """A paragraph that continues the one before it after a soft line break: the deck
    writes a line break inside that paragraph, the other renderers a line break."""

    soft = True


@dataclass(frozen=True)
class Column:
    """A table column: its key, header text and share of the table width."""

    key: str
    header: str
    share: float


@dataclass(frozen=True)
class CellView:
    """What the cells of a report show besides the texts, from the plan's deck layout."""

    year_plan: bool = False  # the Status column holds the phase
    show_phase: bool = False  # "Fase: …" under the status (status layout)
    show_not_reported: bool = False  # "[Ikke indrapporteret]" first in the status cell
    bold_changes: bool = False  # changed text is bold as well as red

    @classmethod
    def of(cls, content: ReportContent, *, not_reported: bool | None = None) -> CellView:
        """The view of a report; ``not_reported`` overrides the plan's choice (web page)."""
        options = content.options
        return cls(
            year_plan=content.layout == LAYOUT_YEAR_TASK,
            show_phase=options.show_phase,
            show_not_reported=options.show_not_reported if not_reported is None else not_reported,
            bold_changes=options.change_marker == "bold",
        )


def columns(content: ReportContent, area: AreaContent) -> list[Column]:
    """The columns of an area's table.

    Status decks: *Initiativer | Status | Opfølgning: Lokal/Fælles*, where "Initiativer"
    spans a theme column when the area has themes (as in the winter plan). Year plans:
    *Implementering | Opgave i 2021 | Status*, with themes ("Udviklingsindsatser") as
    full-width rows and the phase in the Status column.
    """
    if content.layout == LAYOUT_YEAR_TASK:
        first_kind = area.rows[0].kind if area.rows else ""
        year = content.period_start.year if content.period_start else None
        return [
            Column("title", Labels.kind_heading(first_kind), 0.30),
            Column("year_task", Labels.task(year), 0.44),
            Column("status", Labels.status(), 0.26),
        ]
    if area.has_themes:
        return [
            Column("theme", Labels.initiatives(), 0.15),
            Column("title", "", 0.37),
            Column("status", Labels.status(), 0.28),
            Column("follow_up", Labels.follow_up(), 0.20),
        ]
    return [
        Column("title", Labels.initiatives(), 0.40),
        Column("status", Labels.status(), 0.36),
        Column("follow_up", Labels.follow_up(), 0.24),
    ]


def theme_as_column(content: ReportContent, area: AreaContent) -> bool:
    """True when themes sit in their own first column (else they are full-width rows)."""
    return content.layout != LAYOUT_YEAR_TASK and area.has_themes


def marked_paragraphs(
    text: MarkedText, *, bold: bool = False, bold_changes: bool = False
) -> list[Paragraph]:
    """Split marked text into paragraphs at line breaks; runs of blank lines count once."""
    paragraphs: list[Paragraph] = [[]]
    for segment in text:
        parts = _LINE_BREAKS.split(segment.text.replace("\r\n", "\n").replace("\r", "\n"))
        strong = bold or (bold_changes and segment.changed)
        for index, part in enumerate(parts):
            if index % 2:
                paragraphs.append(SoftLine() if part == SOFT_BREAK else [])
            elif part:
                paragraphs[-1].append(Piece(part, segment.changed, strong))
    cleaned: list[Paragraph] = []
    for paragraph in paragraphs:
        blank = not any(p.text.strip() for p in paragraph)
        if blank and (not cleaned or not _has_text(cleaned[-1])):
            continue
        cleaned.append(type(paragraph)() if blank else paragraph)
    while cleaned and not _has_text(cleaned[-1]):
        cleaned.pop()
    if cleaned and isinstance(cleaned[0], SoftLine):
        cleaned[0] = list(cleaned[0])
    return [_bridge(paragraph) for paragraph in cleaned]


_LINE_BREAKS = re.compile(f"(\n|{SOFT_BREAK})")


def _bridge(paragraph: Paragraph) -> Paragraph:
    """Mark the space between two changed sentences too, so an underline does not break."""
    result = type(paragraph)(paragraph)
    for index in range(1, len(result) - 1):
        piece = result[index]
        if (
            not piece.changed
            and not piece.text.strip()
            and result[index - 1].changed
            and result[index + 1].changed
        ):
            result[index] = Piece(piece.text, True, piece.bold)
    return result


def _has_text(paragraph: Paragraph) -> bool:
    return any(p.text.strip() for p in paragraph)


def _phase_paragraphs(row: ReportRow, view: CellView, *, prefix: bool) -> list[Paragraph]:
    """The phase ("Udvikling -> Implementering"), after a bold "Fase:" in status cells."""
    if not row.phase.text.strip():
        return []
    pieces = [Piece(Labels.phase_prefix() + " ", False, True)] if prefix else []
    pieces.extend(
        Piece(s.text, s.changed, view.bold_changes and s.changed) for s in row.phase if s.text
    )
    return [pieces]


def _not_reported(row: ReportRow, view: CellView) -> list[Paragraph]:
    """The visible marker for an initiative that has not reported (when the plan wants it)."""
    if not (row.not_reported and view.show_not_reported):
        return []
    return [[Piece(f"[{Labels.not_reported()}]", False, True)]]


def cell(row: ReportRow, key: str, view: CellView | None = None) -> Cell:
    """The content of one cell of a row."""
    view = view or CellView()
    if key == "theme":
        return _theme_cell(row, row.theme)
    if key == "title":
        return marked_paragraphs(row.title, bold_changes=view.bold_changes)
    if key == "year_task":
        return marked_paragraphs(row.year_task, bold_changes=view.bold_changes)
    if key == "follow_up":
        return marked_paragraphs(row.follow_up, bold_changes=view.bold_changes)
    if key == "status":
        return _status_cell(row, view)
    raise KeyError(key)


def _theme_cell(row: ReportRow, text: str) -> Cell:
    """The row's theme heading (or ``text`` said of it), marked when the heading changed."""
    return [[Piece(text, row.theme_changed, True)]] if row.theme else []


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).rstrip(".") == " ".join(b.split()).rstrip(".")


def _status_cell(row: ReportRow, view: CellView) -> Cell:
    """The status cell.

    Status layout: the status text, with the phase line when the plan wants it. Year plans:
    the phase, as in the region's year plan ("Udvikling -> Implementering"), followed by the
    status text only where it says more than the task for the year.
    """
    status = marked_paragraphs(row.status, bold_changes=view.bold_changes)
    if view.year_plan:
        first = _phase_paragraphs(row, view, prefix=False)
        second = [] if _same_text(row.status.text, row.year_task.text) else status
    else:
        first = status
        second = _phase_paragraphs(row, view, prefix=True) if view.show_phase else []
    gap: list[Paragraph] = [[]] if first and second else []
    return _not_reported(row, view) + first + gap + second


def source_rows(
    area: AreaContent, cols: list[Column], theme_column: bool, view: CellView
) -> list[SourceRow]:
    """The rows of an area to place on slides or pages: theme headings where themes are not a
    column (year plans) and each initiative's cells, with "(fortsat)" for a split row's rest."""
    rows: list[SourceRow] = []
    continued_row = [[Piece(Labels.continued_row(), False, True)]]
    title_column = 1 if theme_column else 0
    previous: str | None = None
    for row in area.rows:
        group = row.theme_group
        continued = _theme_cell(row, Labels.continued(row.theme))
        if not theme_column and row.theme and group != previous:
            heading = _theme_cell(row, row.theme)
            rows.append(SourceRow([heading], heading=True, group=group, continued_theme=continued))
        previous = group
        cells = [cell(row, c.key, view) for c in cols]
        rows.append(
            SourceRow(
                cells,
                group=group,
                theme=cells[0] if theme_column else None,
                continued_theme=continued if theme_column and row.theme else None,
                continued_row=continued_row,
                title_column=title_column,
                ref=row.ref,
            )
        )
    return rows


def plain(cell_: Cell) -> str:
    """A cell as plain text, paragraphs (and soft line breaks) joined with line breaks."""
    return "\n".join("".join(p.text for p in paragraph) for paragraph in cell_)
