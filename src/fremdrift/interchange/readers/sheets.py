"""Workbook sheets and CSV files as grids: tables, areas, the plan's title, the initiatives.

Each sheet (a CSV file is one sheet) is searched for its header in the first
``HEADER_SEARCH_ROWS`` rows; the rows above it are title rows, and a repeated header further
down starts another table on the same sheet. Sections come from an area column, from section
bands or titles between tables, from a sheet's title row, or from the sheet's name. A sheet
that cannot be read is reported with an error naming it, and the other sheets are still read.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from .assemble import PlanBuilder
from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .columns import AREA, REF, Layout, find_layout
from .grid import Grid
from .rows import Block, BlockReader, TableState, is_legend, most_common_style, split_blocks
from .tabular import RowCounter
from .text import find_date, normalise_name, one_line, pagination_base, strip_pagination
from .titles import (
    Titles,
    choose_plan_title,
    choose_section,
    is_default_sheet_name,
    key,
    matches_name,
    names_a_section,
    plan_score,
    usable,
)

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 15


@dataclass
class _Sheet:
    grid: Grid
    layout: Layout
    blocks: list[Block]
    titles: list[Titles] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    date: object = None
    # The sheet's name without pagination ("Akut (fortsat)", "Akut (2)" next to "Akut").
    name: str = ""
    # Whether that name names a section (see ``titles.names_a_section``).
    names_section: bool = False


def first_texts(grid: Grid, rows: int = 3) -> str:
    """The first non-empty rows' texts, for messages about a table that was not found."""
    found = []
    for row in grid.rows[:HEADER_SEARCH_ROWS]:
        texts = [cell.line for cell in row if cell.line]
        if texts:
            found.append(" | ".join(texts))
        if len(found) >= rows:
            break
    text = " / ".join(found)
    return (text if len(text) <= 160 else text[:159].rstrip() + "…") or "—"


def read_grids(
    grids: list[Grid],
    *,
    filename: str,
    limits: Limits,
    plan_slug: str | None,
    document_title: str | None = None,
    fallback_title: str,
    diagnostics: list[Diagnostic] | None = None,
) -> ReadResult:
    """Read the grids of a workbook (or the one grid of a CSV file) into a result."""
    diagnostics = list(diagnostics or [])
    skipped: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    sheets: list[_Sheet] = []
    partial: list[tuple[Grid, Layout]] = []
    for grid in grids:
        layout = find_layout(grid, HEADER_SEARCH_ROWS)
        if layout is None:
            skipped.append(
                Diagnostic.make(
                    "info",
                    "sheet_without_header",
                    grid.location,
                    rows=HEADER_SEARCH_ROWS,
                    found=first_texts(grid),
                )
            )
        elif _lists_changes(layout):
            skipped.append(Diagnostic.make("info", "sheet_of_changes", grid.location))
        elif not layout.has_title:
            partial.append((grid, layout))
        else:
            sheets.append(_Sheet(grid, layout, split_blocks(grid, layout)))
    if not sheets:
        if partial:
            grid, layout = partial[0]
            where = grid.row_location(layout.last)
            raise ReadError.make("missing_title_column", where, found=layout.found())
        found = first_texts(grids[0]) if grids else "—"
        raise ReadError.make(
            "no_table_found", Location(filename), rows=HEADER_SEARCH_ROWS, found=found
        )
    _section_names(sheets)
    for grid, layout in partial:
        where = grid.row_location(layout.last)
        diagnostics.append(
            Diagnostic.make("warning", "sheet_missing_title_column", where, found=layout.found())
        )
    plan_title, plan_date = _decide_titles(sheets, document_title, fallback_title)
    carried = frozenset() if plan_title == fallback_title else frozenset({"title"})
    builder = PlanBuilder(
        filename=filename,
        plan_title=plan_title,
        plan_slug=plan_slug,
        status_date=plan_date,
        plan_title_at=_title_row(sheets, plan_title),
    )
    counter = RowCounter(limits, Location(filename))
    known = _known_sections(sheets, plan_title)
    read_any = False
    for sheet in sheets:
        try:
            raws, notes = _read_sheet(sheet, filename, plan_title, counter, known)
        except ReadError as exc:
            if exc.code == "too_many_rows":
                raise
            errors.append(Diagnostic("error", exc.code, exc.message, exc.location, exc.params))
            continue
        read_any = True
        diagnostics.extend(notes)
        for raw in raws:
            builder.add(raw)
    if not read_any:
        first = errors[0]
        raise ReadError(first.message, first.location, code=first.code, params=first.params)
    document, near_matches = builder.build()
    return ReadResult(
        document,
        errors + diagnostics + builder.diagnostics,
        skipped,
        near_matches,
        plan_fields=carried,
        sources=builder.sources,
    )


def _title_row(sheets: list[_Sheet], title: str) -> Location | None:
    """The title row the plan's title was read from, if it was read from one."""
    for sheet in sheets:
        for block in sheet.blocks:
            for line in block.titles:
                if one_line(line.text) == title:
                    return sheet.grid.row_location(line.row)
    return None


_BEFORE = {"foer", "before"}
_AFTER = {"efter", "after"}


def _lists_changes(layout: Layout) -> bool:
    """A status report's list of changes (*Initiativ | Område | Felt | Før | Efter*): what
    changed since the last report, not initiatives of their own."""
    texts = {normalise_name(text) for text in layout.texts if text}
    return bool(texts & _BEFORE) and bool(texts & _AFTER)


def _section_names(sheets: list[_Sheet]) -> None:
    """Sheet names without continuation marks: "Akut (fortsat)" is "Akut", and "Akut (2)" or
    "Akut 2/3" is "Akut" when the sheet before or after it is called so too."""
    for sheet in sheets:
        sheet.name = strip_pagination(sheet.grid.name.strip())[0]
    bases = [pagination_base(sheet.name) for sheet in sheets]
    for index, (sheet, base) in enumerate(zip(sheets, bases, strict=True)):
        if base is None:
            continue
        around = [i for i in (index - 1, index + 1) if 0 <= i < len(sheets)]
        if any(normalise_name(bases[i] or sheets[i].name) == normalise_name(base) for i in around):
            sheet.name = base


def _decide_titles(
    sheets: list[_Sheet], document_title: str | None, fallback_title: str
) -> tuple[str, object]:
    """Choose each block's area and the plan's title from the title rows of all sheets."""
    for sheet in sheets:
        sheet.titles = [usable(block.titles) for block in sheet.blocks]
    plan_texts: set[str] = set()
    if len(sheets) > 1:
        # A title on two sheets or more is the plan's: a section's title is on one sheet only.
        counts = Counter(
            text for sheet in sheets for text in {key(line.text) for line in sheet.titles[0].lines}
        )
        plan_texts = {text for text, count in counts.items() if count >= 2}
    for sheet in sheets:
        _decide_sheet(sheet, plan_texts, several=len(sheets) > 1)
    plan_title = (document_title or "").strip()
    if not plan_title and plan_texts:
        lines = [line for sheet in sheets for line in sheet.titles[0].lines]
        plan_title = next((line.text for line in lines if key(line.text) in plan_texts), "")
    if not plan_title:
        plan_title = next((text for sheet in sheets for text in sheet.leftovers), "")
    plan_title = one_line(plan_title) or fallback_title
    return plan_title, find_date(plan_title)


def _decide_sheet(sheet: _Sheet, plan_texts: set[str], *, several: bool) -> None:
    name = sheet.name
    has_area_column = AREA in sheet.layout.columns
    first_lines = sheet.titles[0].lines
    chosen_later = []
    for block, titles in zip(sheet.blocks[1:], sheet.titles[1:], strict=True):
        if titles.lines:
            block.area = titles.lines[-1].text
            chosen_later.append(titles.lines[-1])
    section = None
    if len(sheet.blocks) > 1:
        style = most_common_style(chosen_later)
        same_look = [line for line in first_lines if style and line.style == style]
        section = (same_look or first_lines or [None])[-1]
        section = section if section is None or key(section.text) not in plan_texts else None
    elif not has_area_column:
        matching = [line for line in first_lines if matches_name(line.text, name)]
        if matching:
            section = matching[0]
        elif several or len(first_lines) >= 2:
            section = choose_section(first_lines, name=name, plan_texts=plan_texts)
            named = bool(name) and not is_default_sheet_name(name)
            if section is not None and named and plan_score(section.text) > plan_score(name):
                section = None  # the row names the plan; the sheet's name is the section
    if section is not None:
        sheet.blocks[0].area = section.text
    rest = [
        line for line in first_lines if line is not section and key(line.text) not in plan_texts
    ]
    leftover = choose_plan_title(rest, None)
    if leftover:
        sheet.leftovers.append(leftover)
    sheet.date = sheet.titles[0].date


def _known_sections(sheets: list[_Sheet], plan_title: str) -> frozenset[str]:
    """Sections the workbook names outside bands: sheet names and section title rows."""
    several = len({key(sheet.name) for sheet in sheets}) > 1
    for sheet in sheets:
        sheet.names_section = names_a_section(sheet.name, plan_title, one_of_several=several)
    known = {key(sheet.name) for sheet in sheets if sheet.names_section}
    known |= {key(block.area) for sheet in sheets for block in sheet.blocks if block.area}
    return frozenset(known - {key(plan_title), ""})


def _default_area(sheet: _Sheet, plan_title: str) -> str:
    name = sheet.name
    if name and not is_default_sheet_name(name):
        return name
    return plan_title


def _read_sheet(
    sheet: _Sheet, filename: str, plan_title: str, counter: RowCounter, known: frozenset[str]
):
    """The sheet's initiatives and notes; a ReadError names the row that could not be read."""
    grid, layout = sheet.grid, sheet.layout
    notes: list[Diagnostic] = []
    area = sheet.blocks[0].area or _default_area(sheet, plan_title)
    if AREA not in layout.columns and not sheet.blocks[0].area and area == plan_title:
        notes.append(Diagnostic.make("info", "default_area", grid.location, area=plan_title))
    for _column, text, role in layout.duplicates:
        where = grid.row_location(layout.last, column=text)
        notes.append(Diagnostic.make("warning", "duplicate_column", where, column=text, field=role))
    for _column, text in layout.unknown:
        if is_legend(text):
            continue
        where = grid.row_location(layout.last, column=text)
        notes.append(Diagnostic.make("info", "ignored_column", where, column=text))
    state = TableState(
        filename=filename,
        area=area,
        own_export=REF in layout.columns,
        section_named=bool(sheet.blocks[0].area) or sheet.names_section,
        known_sections=known,
    )
    if sheet.blocks[0].area:
        state.area_at = next(
            (
                grid.row_location(line.row)
                for line in sheet.blocks[0].titles
                if one_line(line.text) == one_line(sheet.blocks[0].area)
            ),
            grid.location,
        )
    else:
        state.area_at = grid.location  # the sheet's name, or the plan's title
    reader = BlockReader(grid, layout, state)
    for block, titles in zip(sheet.blocks, sheet.titles, strict=True):
        state.status_date = titles.date or sheet.date  # type: ignore[assignment]
        reader.read(block, counter)
    return state.raws, notes + state.diagnostics
