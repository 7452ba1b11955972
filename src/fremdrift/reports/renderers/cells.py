"""The table model shared by the renderers: which columns an area has and what is in a cell.

A cell is a list of paragraphs; a paragraph is a list of :class:`Piece` (text, marked,
bold). Renderers turn pieces into runs (PPTX), spans (HTML, PDF) or rich text (XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import LAYOUT_YEAR_TASK, AreaContent, ReportContent, ReportRow
from ..marking import MarkedText
from .base import Labels
from .measure import Piece

Paragraph = list[Piece]
Cell = list[Paragraph]


@dataclass(frozen=True)
class Column:
    """A table column: its key, header text and share of the table width."""

    key: str
    header: str
    share: float


def columns(content: ReportContent, area: AreaContent) -> list[Column]:
    """The columns of an area's table.

    Status decks: *Initiativer | Status | Opfølgning: Lokal/Fælles*, where "Initiativer"
    spans a theme column when the area has themes (as in the winter plan). Year plans:
    *Indsats | Opgave | Status*, with themes as full-width rows.
    """
    if content.layout == LAYOUT_YEAR_TASK:
        return [
            Column("title", Labels.initiative(), 0.28),
            Column("year_task", Labels.task(), 0.40),
            Column("status", Labels.status(), 0.32),
        ]
    if area.has_themes:
        return [
            Column("theme", Labels.initiatives(), 0.16),
            Column("title", "", 0.33),
            Column("status", Labels.status(), 0.29),
            Column("follow_up", Labels.follow_up(), 0.22),
        ]
    return [
        Column("title", Labels.initiatives(), 0.38),
        Column("status", Labels.status(), 0.37),
        Column("follow_up", Labels.follow_up(), 0.25),
    ]


def theme_as_column(content: ReportContent, area: AreaContent) -> bool:
    """True when themes sit in their own first column (else they are full-width rows)."""
    return content.layout != LAYOUT_YEAR_TASK and area.has_themes


def marked_paragraphs(text: MarkedText, *, bold: bool = False) -> list[Paragraph]:
    """Split marked text into paragraphs at line breaks; runs of blank lines count once."""
    paragraphs: list[Paragraph] = [[]]
    for segment in text:
        parts = segment.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for index, part in enumerate(parts):
            if index:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Piece(part, segment.changed, bold))
    cleaned: list[Paragraph] = []
    for paragraph in paragraphs:
        blank = not any(p.text.strip() for p in paragraph)
        if blank and (not cleaned or not _has_text(cleaned[-1])):
            continue
        cleaned.append([] if blank else paragraph)
    while cleaned and not _has_text(cleaned[-1]):
        cleaned.pop()
    return cleaned


def _has_text(paragraph: Paragraph) -> bool:
    return any(p.text.strip() for p in paragraph)


def _phase_paragraphs(row: ReportRow) -> list[Paragraph]:
    """ "Fase: Udvikling -> Implementering" with the label in bold."""
    if not row.phase.text.strip():
        return []
    pieces = [Piece(Labels.phase_prefix() + " ", False, True)]
    pieces.extend(Piece(s.text, s.changed) for s in row.phase if s.text)
    return [pieces]


def _not_reported(row: ReportRow) -> list[Paragraph]:
    """The visible marker for an initiative that has not reported."""
    return [[Piece(f"[{Labels.not_reported()}]", False, True)]] if row.not_reported else []


def cell(row: ReportRow, key: str, *, phase_first: bool = False) -> Cell:
    """The content of one cell of a row (year plans put the phase first in "Status")."""
    if key == "theme":
        return [[Piece(row.theme, False, True)]] if row.theme else []
    if key == "title":
        return marked_paragraphs(row.title)
    if key == "year_task":
        return marked_paragraphs(row.year_task)
    if key == "follow_up":
        return marked_paragraphs(row.follow_up)
    if key == "status":
        return _status_cell(row, phase_first)
    raise KeyError(key)


def _status_cell(row: ReportRow, phase_first: bool) -> Cell:
    """Status text and the phase line; the not-reported marker first."""
    status = marked_paragraphs(row.status)
    phase = _phase_paragraphs(row)
    first, second = (phase, status) if phase_first else (status, phase)
    gap: list[Paragraph] = [[]] if first and second else []
    return _not_reported(row) + first + gap + second


def plain(cell_: Cell) -> str:
    """A cell as plain text, paragraphs joined with line breaks."""
    return "\n".join("".join(p.text for p in paragraph) for paragraph in cell_)
