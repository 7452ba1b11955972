"""Read an Excel workbook (.xlsx) of initiatives into the plan interchange format.

Each sheet is streamed with its rich text (red runs inside a status cell), cell fonts (a cell
coloured red, bold band rows), fills and merged ranges, and becomes a grid read by
``sheets.py``: the header is searched in the first rows, title rows above it name the section
and the plan, band rows are themes or sections. A sheet that cannot be read gets an error
naming it, and the other sheets are read.
"""

from __future__ import annotations

import colorsys
import io
import logging
import os
import warnings
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .grid import Grid, GridCell, apply_merges
from .pptx_reader import title_from_filename
from .richtext import EMPTY, Piece, from_pieces, is_reddish
from .safety import XLSX, check_zip, read_bytes, require_type
from .sheets import read_grids
from .tabular import cell_to_text

logger = logging.getLogger(__name__)

# Reading a sheet stops after this many empty rows in a row: formatting often reaches far
# below the data, and a damaged sheet may claim a million rows.
MAX_EMPTY_RUN = 1000
# Rows parsed but not kept after that, to reach the merged ranges listed after the rows.
MAX_SKIPPED_ROWS = 200_000
_WHITE = {"FFFFFF", "FFFFFFFF", "00FFFFFF"}


def read_xlsx(
    source: str | os.PathLike | bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    plan_slug: str | None = None,
) -> ReadResult:
    """Read a workbook (path or bytes) into a :class:`ReadResult`; raise ReadError if unusable."""
    limits = limits or Limits()
    location = Location(filename)
    data = read_bytes(source, location, limits)
    require_type(data, XLSX, location)
    check_zip(data, location, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = _open(data, location)
        try:
            return _read_workbook(workbook, filename, limits, plan_slug)
        finally:
            workbook.close()


def _open(data: bytes, location: Location):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, rich_text=True)
    except Exception as exc:  # noqa: BLE001 - any library failure means an unreadable file
        logger.debug("openpyxl failed", exc_info=True)
        raise ReadError.make("unreadable_xlsx", location, reason=_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]


def _read_workbook(workbook, filename: str, limits: Limits, plan_slug: str | None) -> ReadResult:
    try:
        title = (workbook.properties.title or "").strip()
        sheets = list(workbook.worksheets)
    except Exception as exc:  # noqa: BLE001 - a damaged workbook part
        raise ReadError.make("unreadable_xlsx", Location(filename), reason=_reason(exc)) from exc
    styles = _Styles(workbook)
    grids: list[Grid] = []
    errors: list[Diagnostic] = []
    for sheet in sheets:
        location = Location(filename, sheet=sheet.title)
        try:
            grids.append(_SheetReader(sheet, location, limits, styles).grid())
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - damaged sheet content is bad input
            logger.debug("sheet %s failed", sheet.title, exc_info=True)
            errors.append(Diagnostic.make("error", "damaged_sheet", location))
    if not grids and errors:
        first = errors[0]
        raise ReadError(first.message, first.location, code=first.code)
    return read_grids(
        grids,
        filename=filename,
        limits=limits,
        plan_slug=plan_slug,
        document_title=title or None,
        fallback_title=title_from_filename(filename),
        diagnostics=errors,
    )


# --- styles -----------------------------------------------------------------------------------


class _Styles:
    """Fonts and fills of the workbook's cell styles, resolved to red, bold and filled."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.theme = _theme_colours(getattr(workbook, "loaded_theme", None))
        self._cache: dict[int, tuple[bool, bool, str | None, tuple]] = {}

    def of(self, style_id: int) -> tuple[bool, bool, str | None, tuple]:
        """(red, bold, fill colour, signature) of a cell style."""
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: int) -> tuple[bool, bool, str | None, tuple]:
        try:
            style = self.workbook._cell_styles[style_id]
            font = self.workbook._fonts[style.fontId]
            fill = self.workbook._fills[style.fillId]
        except (IndexError, AttributeError, TypeError):
            return False, False, None, ()
        red = self.is_red(font.color)
        bold = bool(font.b)
        fill_colour = self._fill_colour(fill)
        return red, bold, fill_colour, (bold, font.sz, fill_colour)

    def rgb(self, color) -> str | None:  # openpyxl Color
        if color is None:
            return None
        kind = getattr(color, "type", None)
        if kind == "rgb" and isinstance(color.rgb, str):
            return color.rgb[-6:]
        if kind == "indexed":
            index = color.indexed
            return COLOR_INDEX[index][-6:] if 0 <= index < len(COLOR_INDEX) else None
        if kind == "theme" and color.theme is not None and color.theme < len(self.theme):
            return _tinted(self.theme[color.theme], color.tint or 0.0)
        return None

    def is_red(self, color) -> bool:
        value = self.rgb(color)
        return bool(value) and is_reddish(value)

    def _fill_colour(self, fill) -> str | None:
        if getattr(fill, "patternType", None) not in ("solid", "gray125", "darkGray"):
            return None
        value = self.rgb(getattr(fill, "fgColor", None))
        if value is None or value.upper() in _WHITE:
            return None
        return value.upper()


_THEME_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Excel's theme colour indices: light 1, dark 1, light 2, dark 2, accents 1-6, links.
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4")
_THEME_ORDER += ("accent5", "accent6", "hlink", "folHlink")


def _theme_colours(theme_xml: bytes | None) -> list[str]:
    """The theme's colours in Excel's index order (empty when there is no theme)."""
    if not theme_xml:
        return []
    try:
        root = ElementTree.fromstring(theme_xml)  # noqa: S314 - bounded by the zip checks
    except ElementTree.ParseError:
        return []
    scheme = root.find(f".//{_THEME_NS}clrScheme")
    if scheme is None:
        return []
    colours = []
    for name in _THEME_ORDER:
        node = scheme.find(f"{_THEME_NS}{name}")
        value = ""
        if node is not None:
            srgb = node.find(f"{_THEME_NS}srgbClr")
            system = node.find(f"{_THEME_NS}sysClr")
            if srgb is not None:
                value = srgb.get("val", "")
            elif system is not None:
                value = system.get("lastClr", "")
        colours.append(value)
    return colours


def _tinted(rgb: str, tint: float) -> str | None:
    """A theme colour lightened or darkened by Excel's tint."""
    try:
        red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    if not tint:
        return rgb
    hue, light, saturation = colorsys.rgb_to_hls(red, green, blue)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    red, green, blue = colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), saturation)
    return "".join(f"{round(value * 255):02X}" for value in (red, green, blue))


# --- a sheet as a grid ------------------------------------------------------------------------


class _SheetReader:
    """Streams one sheet into a grid of cells with text, red and bold runs, fills and merges."""

    def __init__(self, sheet, location: Location, limits: Limits, styles: _Styles) -> None:
        self.sheet = sheet
        self.location = location
        self.limits = limits
        self.styles = styles

    def grid(self) -> Grid:
        workbook = self.sheet.parent
        with self.sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                self.sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
                rich_text=True,
            )
            rows = self._rows(parser)
            merges = self._merges(parser, len(rows))
        rows = apply_merges(rows, merges)
        return Grid(
            rows=rows,
            numbers=list(range(1, len(rows) + 1)),
            location=self.location,
            name=self.sheet.title,
        )

    def _rows(self, parser: WorkSheetParser) -> list[list[GridCell]]:
        """The sheet's rows up to a long run of empty ones; the rest is parsed (for the merged
        ranges listed after the rows) but not kept, up to ``MAX_SKIPPED_ROWS``."""
        rows: list[list[GridCell]] = []
        empty_run = 0
        done = False
        skipped = 0
        for number, cells in parser.parse():
            if done:
                skipped += 1
                if skipped > MAX_SKIPPED_ROWS:
                    break
                continue
            gap = number - len(rows) - 1
            if gap > 0:
                empty_run += gap
                if empty_run > MAX_EMPTY_RUN:
                    done = True
                    continue
                rows.extend([] for _ in range(gap))
            row = self._row(cells)
            rows.append(row)
            empty_run = 0 if any(cell.line for cell in row) else empty_run + 1
            done = empty_run > MAX_EMPTY_RUN
        while rows and not any(cell.line for cell in rows[-1]):
            rows.pop()
        return rows

    def _row(self, cells: list[dict[str, Any]]) -> list[GridCell]:
        row: list[GridCell] = []
        for cell in cells:
            column = cell["column"] - 1
            if column >= self.limits.max_columns:
                break
            while len(row) < column:
                row.append(GridCell())
            row.append(self._cell(cell))
        return row

    def _cell(self, cell: dict[str, Any]) -> GridCell:
        red, bold, filled, style = self.styles.of(cell.get("style_id") or 0)
        value = cell["value"]
        if isinstance(value, CellRichText):
            content = from_pieces([self._piece(part, red, bold) for part in value])
        else:
            text = cell_to_text(value)
            content = from_pieces([Piece(text, red, bold)]) if text else EMPTY
        return GridCell(content=content, filled=filled, style=style)

    def _piece(self, part: str | TextBlock, red: bool, bold: bool) -> Piece:
        if isinstance(part, TextBlock):
            font = part.font
            part_red = self.styles.is_red(font.color) if font.color is not None else red
            part_bold = bool(font.b) if font.b is not None else bold
            return Piece(part.text, part_red, part_bold)
        return Piece(str(part), red, bold)

    def _merges(self, parser: WorkSheetParser, height: int) -> list[tuple[int, int, int, int]]:
        merged = getattr(parser, "merged_cells", None)
        if not merged:
            return []
        ranges = []
        for item in merged.mergeCell:
            min_col, min_row, max_col, max_row = range_boundaries(item.ref)
            if min_row > height:
                continue
            max_col = min(max_col, self.limits.max_columns)
            ranges.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
        return ranges
