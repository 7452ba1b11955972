"""Writing a paginated table onto a slide: explicit widths, measured row heights, red runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.slide import Slide
from pptx.table import Table, _Cell
from pptx.text.text import _Paragraph
from pptx.util import Emu

from fremdrift.interchange.deck_refs import table_name

from .measure import SOFT_BREAK, Piece
from .pagination import Line, Page, PlacedRow, TableGeometry

EMU_PER_PT = 12700
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
HEADING_FILL = RGBColor(0xF0, 0xF0, 0xF0)
BORDER = "BFBFBF"


@dataclass(frozen=True)
class TableStyle:
    """Fonts and colours of the tables."""

    font: str
    text: RGBColor
    header_fill: RGBColor
    changed: RGBColor
    body_size: float = 10.0
    header_size: float = 11.0
    marker: str = "none"  # besides red: "underline" or "italic" ("bold" is in the pieces)


_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class _Tags(dict):
    """Clark-notation DrawingML tag names, computed once: ``_A["r"]`` → ``{…main}r``."""

    def __missing__(self, key: str) -> str:
        value = self[key] = _NS + key
        return value


_A = _Tags()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _hex(colour: RGBColor) -> str:
    return str(colour)


def _run(
    parent: etree._Element,
    text: str,
    *,
    font: str,
    size: float,
    bold: bool,
    rgb: str,
    marker: str = "none",
) -> None:
    """Append an ``a:r`` with its font, size, weight and colour to a paragraph element.

    ``marker`` marks a changed run besides its colour: "underline" or "italic".
    """
    run = etree.SubElement(parent, _A["r"])
    props = etree.SubElement(run, _A["rPr"], lang="da-DK", sz=str(int(size * 100)))
    props.set("b", "1" if bold else "0")
    if marker == "italic":
        props.set("i", "1")
    if marker == "underline":
        props.set("u", "sng")
    fill = etree.SubElement(props, _A["solidFill"])
    etree.SubElement(fill, _A["srgbClr"], val=rgb)
    etree.SubElement(props, _A["latin"], typeface=font)
    etree.SubElement(props, _A["cs"], typeface=font)
    etree.SubElement(run, _A["t"]).text = _CONTROL.sub("", text)


def _runs(
    parent: etree._Element,
    text: str,
    *,
    font: str,
    size: float,
    bold: bool,
    rgb: str,
    marker: str = "none",
) -> None:
    """Append runs for ``text``, with a line break (``a:br``) for each soft line break."""
    for index, part in enumerate(text.split(SOFT_BREAK)):
        if index:
            br = etree.SubElement(parent, _A["br"])
            etree.SubElement(br, _A["rPr"], lang="da-DK", sz=str(int(size * 100)))
        if part:
            _run(parent, part, font=font, size=size, bold=bold, rgb=rgb, marker=marker)


def _paragraph(
    parent: etree._Element,
    pieces: list[Piece] | tuple[Piece, ...],
    style: TableStyle,
    size: float,
    colour: RGBColor | None,
) -> etree._Element:
    """Append an ``a:p`` without spacing before or after, holding the pieces as runs."""
    paragraph = etree.SubElement(parent, _A["p"])
    props = etree.SubElement(paragraph, _A["pPr"])
    for tag in ("spcBef", "spcAft"):
        etree.SubElement(etree.SubElement(props, _A[tag]), _A["spcPts"], val="0")
    text_rgb = _hex(colour or style.text)
    changed_rgb = _hex(style.changed)
    for piece in pieces:
        if piece.text:
            rgb = changed_rgb if piece.changed else text_rgb
            _runs(
                paragraph,
                piece.text,
                font=style.font,
                size=size,
                bold=piece.bold,
                rgb=rgb,
                marker=style.marker if piece.changed else "none",
            )
    etree.SubElement(paragraph, _A["endParaRPr"], lang="da-DK", sz=str(int(size * 100)))
    return paragraph


def set_runs(
    paragraph: _Paragraph,
    pieces: list[Piece] | tuple[Piece, ...],
    style: TableStyle,
    size: float,
    *,
    colour: RGBColor | None = None,
) -> None:
    """Write pieces as runs of a paragraph: changed pieces red, the rest in ``colour``."""
    element = paragraph._p  # runs are written as XML for speed
    end = element.find(_A["endParaRPr"])
    text_rgb = _hex(colour or style.text)
    for piece in pieces:
        if piece.text:
            rgb = _hex(style.changed) if piece.changed else text_rgb
            marker = style.marker if piece.changed else "none"
            _runs(
                element,
                piece.text,
                font=style.font,
                size=size,
                bold=piece.bold,
                rgb=rgb,
                marker=marker,
            )
    if end is not None:
        element.remove(end)
        element.append(end)


def _paragraphs(lines: list[Line]) -> list[list[Piece]]:
    """Join wrapped lines back into paragraphs, so the deck stays editable."""
    paragraphs: list[list[Piece]] = []
    for line in lines:
        if line.first or not paragraphs:
            paragraphs.append(list(line.pieces))
        elif line.soft:
            paragraphs[-1].append(Piece(SOFT_BREAK))
            paragraphs[-1].extend(line.pieces)
        elif line.pieces:
            previous = paragraphs[-1][-1] if paragraphs[-1] else None
            joined = previous is not None and previous.changed and line.pieces[0].changed
            paragraphs[-1].append(Piece(" ", joined))
            paragraphs[-1].extend(line.pieces)
    return paragraphs


def _write_cell(
    target: _Cell,
    lines: list[Line],
    geometry: TableGeometry,
    style: TableStyle,
    *,
    size: float,
    fill: RGBColor,
    colour: RGBColor | None = None,
) -> None:
    """Replace a cell's text body and properties: margins, top anchor, fill and borders."""
    tc = target._tc
    body = tc.find(_A["txBody"])
    for old in body.findall(_A["p"]):
        body.remove(old)
    for pieces in _paragraphs(lines) or [[]]:
        _paragraph(body, pieces, style, size, colour)
    old_props = tc.find(_A["tcPr"])
    if old_props is not None:
        tc.remove(old_props)
    margin_x = str(int(geometry.margin_x * EMU_PER_PT))
    margin_y = str(int(geometry.margin_y * EMU_PER_PT))
    props = etree.SubElement(
        tc, _A["tcPr"], marL=margin_x, marR=margin_x, marT=margin_y, marB=margin_y, anchor="t"
    )
    for tag in ("lnL", "lnR", "lnT", "lnB"):
        line = etree.SubElement(props, _A[tag], w="9525", cap="flat", cmpd="sng", algn="ctr")
        etree.SubElement(etree.SubElement(line, _A["solidFill"]), _A["srgbClr"], val=BORDER)
        etree.SubElement(line, _A["prstDash"], val="solid")
    fill_element = etree.SubElement(props, _A["solidFill"])
    etree.SubElement(fill_element, _A["srgbClr"], val=_hex(fill))


def add_table(
    slide: Slide,
    page: Page,
    geometry: TableGeometry,
    style: TableStyle,
    *,
    left: float,
    top: float,
    theme_column: bool = False,
    title_column: int | None = None,
) -> None:
    """Add ``page`` as a table at (left, top) points with the measured row heights.

    With ``theme_column`` the header's first two cells are merged ("Initiativer" over the
    theme and initiative columns) and each theme group's first cells are merged down. With
    ``title_column`` (the column of the initiatives' titles) the table's shape is named with
    its rows' references, so that a deck read back finds a renamed initiative by it.
    """
    widths = [Emu(int(w * EMU_PER_PT)) for w in geometry.column_widths]
    heights = [Emu(int(r.height * EMU_PER_PT)) for r in page.rows]
    shape = slide.shapes.add_table(
        len(page.rows),
        len(widths),
        Emu(int(left * EMU_PER_PT)),
        Emu(int(top * EMU_PER_PT)),
        Emu(sum(widths)),
        Emu(sum(heights)),
    )
    if title_column is not None and any(row.ref for row in page.rows):
        shape.name = table_name(
            [(row.ref, _text(row, title_column), _rest(row, title_column)) for row in page.rows],
            title_column,
        )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for index, width in enumerate(widths):
        table.columns[index].width = width
    for index, height in enumerate(heights):
        table.rows[index].height = height
    rows = table._tbl.findall(_A["tr"])  # faster than table.cell()
    for tr, row in zip(rows, page.rows, strict=True):
        _write_row(table, tr, row, geometry, style, theme_column)
    if theme_column:
        _merge_themes(table, page)


def _text(row: PlacedRow, column: int) -> str:
    """The text a row writes in a column (for the fingerprint of its title)."""
    if row.heading or row.header or column >= len(row.cells):
        return ""
    return " ".join(piece.text for line in row.cells[column] for piece in line.pieces)


def _rest(row: PlacedRow, column: int) -> str:
    """The text a row writes right of a column."""
    return " ".join(_text(row, index) for index in range(column + 1, len(row.cells)))


def _write_row(
    table: Table,
    tr: etree._Element,
    row: PlacedRow,
    geometry: TableGeometry,
    style: TableStyle,
    merge_header: bool,
) -> None:
    cells = [_Cell(tc, table) for tc in tr.findall(_A["tc"])]
    if row.header:
        for target, lines in zip(cells, row.cells, strict=True):
            _write_cell(
                target,
                lines,
                geometry,
                style,
                size=style.header_size,
                fill=style.header_fill,
                colour=WHITE,
            )
        if merge_header:
            cells[0].merge(cells[1])
        return
    if row.heading:
        for index, target in enumerate(cells):
            lines = row.cells[0] if index == 0 else []
            _write_cell(target, lines, geometry, style, size=style.body_size, fill=HEADING_FILL)
        cells[0].merge(cells[-1])
        return
    for target, lines in zip(cells, row.cells, strict=True):
        _write_cell(target, lines, geometry, style, size=style.body_size, fill=WHITE)


def _merge_themes(table: Table, page: Page) -> None:
    """Merge the theme column over each group's rows on the slide, like the seed decks."""
    rows = page.rows
    index = 0
    while index < len(rows):
        row = rows[index]
        end = index
        if row.group_start and row.group and not row.heading and not row.header:
            while end + 1 < len(rows) and _continues(rows[end + 1], row.group):
                end += 1
        if end > index:
            table.cell(index, 0).merge(table.cell(end, 0))
        index = end + 1


def _continues(row: PlacedRow, group: str) -> bool:
    return not row.header and not row.heading and not row.group_start and row.group == group
