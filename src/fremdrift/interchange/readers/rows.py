"""Initiatives from the rows of a grid below its header, in decks, workbooks and CSV alike.

A grid is split into *blocks*: the table under the header, and a further table wherever the
header is repeated (all sections on one sheet). The rows right above a header are the block's
*title rows* (section title, plan title, a date, a legend); the reader of the file decides which
is which (see ``titles.py``).

Inside a block a row is one of:

* empty, or a legend ("Opdateringer m/ rød skrift", "Rød skrift = nyt", "Opdateret");
* a repeated header, or a kind heading ("Udviklingsindsatser") that switches the kind;
* a *band*: one text alone in the row, merged across columns, bold, filled or left of the
  initiatives. A band is a theme, or a section when the table has themes of its own (a theme
  column or bold headings in the initiative cells), when it is directly followed by another
  band, or when it has the look of the bands that are;
* an initiative row. A theme column is filled down (a blank or merged cell keeps the theme
  above); a bold first paragraph in the initiative cell is its theme; red runs in the status are
  the latest update and the rest the earlier status; a row without initiative text continues the
  previous initiative (decks split rows across slides, sheets merge the initiative cell down).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .assemble import RawInitiative
from .base import Diagnostic, Location, ReadError
from .columns import (
    AREA,
    COMMON,
    FOLLOW_UP,
    KIND,
    LEAD,
    LOCAL,
    MAX_HEADER_CHARS,
    PHASE,
    PHASE_TARGET,
    REF,
    RESPONSIBLE,
    STATUS,
    STATUS_DATE,
    THEME,
    TITLE,
    WORK_FORM,
    YEAR_TASK,
    Layout,
    header_key,
    header_role,
)
from .followup import follow_up_from_columns, parse_follow_up
from .grid import Grid, GridCell
from .richtext import CellText
from .text import (
    clean_text,
    find_date,
    normalise_name,
    normalise_text,
    one_line,
    pagination_base,
    parse_date_value,
    strip_pagination,
)
from .vocab import (
    kind_heading,
    parse_kind,
    parse_phase,
    parse_work_form,
    split_phase_line,
    work_form_from_title,
)

logger = logging.getLogger(__name__)

# "Opdateringer m/ rød skrift", "Rød skrift = opdateret", "Ændringer markeret med rødt",
# "Opdateret", "Updates in red" (on the accent-folded text, see ``normalise_name``).
_LEGEND = re.compile(
    r"\b(?:roe?d|red)t?\s*(?:skrift|tekst|text|farve|markering|=|:)"
    r"|\bopdatering(?:er)?\s*(?:m|med)?\s*/?\s*(?:roe?d|red)"
    r"|\bmarkeret\s+(?:med\s+)?(?:roe?d|red)t?"
    r"|\b(?:updates?|changes?)\s+in\s+red"
    r"|^(?:opdateret|opdateringer|nyt|aendret|roedt?|updated?)$"
)
MAX_LEGEND_WORDS = 10
# A column holds phases rather than status text when at least this share of its cells is a
# phase and nothing else ("Udvikling -> Implementering", the year plan's Status column).
PHASE_COLUMN_SHARE = 0.5
# Bold title cells mark bands only when most initiative cells are not bold.
STYLE_MARKS_BAND_SHARE = 0.5


@lru_cache(maxsize=4096)
def is_legend(text: str) -> bool:
    """True for a legend of the red marking ("Opdateringer m/ rød skrift", "Opdateret")."""
    folded = normalise_name(one_line(text))
    return bool(folded) and len(folded.split()) <= MAX_LEGEND_WORDS and bool(_LEGEND.search(folded))


@dataclass
class TitleLine:
    """A row above a header holding one text: a title, a date line or a legend."""

    text: str
    row: int
    style: tuple = ()
    date: dt.date | None = None

    @property
    def is_date_only(self) -> bool:
        """A line that is only a date ("Status pr. 1. marts 2022", "Opdateret 8/2-2022")."""
        if self.date is None:
            return False
        rest = _DATE_WORDS.sub(" ", normalise_name(self.text))
        return not re.search(r"[^\W\d_]{3,}", rest)


_DATE_WORDS = re.compile(
    r"\b(?:status|pr|per|den|d|dato|opdateret|senest|sidst|seneste|version|udgave|af|"
    r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec|kl)\b"
)


@dataclass
class Block:
    """One table in a grid: its title rows, header rows and data rows [start, end)."""

    titles: list[TitleLine]
    header: tuple[int, ...]
    start: int
    end: int
    area: str | None = None


@dataclass
class TableState:
    """What carries over between rows, blocks, tables and continuation slides of one area."""

    filename: str
    area: str
    theme: str | None = None
    kind: str | None = None
    last: RawInitiative | None = None
    status_date: dt.date | None = None
    raws: list[RawInitiative] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Decks split a row across slides: a row without initiative text continues the last one.
    continue_untitled: bool = False
    # The app's own export separates several units in a cell with ";" only.
    own_export: bool = False
    # Whether something other than bands names the table's section (a title row, the sheet's
    # or slide's title); without, bands over a table without themes are its sections.
    section_named: bool = True
    # Sections named elsewhere in the file (sheet names, title rows, slide titles), as keys
    # of ``normalise_text``: a band naming one of them is a section.
    known_sections: frozenset[str] = frozenset()
    # Where ``area`` and ``theme`` were read (a slide, a sheet, a band, a cell), for
    # messages about them.
    area_at: Location | None = None
    theme_at: Location | None = None


def row_texts(row: list[GridCell]) -> list[tuple[int, str]]:
    """(column, one-line text) of the row's non-empty cells."""
    return [(i, cell.line) for i, cell in enumerate(row) if cell.line]


def title_line(grid: Grid, index: int) -> TitleLine | None:
    """The row as a title line, if it holds text (several texts are joined)."""
    texts = row_texts(grid.rows[index])
    if not texts:
        return None
    text = " ".join(text for _, text in texts)
    cell = grid.rows[index][texts[0][0]]
    return TitleLine(text, index, cell.style, find_date(text))


def _is_header_like(row: list[GridCell]) -> bool:
    texts = [text for _, text in row_texts(row)]
    if not texts or any(len(text) > MAX_HEADER_CHARS for text in texts):
        return False
    texts = [text for text in texts if not is_legend(text)]
    return bool(texts) and all(header_role(text) for text in texts)


def _same_header(row: list[GridCell], layout: Layout) -> bool:
    if any(len(cell.line) > MAX_HEADER_CHARS for cell in row):
        return False
    texts = [header_key(cell.line) for cell in row]
    header = [header_key(text) for text in layout.texts]
    nonempty = [t for t in texts if t]
    return len(nonempty) >= 2 and [t for t in texts if t] == [t for t in header if t]


MAX_TITLE_LINES = 3


def split_blocks(grid: Grid, layout: Layout) -> list[Block]:
    """The blocks of a grid: the first table and one more per repeated header."""
    titles = [line for i in range(layout.first) if (line := title_line(grid, i))]
    blocks = [Block(titles, layout.header_rows, layout.last + 1, len(grid.rows))]
    index = layout.last + 1
    while index < len(grid.rows):
        if not _is_repeated_header(grid.rows[index], layout):
            index += 1
            continue
        header_start = index
        above = grid.rows[index - 1]
        if index - 1 >= blocks[-1].start and _is_header_like(above) and not _is_kind_row(above):
            header_start = index - 1  # the group row of a repeated two-row header
        first_title, lines = _titles_above(grid, header_start, blocks[-1].start, layout)
        blocks[-1].end = first_title
        blocks.append(
            Block(lines, tuple(range(header_start, index + 1)), index + 1, len(grid.rows))
        )
        index += 1
    return blocks


def _is_repeated_header(row: list[GridCell], layout: Layout) -> bool:
    if _same_header(row, layout):
        return True
    return _is_header_like(row) and len(row_texts(row)) >= 2 and not _is_kind_row(row)


def _titles_above(
    grid: Grid, header_start: int, floor: int, layout: Layout
) -> tuple[int, list[TitleLine]]:
    """The single-text rows right above a repeated header (blank rows between allowed)."""
    lines: list[TitleLine] = []
    first = header_start
    probe = header_start - 1
    title_column = layout.columns.get(TITLE, 0)
    while probe >= floor and len(lines) < MAX_TITLE_LINES:
        texts = row_texts(grid.rows[probe])
        if not texts:
            if lines:
                break
            probe -= 1
            continue
        if len(texts) != 1 or texts[0][0] > title_column or _is_kind_row(grid.rows[probe]):
            break
        line = title_line(grid, probe)
        if line is not None:
            lines.insert(0, line)
        first = probe
        probe -= 1
    return first, lines


def _is_kind_row(row: list[GridCell]) -> bool:
    texts = row_texts(row)
    if not texts or kind_heading(texts[0][1]) is None:
        return False
    return all(header_role(text) for _, text in texts[1:])


# --- reading a block --------------------------------------------------------------------------


@dataclass
class _Plan:
    """Decisions about a block's rows made before reading them."""

    bands_are_sections: bool = False
    section_rows: set[int] = field(default_factory=set)
    phase_column: bool = False
    bold_marks_band: bool = True
    # Short texts alone in the initiative column are headings (see ``_lone_headings``).
    lone_headings: bool = False
    # Fill colours of initiative cells (zebra stripes): a band needs a colour of its own.
    data_fills: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Band:
    column: int
    cell: GridCell
    wide: bool


class BlockReader:
    """Reads the data rows of blocks of one grid into :class:`RawInitiative` rows of ``state``."""

    def __init__(self, grid: Grid, layout: Layout, state: TableState) -> None:
        self.grid = grid
        self.layout = layout
        self.state = state
        self.columns = layout.columns
        self.extra_areas: list[str] = []
        self.extra_areas_at: Location | None = None
        named = [c for c, text in enumerate(layout.texts) if text] or [0]
        self.span = (min(named), max(named))  # the table's columns

    # --- helpers ------------------------------------------------------------------------------

    def _cell(self, row: list[GridCell], role: str) -> GridCell | None:
        column = self.columns.get(role)
        return row[column] if column is not None and column < len(row) else None

    def _text(self, row: list[GridCell], role: str) -> str:
        cell = self._cell(row, role)
        return cell.text if cell is not None else ""

    def _column_name(self, role: str) -> str | None:
        return self.layout.text_of(role)

    def _note(self, level: str, code: str, location: Location, **params: Any) -> None:
        diagnostic = Diagnostic.make(level, code, location, **params)  # type: ignore[arg-type]
        self.state.diagnostics.append(diagnostic)

    # --- planning -----------------------------------------------------------------------------

    def plan(self, block: Block) -> _Plan:
        """Look at all rows of the block first: what bands mean, whether status is a phase."""
        rows = self.grid.rows[block.start : block.end]
        title_column = self.columns[TITLE]
        titles = [
            row[title_column]
            for row in rows
            if len(row_texts(row)) >= 2 and title_column < len(row) and row[title_column].line
        ]
        bold = sum(1 for cell in titles if cell.content.all_bold)
        data_fills = {cell.filled for cell in titles if cell.filled}
        inline_themes = THEME not in self.columns and any(
            cell.content.split_bold_heading() for cell in titles
        )
        plan = _Plan(
            bands_are_sections=AREA not in self.columns
            and (THEME in self.columns or inline_themes),
            bold_marks_band=bold < STYLE_MARKS_BAND_SHARE * max(len(titles), 1),
            data_fills=data_fills,
        )
        plan.phase_column = self._is_phase_column(rows)
        plan.lone_headings = self._lone_headings(rows, len(titles))
        if AREA not in self.columns and not plan.bands_are_sections:
            self._two_level_bands(block, plan)
            if not plan.section_rows:
                plan.bands_are_sections = self._one_level_bands_are_sections(block, plan)
        return plan

    def _one_level_bands_are_sections(self, block: Block, plan: _Plan) -> bool:
        """Bands of one kind over a table without themes are sections when nothing else names
        the table's section, when a band names a section known elsewhere in the file, or when
        the same initiative stands under two bands (a section may repeat an initiative, a
        theme within a section does not)."""
        bands: list[str] = []
        groups: dict[str, set[int]] = {}
        for index in range(block.start, block.end):
            row = self.grid.rows[index]
            texts = row_texts(row)
            if not texts or (len(texts) == 1 and is_legend(texts[0][1])) or _is_kind_row(row):
                continue
            band = self._band(row, texts, plan)
            if band is not None:
                text, _ = strip_pagination(band.cell.line)
                if text:
                    bands.append(normalise_text(text))
                continue
            title = self._text(row, TITLE)
            if title and len(texts) >= 2:
                groups.setdefault(normalise_text(title), set()).add(len(bands))
        if not bands:
            return False
        if not (self.state.section_named or block.area):
            return True
        own = normalise_text(block.area or self.state.area)
        if any(text in self.state.known_sections and text != own for text in bands):
            return True
        return any(len(found) >= 2 for found in groups.values())

    def _lone_headings(self, rows: list[list[GridCell]], full_rows: int) -> bool:
        """True when short texts alone in the initiative column are headings, not initiatives
        without status: the table opens with one (a table of headings starts with its first
        heading) and such rows are fewer than the rows that say more. A workbook's bands
        saved as CSV, or written without any look of their own, read so."""
        title_column = self.columns[TITLE]
        lone = 0
        first = True
        for row in rows:
            texts = row_texts(row)
            if not texts or (len(texts) == 1 and is_legend(texts[0][1])) or _is_kind_row(row):
                continue
            is_lone = len(texts) == 1 and texts[0][0] == title_column and _heading_like(texts[0][1])
            if first and not is_lone:
                return False
            first = False
            lone += is_lone
        return 0 < lone <= full_rows

    def _is_phase_column(self, rows: list[list[GridCell]]) -> bool:
        if PHASE in self.columns or STATUS not in self.columns:
            return False
        values = [value for row in rows if (value := self._text(row, STATUS))]
        if not values:
            return False
        pure = sum(1 for value in values if parse_phase(value).pure)
        return pure >= PHASE_COLUMN_SHARE * len(values)

    def _two_level_bands(self, block: Block, plan: _Plan) -> None:
        """A band directly followed by another band (blank rows between) is a section, and so
        is every band that has the look of those sections and not the look of the themes."""
        bands: list[tuple[int, tuple]] = []
        previous: tuple[int, tuple] | None = None
        section_styles: set[tuple] = set()
        theme_styles: set[tuple] = set()
        for index in range(block.start, block.end):
            row = self.grid.rows[index]
            texts = row_texts(row)
            if not texts or (len(texts) == 1 and is_legend(texts[0][1])) or _is_kind_row(row):
                continue
            band = self._band(row, texts, plan)
            if band is None:
                previous = None
                continue
            bands.append((index, band.cell.style))
            if previous is not None:
                plan.section_rows.add(previous[0])
                section_styles.add(previous[1])
                theme_styles.add(band.cell.style)
                previous = None
            else:
                previous = (index, band.cell.style)
        distinct = {style for style in section_styles if style and style not in theme_styles}
        plan.section_rows |= {index for index, style in bands if style in distinct}

    def _band(self, row: list[GridCell], texts: list[tuple[int, str]], plan: _Plan) -> _Band | None:
        """The band of a row holding one text alone as a heading, or None."""
        if len(texts) != 1:
            return None
        column, text = texts[0]
        cell = row[column]
        if re.fullmatch(r"[\d.\s]+", text):
            return None
        title_column = self.columns[TITLE]
        first, last = self.span
        inside = row[first : last + 1]
        wide = (cell.origin and cell.span_width >= 2) or (
            len(inside) > 1
            and len(row) > last
            and all(other.filled for other in inside)
            and cell.filled not in plan.data_fills
        )
        if column == self.columns.get(AREA) and not wide:
            return None  # a section written once above its rows: filled down
        if column == self.columns.get(THEME):
            return _Band(column, cell, wide)
        if column > title_column:
            return None
        if column < title_column or wide:
            return _Band(column, cell, wide)
        if plan.bold_marks_band and cell.content.all_bold:
            return _Band(column, cell, wide)
        if plan.lone_headings and _heading_like(text):
            return _Band(column, cell, wide)
        if cell.filled and cell.filled not in plan.data_fills:
            return _Band(column, cell, wide)
        return None

    # --- reading ------------------------------------------------------------------------------

    def read(self, block: Block, counter: Any) -> None:
        """Read the block's rows; a row that cannot be read raises a ReadError naming it."""
        plan = self.plan(block)
        self.state.kind = self.layout.kind
        if block.area:
            self.set_area(block.area, self._title_location(block))
        for index in range(block.start, block.end):
            row = self.grid.rows[index]
            texts = row_texts(row)
            if not texts:
                continue
            try:
                self._read_row(index, row, texts, plan, counter)
            except ReadError:
                raise
            except Exception as exc:  # noqa: BLE001 - a malformed row is bad input
                logger.debug("row %d failed", index, exc_info=True)
                raise ReadError.make(
                    "unreadable_row",
                    self.grid.row_location(index),
                    header=self.grid.numbers[self.layout.last],
                    found=_found(texts),
                ) from exc

    def set_area(self, area: str, at: Location | None = None) -> None:
        """Start a new area (a section band or title, read ``at``); the theme does not carry
        over."""
        area = one_line(area)
        if area and normalise_name(area) != normalise_name(self.state.area):
            self.state.area = area
            self.state.area_at = at
            self.state.theme = None
            self.state.theme_at = None
            self.state.last = None

    def _title_location(self, block: Block) -> Location:
        """Where the block's area was read: its title row, else the slide or sheet."""
        for line in reversed(block.titles):
            if one_line(line.text) == one_line(block.area or ""):
                return self.grid.row_location(line.row)
        return self.grid.location

    def _set_theme(self, theme: str, at: Location) -> None:
        self.state.theme = theme
        self.state.theme_at = at

    def _read_row(
        self, index: int, row: list[GridCell], texts: list[tuple[int, str]], plan: _Plan, counter
    ) -> None:
        if len(texts) == 1 and is_legend(texts[0][1]):
            return
        if _is_kind_row(row):
            self.state.kind = kind_heading(texts[0][1])
            return
        if _is_header_like(row) and (len(texts) >= 2 or _same_header(row, self.layout)):
            return  # a repeated header
        band = self._band(row, texts, plan)
        if band is not None:
            self._read_band(index, band, plan)
            return
        counter.add(self.grid.row_location(index))
        self._fill_down(index, row)
        title_cell = self._cell(row, TITLE)
        if title_cell is None or title_cell.spanned or not title_cell.text:
            self._untitled(index, row, title_cell)
            return
        self._initiative(index, row, title_cell, plan)

    def _read_band(self, index: int, band: _Band, plan: _Plan) -> None:
        text, continued = strip_pagination(band.cell.line)
        if not text or normalise_text(text) == normalise_text(self.state.area):
            return  # the section's own name over its rows ("Akut (fortsat)" under "Akut")
        theme_cell_alone = band.column == self.columns.get(THEME) and not band.wide
        section = index in plan.section_rows or (
            plan.bands_are_sections and not theme_cell_alone and not continued
        )
        if section:
            self.set_area(text, self.grid.row_location(index))
        else:
            self._set_theme(text, self.grid.row_location(index))

    def _fill_down(self, index: int, row: list[GridCell]) -> None:
        area = self._text(row, AREA)
        if area:
            areas = [one_line(part) for part in re.split(r"[;\n]", area) if one_line(part)]
            at = self.grid.row_location(index, column=self._column_name(AREA))
            self.set_area(areas[0], at)
            self.extra_areas = areas[1:]
            self.extra_areas_at = at
        theme_cell = self._cell(row, THEME)
        if self.state.own_export and theme_cell is not None and not theme_cell.text:
            self.state.theme = None  # the app's own export writes every row's theme
        if theme_cell is not None and theme_cell.text and not theme_cell.spanned:
            theme, _ = strip_pagination(theme_cell.line)
            if theme:
                self._set_theme(
                    theme, self.grid.row_location(index, column=self._column_name(THEME))
                )

    def _untitled(self, index: int, row: list[GridCell], title_cell: GridCell | None) -> None:
        roles = (STATUS, FOLLOW_UP, LOCAL, COMMON, LEAD, RESPONSIBLE, PHASE, YEAR_TASK)
        if not any(self._text(row, role) for role in roles):
            return  # only area or theme: a heading row, silent
        merged_down = title_cell is not None and title_cell.spanned
        if self.state.last is not None and (merged_down or self.state.continue_untitled):
            self._continue_last(index, row)
            return
        self._note("warning", "row_without_title", self.grid.row_location(index))

    def _initiative(
        self, index: int, row: list[GridCell], title_cell: GridCell, plan: _Plan
    ) -> None:
        location = self.grid.row_location(index)
        title_at = location.with_(column=self._column_name(TITLE))
        content = title_cell.content
        if THEME not in self.columns:
            heading = content.split_bold_heading()
            if heading:
                self._set_theme(strip_pagination(heading[0])[0] or heading[0], title_at)
                content = content.without_first_paragraph()
        title = content.text
        last = self.state.last
        if last is not None:
            stripped, found = strip_pagination(title)
            if found and not stripped.strip():
                self._continue_last(index, row)  # "(fortsat)" alone: the rest of the row above
                return
            base = stripped if found else pagination_base(title)
            if base and normalise_name(base) == normalise_name(last.title):
                self._continue_last(index, row)  # "Indsats (fortsat)" right under "Indsats"
                return
        raw = RawInitiative(
            areas=[self.state.area, *self.extra_areas],
            title=title,
            location=location,
            theme=self.state.theme,
            kind=self.state.kind,
            # The app's own export has a work form column; its blank is no work form.
            work_form=None if self.state.own_export else work_form_from_title(title),
            status_date=self.layout.status_date or self.state.status_date,
            ref=one_line(self._text(row, REF)) or None,
        )
        raw.origins["title"] = title_at
        raw.origins["areas[0]"] = self.state.area_at or location
        for n in range(len(self.extra_areas)):
            raw.origins[f"areas[{n + 1}]"] = self.extra_areas_at or location
        if self.state.theme:
            raw.origins["theme"] = self.state.theme_at or location
        self._status(raw, row, plan)
        self._other(raw, row)
        self.state.raws.append(raw)
        self.state.last = raw

    # --- status -------------------------------------------------------------------------------

    def _status(self, raw: RawInitiative, row: list[GridCell], plan: _Plan) -> None:
        for column, date in self.layout.earlier_status:
            if column < len(row) and row[column].text:
                raw.older.append((date, split_phase_line(row[column].text)[0]))
        cell = self._cell(row, STATUS)
        if cell is None or not cell.text:
            return
        latest, phase_text = split_phase_line(cell.text)
        if phase_text is not None and parse_phase(phase_text).phase is None:
            location = raw.location.with_(column=self._column_name(STATUS))
            self._note("warning", "unknown_phase", location, text=phase_text)
            latest, phase_text = cell.text, None
        if phase_text is None and plan.phase_column:
            pure = parse_phase(latest)
            if pure.pure:
                raw.phase, raw.phase_target = pure.phase, pure.target
                return
        raw.status = latest
        if phase_text is not None:
            raw.phase, raw.phase_target = _phase_pair(phase_text)
        if cell.content.has_red:
            _fill_earlier(raw, cell.content, latest, phase_text)

    def _other(self, raw: RawInitiative, row: list[GridCell]) -> None:
        location = raw.location
        year_task = self._text(row, YEAR_TASK)
        if year_task:
            raw.year_task = year_task
        for role in (PHASE, PHASE_TARGET):
            text = self._text(row, role)
            if not text:
                continue
            parsed = parse_phase(text)
            if parsed.phase is None:
                where = location.with_(column=self._column_name(role))
                self._note("warning", "unknown_phase", where, text=one_line(text))
            elif role == PHASE:
                raw.phase, raw.phase_target = parsed.phase, parsed.target
            else:
                raw.phase_target = parsed.phase
        kind = self._text(row, KIND)
        if kind:
            raw.kind = parse_kind(kind)
            if raw.kind is None:
                where = location.with_(column=self._column_name(KIND))
                self._note("warning", "unknown_kind", where, text=one_line(kind))
        work_form = self._text(row, WORK_FORM)
        if work_form:
            raw.work_form = parse_work_form(work_form)
            if raw.work_form is None:
                raw.work_form = one_line(work_form)
                where = location.with_(column=self._column_name(WORK_FORM))
                self._note("warning", "unknown_work_form", where, text=one_line(work_form))
        date_text = self._text(row, STATUS_DATE)
        if date_text:
            found = parse_date_value(date_text)
            if found is None:
                where = location.with_(column=self._column_name(STATUS_DATE))
                self._note("warning", "bad_date", where, text=one_line(date_text))
            else:
                raw.status_date = found
        self._follow_up(raw, row)

    def _follow_up(self, raw: RawInitiative, row: list[GridCell]) -> None:
        parts = {role: self._text(row, role) for role in (FOLLOW_UP, LOCAL, COMMON, LEAD)}
        responsible = self._text(row, RESPONSIBLE)
        if not any(parts.values()) and not responsible:
            return
        for key, roles in _FOLLOW_UP_SOURCES.items():
            column = next((self._column_name(r) for r in roles if self._text(row, r)), None)
            if column is not None:
                raw.origins[key] = raw.location.with_(column=column)
        raw.follow_up = follow_up_from_columns(
            parts[FOLLOW_UP],
            parts[LOCAL],
            parts[COMMON],
            parts[LEAD],
            responsible=responsible,
            semicolons_only=self.state.own_export,
            exact=self.state.own_export,
            unit_columns=any(self.columns.get(role) is not None for role in (LOCAL, COMMON, LEAD)),
        )

    def _continue_last(self, index: int, row: list[GridCell]) -> None:
        """A row without its own initiative text: append its status to the previous one."""
        last = self.state.last
        if last is None:
            return
        status = self._cell(row, STATUS)
        if status is not None and status.text:
            extra, _ = split_phase_line(status.text)
            unmarked_before = last.unmarked if last.unmarked is not None else last.status
            if last.unmarked is None:
                last.earlier_phase, last.earlier_phase_target = last.phase, last.phase_target
            last.status = clean_text(f"{last.status}\n{extra}")
            if status.content.has_red or last.unmarked is not None:
                plain = split_phase_line(status.content.without_red())[0]
                last.unmarked = clean_text(f"{unmarked_before}\n{plain}")
                _earlier_from_unmarked(last)
        follow_up = self._text(row, FOLLOW_UP)
        if follow_up:
            previous = (last.follow_up or {}).get("text", "")
            last.follow_up = parse_follow_up(f"{previous}\n{follow_up}")
        self._note("info", "continued_row", self.grid.row_location(index))


# The columns a follow-up's units are read from, by the key of the document they go to, in
# the order they are taken (see ``follow_up_from_columns``).
_FOLLOW_UP_SOURCES = {
    "follow_up.lead": (LEAD, COMMON, LOCAL, RESPONSIBLE, FOLLOW_UP),
    "follow_up.common": (COMMON, LEAD, RESPONSIBLE, FOLLOW_UP),
    "follow_up.local": (LOCAL, RESPONSIBLE, FOLLOW_UP),
}

MAX_HEADING_WORDS = 8


def _heading_like(text: str) -> bool:
    """A short text that is not a sentence: at most ``MAX_HEADING_WORDS`` words, no full stop."""
    text = one_line(text)
    return len(text.split()) <= MAX_HEADING_WORDS and not text.endswith((".", "!", "?"))


def _phase_pair(text: str) -> tuple[str | None, str | None]:
    parsed = parse_phase(text)
    return parsed.phase, parsed.target


def _fill_earlier(
    raw: RawInitiative, content: CellText, latest: str, phase_text: str | None
) -> None:
    """The state before the red changes: the text without red runs, and its phase."""
    earlier, earlier_phase_text = split_phase_line(content.without_red())
    raw.unmarked = earlier
    if earlier_phase_text is not None:
        raw.earlier_phase, raw.earlier_phase_target = _phase_pair(earlier_phase_text)
    elif phase_text is not None:
        raw.earlier_phase, raw.earlier_phase_target = None, None  # the "Fase:" line is red
    else:
        raw.earlier_phase, raw.earlier_phase_target = raw.phase, raw.phase_target
    _earlier_from_unmarked(raw)


def _earlier_from_unmarked(raw: RawInitiative) -> None:
    """Set the earlier status from the text without red: none if nothing or everything is red."""
    earlier = raw.unmarked or ""
    phase_same = (raw.earlier_phase, raw.earlier_phase_target) == (raw.phase, raw.phase_target)
    if (earlier == raw.status and phase_same) or not (earlier or raw.earlier_phase):
        raw.earlier_status = None
        return
    raw.earlier_status = earlier


def _found(texts: list[tuple[int, str]]) -> str:
    joined = " | ".join(text for _, text in texts)
    return joined if len(joined) <= 120 else joined[:119].rstrip() + "…"


def most_common_style(lines: list[TitleLine]) -> tuple | None:
    """The look most of the lines share (for telling section titles from a plan title)."""
    styles = Counter(line.style for line in lines if line.style)
    return styles.most_common(1)[0][0] if styles else None
