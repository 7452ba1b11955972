"""python-pptx text as :class:`~.richtext.CellText`: paragraphs of runs that know red and bold.

Red is an explicit colour that looks red (sRGB, the preset colours "red"/"darkRed", or scRGB;
see :func:`~.richtext.is_reddish`); theme colours are not resolved because decks mark updates
with an explicit red.
"""

from __future__ import annotations

from pptx.enum.dml import MSO_COLOR_TYPE

from .richtext import EMPTY, CellText, Para, Piece, is_reddish

__all__ = ["EMPTY", "CellText", "Para", "Piece", "cell_text", "is_reddish"]

_RED_PRESETS = {"red", "darkRed"}


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
