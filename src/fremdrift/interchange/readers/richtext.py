"""Cell text as paragraphs of pieces that know whether they are red or bold.

Every reader turns its cells into :class:`CellText` (python-pptx runs, openpyxl rich-text
blocks, plain CSV text), so that red updates and bold headings are read the same way in decks,
workbooks and CSV files.

Red means an explicit colour that looks red: hue within 15 degrees of pure red, clearly
saturated and not near black. Office's "Red" (FF0000) and "Dark Red" (C00000), maroon (800000),
crimson and the like count; orange (FFC000, FF6600), pink (FF99CC) and brown do not.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cached_property

from .text import clean_text, one_line

RED_HUE_DEGREES = 15
RED_MIN_SATURATION = 0.5
RED_MIN_VALUE = 0.3


@dataclass(frozen=True)
class Piece:
    """A stretch of text with its formatting."""

    text: str
    red: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph as pieces."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def has_red(self) -> bool:
        return any(piece.red and piece.text.strip() for piece in self.pieces)

    @property
    def all_bold(self) -> bool:
        visible = [piece for piece in self.pieces if piece.text.strip()]
        return bool(visible) and all(piece.bold for piece in visible)

    def without_red(self) -> str:
        return "".join(piece.text for piece in self.pieces if not piece.red)


@dataclass(frozen=True)
class CellText:
    """A table cell's or shape's text as paragraphs."""

    paras: tuple[Para, ...]

    @cached_property
    def text(self) -> str:
        """Tidied text, one line per paragraph or line break."""
        return clean_text("\n".join(para.text for para in self.paras))

    @cached_property
    def line(self) -> str:
        """The text on one line."""
        return one_line(self.text)

    @property
    def has_red(self) -> bool:
        return any(para.has_red for para in self.paras)

    @property
    def all_bold(self) -> bool:
        visible = [para for para in self.paras if para.text.strip()]
        return bool(visible) and all(para.all_bold for para in visible)

    def without_red(self) -> str:
        """The text with red runs removed (empty paragraphs dropped)."""
        return clean_text("\n".join(para.without_red() for para in self.paras))

    def split_bold_heading(self) -> tuple[str, str] | None:
        """(heading, rest) when the first non-empty paragraph is bold and more text follows."""
        paras = [para for para in self.paras if para.text.strip()]
        if len(paras) < 2 or not paras[0].all_bold or paras[1].all_bold:
            return None
        rest = CellText(tuple(paras[1:]))
        return clean_text(paras[0].text), rest.text

    def without_first_paragraph(self) -> CellText:
        """The cell without its first non-empty paragraph (after a heading was taken from it)."""
        paras = [para for para in self.paras if para.text.strip()]
        return CellText(tuple(paras[1:]))


EMPTY = CellText(())


def plain(text: str, *, red: bool = False, bold: bool = False) -> CellText:
    """Cell text from a plain string; each line a paragraph, all with the same formatting."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    if not text.strip():
        return EMPTY
    return CellText(tuple(Para((Piece(line, red, bold),)) for line in text.split("\n")))


def from_pieces(pieces: list[Piece]) -> CellText:
    """Cell text from pieces whose text may contain line breaks (rich text in a workbook)."""
    paras: list[list[Piece]] = [[]]
    for piece in pieces:
        text = piece.text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paras.append([])
            if line:
                paras[-1].append(Piece(line, piece.red, piece.bold))
    if not any(piece.text.strip() for para in paras for piece in para):
        return EMPTY
    return CellText(tuple(Para(tuple(para)) for para in paras))


def is_reddish(hex_rgb: str) -> bool:
    """True for an RRGGBB (or AARRGGBB) value that reads as red, dark red included."""
    value = (hex_rgb or "").strip().lstrip("#")
    if len(value) == 8:
        value = value[2:]
    try:
        red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except (ValueError, TypeError):
        return False
    if len(value) != 6:
        return False
    hue, saturation, brightness = colorsys.rgb_to_hsv(red, green, blue)
    degrees = hue * 360
    near_red = degrees <= RED_HUE_DEGREES or degrees >= 360 - RED_HUE_DEGREES
    return near_red and saturation >= RED_MIN_SATURATION and brightness >= RED_MIN_VALUE
