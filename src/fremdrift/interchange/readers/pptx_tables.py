"""Tables on slides: finding the header, the columns' roles and the initiatives in the rows.

Two layouts are known, and mixtures of them:

* the status table *Initiativer | Status | Opfølgning: Lokal/Fælles*, usually with a theme
  column left of the initiatives (an empty header cell, or "Initiativer" merged over two
  columns), themes as merged cells spanning rows, as the first bold line of the initiative
  cell, or as a full-width row;
* the year-plan table *Implementering | Opgave i 2021 | Status* whose status cell is a phase
  ("Udvikling -> Implementering") and whose in-table sub-heading "Udviklingsindsatser" switches
  the kind of the rows after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assemble import RawInitiative
from .base import Diagnostic, Location
from .followup import parse_follow_up
from .pptx_cells import EMPTY, CellText, cell_text
from .text import clean_text, normalise_name, one_line, strip_pagination
from .vocab import kind_heading, parse_phase, split_phase_line, work_form_from_title

TITLE, THEME, STATUS, FOLLOW_UP, YEAR_TASK, PHASE = (
    "title",
    "theme",
    "status",
    "follow_up",
    "year_task",
    "phase",
)
_TITLE_WORDS = {
    "initiativer",
    "initiativ",
    "initiativet",
    "indsats",
    "indsatser",
    "indsatsen",
    "titel",
    "implementering",
    "implementeringsindsats",
    "implementeringsindsatser",
    "udvikling",
    "udviklingsindsats",
    "udviklingsindsatser",
    "initiatives",
    "initiative",
    "title",
    "implementation",
    "implementation initiatives",
    "development",
    "development initiatives",
}
_YEAR_TASK = re.compile(r"^(?:(?:aars)?opgaver?(?: i \d{4})?|(?:annual )?tasks?(?: in \d{4})?)$")
HEADER_SEARCH_ROWS = 3


def header_role(text: str) -> str | None:
    """The role a header cell names, from its text ("Opfølgning: Lokal/Fælles" → follow_up)."""
    folded = normalise_name(one_line(text)).strip(" :.")
    if not folded:
        return None
    if folded in _TITLE_WORDS:
        return TITLE
    if folded.startswith("status"):
        return STATUS
    if folded.startswith(("opfoelgning", "ansvar", "follow")):
        return FOLLOW_UP
    if _YEAR_TASK.match(folded):
        return YEAR_TASK
    if folded in ("tema", "temaer", "theme", "themes"):
        return THEME
    if folded in ("fase", "faser", "phase"):
        return PHASE
    return None


@dataclass
class GridCell:
    """One grid cell: its text and its place in a merge."""

    content: CellText
    spanned: bool = False
    origin: bool = False
    span_width: int = 1
    span_height: int = 1

    @property
    def text(self) -> str:
        return self.content.text


def table_grid(table) -> list[list[GridCell]]:  # python-pptx Table
    """The table as rows of :class:`GridCell`."""
    grid = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            origin = cell.is_merge_origin
            cells.append(
                GridCell(
                    content=EMPTY if cell.is_spanned else cell_text(cell.text_frame),
                    spanned=cell.is_spanned,
                    origin=origin,
                    span_width=cell.span_width if origin else 1,
                    span_height=cell.span_height if origin else 1,
                )
            )
        grid.append(cells)
    return grid


@dataclass
class Layout:
    """Where the header is and which column holds what."""

    header_row: int
    columns: dict[str, int]
    kind: str | None
    header_texts: list[str]


def find_layout(grid: list[list[GridCell]]) -> Layout | None:
    """The table's layout, or None if no row near the top is a recognised header."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        layout = _layout_of(index, row)
        if layout:
            return layout
    return None


def header_summary(grid: list[list[GridCell]]) -> str:
    """The first non-empty row's texts, for the warning about an unrecognised header."""
    for row in grid[:HEADER_SEARCH_ROWS]:
        texts = [one_line(cell.text) for cell in row if one_line(cell.text)]
        if texts:
            return " | ".join(texts)[:200]
    return ""


def _layout_of(index: int, row: list[GridCell]) -> Layout | None:
    columns: dict[str, int] = {}
    kind = None
    for column, cell in enumerate(row):
        role = header_role(cell.text)
        if role is None or role in columns:
            continue
        if role == TITLE:
            kind = kind_heading(cell.text)
            if cell.origin and cell.span_width > 1:
                columns.setdefault(THEME, column)
                column += cell.span_width - 1
        columns[role] = column
    if TITLE not in columns or not ({STATUS, FOLLOW_UP, YEAR_TASK, PHASE} & set(columns)):
        return None
    title_column = columns[TITLE]
    left, right = title_column - 1, title_column + 1
    if THEME not in columns and left >= 0 and not row[left].text and not row[left].spanned:
        columns[THEME] = left
    elif THEME not in columns and right < len(row) and not row[right].text:
        # "Initiativer" over two columns without a merge: themes left, initiatives right.
        columns[THEME], columns[TITLE] = title_column, right
    return Layout(index, columns, kind, [one_line(cell.text) for cell in row])


@dataclass
class TableState:
    """What carries over between rows, tables and continuation slides of one area."""

    filename: str
    area: str
    theme: str | None = None
    kind: str | None = None
    last: RawInitiative | None = None
    raws: list[RawInitiative] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_rows(grid: list[list[GridCell]], layout: Layout, slide: int, state: TableState) -> int:
    """Turn the rows below the header into initiatives; return how many rows were read."""
    state.kind = layout.kind
    count = 0
    for index in range(layout.header_row + 1, len(grid)):
        row = grid[index]
        location = Location(state.filename, slide=slide, row=index + 1)
        if _read_row(row, layout, location, state):
            count += 1
    return count


def _cell(row: list[GridCell], layout: Layout, role: str) -> GridCell | None:
    column = layout.columns.get(role)
    return row[column] if column is not None and column < len(row) else None


def _texts(row: list[GridCell]) -> list[tuple[int, str]]:
    return [(i, one_line(cell.text)) for i, cell in enumerate(row) if one_line(cell.text)]


def _read_row(row: list[GridCell], layout: Layout, location: Location, state: TableState) -> bool:
    texts = _texts(row)
    if not texts:
        return False
    if _is_kind_heading(texts):
        state.kind = kind_heading(texts[0][1])
        return False
    if all(header_role(text) for _, text in texts):
        return False  # a repeated header row
    if _is_theme_row(row, texts, layout):
        _set_theme(state, texts[0][1])
        return False
    theme_cell = _cell(row, layout, THEME)
    if theme_cell is not None and theme_cell.text and not theme_cell.spanned:
        _set_theme(state, theme_cell.text)
    title_cell = _cell(row, layout, TITLE)
    if title_cell is None or title_cell.spanned or not title_cell.text:
        return _continue_last(row, layout, location, state)
    _add_initiative(row, layout, location, state, title_cell)
    return True


def _is_kind_heading(texts: list[tuple[int, str]]) -> bool:
    first = kind_heading(texts[0][1])
    return first is not None and all(header_role(text) for _, text in texts[1:])


def _is_theme_row(row: list[GridCell], texts: list[tuple[int, str]], layout: Layout) -> bool:
    """A row with text in one cell only, which is full width, bold, or the theme column."""
    if len(texts) != 1:
        return False
    column, _ = texts[0]
    cell = row[column]
    if layout.columns.get(THEME) == column:
        return True
    if column != min(layout.columns.values()):
        return False
    return (cell.origin and cell.span_width >= 2) or all(
        para.all_bold for para in cell.content.paras if para.text.strip()
    )


def _set_theme(state: TableState, text: str) -> None:
    theme, _ = strip_pagination(text)
    if theme:
        state.theme = theme


def _add_initiative(
    row: list[GridCell], layout: Layout, location: Location, state: TableState, title_cell: GridCell
) -> None:
    title_text = title_cell.text
    theme = state.theme
    if THEME not in layout.columns:
        heading = title_cell.content.split_bold_heading()
        if heading:
            state.theme, title_text = heading
            theme = state.theme
    title = title_text
    if _is_marked(title_text):
        title, found = strip_pagination(title_text)
        same = state.last and normalise_name(title) == normalise_name(state.last.title)
        if found and same:
            _continue_last(row, layout, location, state)
            return
    raw = RawInitiative(
        areas=[state.area],
        title=title,
        location=location,
        theme=theme,
        kind=state.kind,
        work_form=work_form_from_title(title),
    )
    _fill_status(raw, _cell(row, layout, STATUS), layout, state)
    _fill_other(raw, row, layout, location, state)
    state.raws.append(raw)
    state.last = raw


def _is_marked(text: str) -> bool:
    pattern = r"fortsat|continued|\b(?:slide|side)\s*\d+\s*(?:af|of)\s*\d+"
    return bool(re.search(pattern, text, re.IGNORECASE))


def _fill_status(
    raw: RawInitiative, cell: GridCell | None, layout: Layout, state: TableState
) -> None:
    """Status text, earlier status (without red runs) and a "Fase:" line or a pure phase."""
    if cell is None or not cell.text:
        return
    latest, phase_text = split_phase_line(cell.text)
    if phase_text is not None and parse_phase(phase_text).phase is None:
        location = raw.location.with_(column=layout.header_texts[layout.columns[STATUS]])
        state.diagnostics.append(
            Diagnostic.make("warning", "unknown_phase", location, text=phase_text)
        )
        latest, phase_text = cell.text, None
    if phase_text is None and PHASE not in layout.columns:
        pure = parse_phase(latest)
        if pure.pure:
            raw.phase, raw.phase_target = pure.phase, pure.target
            return
    raw.status = latest
    if phase_text is not None:
        raw.phase, raw.phase_target = _phase_pair(phase_text)
    if cell.content.has_red:
        _fill_earlier(raw, cell, latest, phase_text)


def _fill_earlier(raw: RawInitiative, cell: GridCell, latest: str, phase_text: str | None) -> None:
    """The state before the red changes: the text without red runs, and its phase."""
    earlier, earlier_phase_text = split_phase_line(cell.content.without_red())
    if earlier_phase_text is not None:
        earlier_phase = _phase_pair(earlier_phase_text)
    elif phase_text is not None:
        earlier_phase = (None, None)  # the whole "Fase:" line is red: the phase is new
    else:
        earlier_phase = (raw.phase, raw.phase_target)
    unchanged = earlier == latest and earlier_phase == (raw.phase, raw.phase_target)
    if unchanged or not (earlier or earlier_phase[0]):
        return  # nothing changed, or everything is new: one history entry
    raw.earlier_status = earlier
    raw.earlier_phase, raw.earlier_phase_target = earlier_phase


def _phase_pair(text: str) -> tuple[str | None, str | None]:
    parsed = parse_phase(text)
    return parsed.phase, parsed.target


def _fill_other(
    raw: RawInitiative, row: list[GridCell], layout: Layout, location: Location, state: TableState
) -> None:
    follow_up = _cell(row, layout, FOLLOW_UP)
    if follow_up is not None and follow_up.text:
        raw.follow_up = parse_follow_up(follow_up.text)
    year_task = _cell(row, layout, YEAR_TASK)
    if year_task is not None and year_task.text:
        raw.year_task = year_task.text
    phase = _cell(row, layout, PHASE)
    if phase is not None and phase.text:
        parsed = parse_phase(phase.text)
        if parsed.phase:
            raw.phase, raw.phase_target = parsed.phase, parsed.target
        else:
            column = layout.header_texts[layout.columns[PHASE]]
            state.diagnostics.append(
                Diagnostic.make(
                    "warning", "unknown_phase", location.with_(column=column), text=phase.text
                )
            )


def _continue_last(
    row: list[GridCell], layout: Layout, location: Location, state: TableState
) -> bool:
    """A row without its own initiative text: append its status to the previous initiative."""
    status = _cell(row, layout, STATUS)
    follow_up = _cell(row, layout, FOLLOW_UP)
    extra_status = status.text if status is not None else ""
    extra_follow_up = follow_up.text if follow_up is not None else ""
    if state.last is None or not (extra_status or extra_follow_up):
        if extra_status or extra_follow_up:
            state.diagnostics.append(Diagnostic.make("warning", "row_without_title", location))
        return False
    last = state.last
    if extra_status:
        last.status = clean_text(f"{last.status}\n{extra_status}")
        if last.earlier_status is not None and status is not None:
            last.earlier_status = clean_text(
                f"{last.earlier_status}\n{status.content.without_red()}"
            )
    if extra_follow_up:
        previous = (last.follow_up or {}).get("text", "")
        last.follow_up = parse_follow_up(f"{previous}\n{extra_follow_up}")
    state.diagnostics.append(Diagnostic.make("info", "continued_row", location))
    return True
