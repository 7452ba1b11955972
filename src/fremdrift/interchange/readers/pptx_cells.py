"""Plain views of python-pptx text: paragraphs of runs that know whether they are red or bold.

Red is an explicit colour close to FF0000 (sRGB, the preset colours "red"/"darkRed", or scRGB);
theme colours are not resolved because decks mark updates with an explicit red.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.dml import MSO_COLOR_TYPE

from .text import clean_text

# "Close to FF0000": a strong red channel and weak green and blue, so C00000 (Office's "dark
# red") and E31B23 count while orange (FFC000) and pink (FF99CC) do not.
RED_MIN = 0xB0
RED_OTHER_MAX = 0x60
_RED_PRESETS = {"red", "darkRed"}


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

    @property
    def text(self) -> str:
        """Tidied text, one line per paragraph or line break."""
        return clean_text("\n".join(para.text for para in self.paras))

    @property
    def has_red(self) -> bool:
        return any(para.has_red for para in self.paras)

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


EMPTY = CellText(())


def is_reddish(hex_rgb: str) -> bool:
    """True for an RRGGBB value close to pure red."""
    try:
        red, green, blue = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    except (ValueError, TypeError):
        return False
    return red >= RED_MIN and green <= RED_OTHER_MAX and blue <= RED_OTHER_MAX


def _run_is_red(run) -> bool:  # python-pptx _Run
    color = run.font.color
    color_type = color.type
    if color_type == MSO_COLOR_TYPE.RGB:
        return is_reddish(str(color.rgb))
    if color_type == MSO_COLOR_TYPE.PRESET:
        # python-pptx exposes no value for preset colours; read the attribute from the XML.
        return run._r.xpath("string(a:rPr/a:solidFill/a:prstClr/@val)") in _RED_PRESETS
    if color_type == MSO_COLOR_TYPE.SCRGB:
        values = [run._r.xpath(f"string(a:rPr/a:solidFill/a:scrgbClr/@{c})") for c in "rgb"]
        try:
            red, green, blue = (min(255, int(int(v) * 255 / 100000)) for v in values)
        except ValueError:
            return False
        return is_reddish(f"{red:02X}{green:02X}{blue:02X}")
    return False


def _paragraph(paragraph) -> Para:  # python-pptx _Paragraph
    """Pieces of a paragraph; line breaks and fields between runs become plain pieces."""
    full = paragraph.text.replace("\x0b", " ")
    pieces: list[Piece] = []
    position = 0
    for run in paragraph.runs:
        text = run.text.replace("\x0b", " ")
        if not text:
            continue
        found = full.find(text, position)
        if found < 0:
            found = position
        elif found > position:
            pieces.append(Piece(full[position:found]))
        pieces.append(Piece(text, red=_run_is_red(run), bold=run.font.bold is True))
        position = found + len(text)
    if position < len(full):
        pieces.append(Piece(full[position:]))
    return Para(tuple(pieces))


def cell_text(text_frame) -> CellText:  # python-pptx TextFrame
    """The paragraphs of a text frame."""
    return CellText(tuple(_paragraph(p) for p in text_frame.paragraphs))
