"""Excel workbooks: one sheet per area with changed sentences in red, plus an "Ændringer" sheet."""

from __future__ import annotations

import re

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fremdrift.core.xlsx import new_workbook, put, workbook_bytes

from ..content import LAYOUT_YEAR_TASK, AreaContent, ReportContent
from .base import CHANGED_RGB, Branding, Labels, hex_colour
from .cells import Cell, CellView, Column, cell, columns

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WIDTHS = {"theme": 28, "title": 45, "year_task": 50, "status": 60, "follow_up": 40}


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, no ``[]:*?/\\``, not quoted."""
    base = _FORBIDDEN.sub(" ", title).strip().strip("'") or "Ark"
    base = " ".join(base.split())[:MAX_SHEET_NAME]
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    taken.add(name)
    return name


def rich_text(value: Cell, text_rgb: str, marker: str = "none") -> CellRichText | str:
    """Cell paragraphs as rich text: changed pieces red (and underlined or italic as the
    plan's ``marker`` says), bold pieces bold."""
    blocks: list[TextBlock | str] = []
    for index, paragraph in enumerate(value):
        if index:
            blocks.append("\n")
        for piece in paragraph:
            text = _ILLEGAL.sub("", piece.text)
            if not text:
                continue
            colour = "FF" + (CHANGED_RGB if piece.changed else text_rgb)
            font = InlineFont(color=colour, b=piece.bold or None)
            if piece.changed and marker == "underline":
                font.u = "single"
            if piece.changed and marker == "italic":
                font.i = True
            blocks.append(TextBlock(font, text))
    if not any(isinstance(b, TextBlock) for b in blocks):
        return "".join(b for b in blocks if isinstance(b, str)).strip()
    return CellRichText(blocks)


class XlsxRenderer:
    """Renders report content as an .xlsx workbook."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    suffix = ".xlsx"

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """Return the workbook as bytes."""
        workbook = new_workbook(keep_first_sheet=False)
        workbook.properties.title = content.plan_title  # the plan, when the file is read back
        taken = {Labels.changes()}
        header_fill = PatternFill("solid", fgColor="FF" + hex_colour(branding.primary_colour))
        text_rgb = hex_colour(branding.text_colour)
        for area in content.areas:
            sheet = workbook.create_sheet(sheet_name(area.title, taken))
            self._area_sheet(sheet, content, area, header_fill, text_rgb)
        self._changes_sheet(workbook.create_sheet(Labels.changes()[:31]), content, header_fill)
        return workbook_bytes(workbook)

    def _area_sheet(
        self,
        sheet: Worksheet,
        content: ReportContent,
        area: AreaContent,
        header_fill: PatternFill,
        text_rgb: str,
    ) -> None:
        body = [c for c in columns(content, area) if c.key != "theme"]
        cols = [Column("theme", Labels.theme(), 0)]
        cols += [Column(c.key, _header_text(content, c), c.share) for c in body]
        # The last, hidden column holds each row's reference: a workbook read back into its
        # plan finds the initiative by it, whatever its title became in Excel.
        extra = [Labels.new(), Labels.not_reported(), Labels.reference()]
        _header(sheet, [c.header for c in cols] + extra, header_fill)
        view = CellView.of(content, not_reported=False)  # a column of its own here
        marker = content.options.change_marker
        wrap = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(area.rows, start=2):
            for column, spec in enumerate(cols, start=1):
                value = rich_text(cell(row, spec.key, view), text_rgb, marker)
                put(sheet, number, column, value).alignment = wrap
            flags = ["x" if row.is_new else "", "x" if row.not_reported else "", row.ref]
            for offset, flag in enumerate(flags):
                put(sheet, number, len(cols) + 1 + offset, flag or None)
        for column, spec in enumerate(cols, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(spec.key, 30)
        for offset in range(len(extra)):
            sheet.column_dimensions[get_column_letter(len(cols) + 1 + offset)].width = 14
        sheet.column_dimensions[get_column_letter(len(cols) + len(extra))].hidden = True
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions

    def _changes_sheet(self, sheet: Worksheet, content: ReportContent, fill: PatternFill) -> None:
        headers = [
            Labels.initiative(),
            Labels.area(),
            Labels.field(),
            Labels.before(),
            Labels.after(),
        ]
        _header(sheet, headers, fill)
        wrap = Alignment(wrap_text=True, vertical="top")
        for number, change in enumerate(content.changes, start=2):
            values = [
                change.initiative_title,
                change.area_title,
                change.field,
                change.before,
                change.after,
            ]
            for column, value in enumerate(values, start=1):
                put(sheet, number, column, value).alignment = wrap
        for column, width in enumerate([45, 30, 18, 60, 60], start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"


def _header_text(content: ReportContent, column: Column) -> str:
    """A column's header on a sheet: the year plan's "Implementering" names only the first
    group of rows, so the sheet says "Initiativ"."""
    if column.key == "title" and (content.layout == LAYOUT_YEAR_TASK or not column.header):
        return Labels.initiative()
    return column.header


def _header(sheet: Worksheet, headers: list[str], fill: PatternFill) -> None:
    font = Font(bold=True, color="FFFFFFFF")
    for column, header in enumerate(headers, start=1):
        target = put(sheet, 1, column, header)
        target.font = font
        target.fill = fill
        target.alignment = Alignment(wrap_text=True, vertical="top")
