"""Text measurement with real font metrics, to fit tables on slides.

PowerPoint cannot be asked how tall a table row will render, so we wrap each cell's text
ourselves with the metrics of a freely available font whose widths equal an Office font:
Liberation Sans ≙ Arial, Carlito ≙ Calibri (Debian ``fonts-liberation2`` and
``fonts-crosextra-carlito``). Without those fonts a conservative average character width
is used and a warning is issued.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_REFERENCE_SIZE = 100  # fonts are loaded once at this size and widths scaled linearly

FONT_FILES: dict[str, dict[bool, tuple[str, ...]]] = {
    "Arial": {
        False: (
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        ),
        True: (
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        ),
    },
    "Calibri": {
        False: ("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",),
        True: ("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",),
    },
}
# Average advance width (in em) used when no font file is found: wider than Arial's and
# Calibri's real averages for Danish prose, so that the estimate errs on the tall side.
FALLBACK_EM_WIDTH = 0.60
# Line height as a multiple of the font size when the font file is missing.
FALLBACK_LINE_HEIGHT = 1.25

_WORDS = re.compile(r"\S+|\s+")
SOFT_BREAK = "\x0b"  # a line break inside a paragraph (PowerPoint's Shift+Enter)


class FontFallbackWarning(UserWarning):
    """The font files for measuring were not found; an estimate is used instead."""


@dataclass(frozen=True)
class Piece:
    """A run of text within a line: its text and whether it is marked and bold."""

    text: str
    changed: bool = False
    bold: bool = False


Line = tuple[Piece, ...]


@lru_cache(maxsize=8)
def _font(family: str, bold: bool) -> ImageFont.FreeTypeFont | None:
    """The Pillow font for an Office font name, or None when no metrics file is found."""
    for path in FONT_FILES.get(family, FONT_FILES["Arial"])[bold]:
        if Path(path).exists():
            return ImageFont.truetype(path, _REFERENCE_SIZE)
    warnings.warn(
        f"No metrics font for {family!r} (install fonts-liberation2 / fonts-crosextra-carlito);"
        " table heights on slides are estimated with an average character width.",
        FontFallbackWarning,
        stacklevel=3,
    )
    return None


class Measurer:
    """Measures and wraps text for one font family at one size (in points)."""

    def __init__(self, family: str, size_pt: float) -> None:
        self.family = family
        self.size_pt = size_pt
        self._widths: dict[tuple[str, bool], float] = {}

    @property
    def uses_real_metrics(self) -> bool:
        """False when the fallback estimate is in use."""
        return _font(self.family, False) is not None

    @property
    def line_height_pt(self) -> float:
        """The height of one line of text in points, as Office lays out single spacing."""
        font = _font(self.family, False)
        if font is None:
            return self.size_pt * FALLBACK_LINE_HEIGHT
        ascent, descent = font.getmetrics()
        # Office adds a little leading to ascent + descent; 1.2 covers Arial and Calibri.
        return max(1.2, (ascent + descent) / _REFERENCE_SIZE) * self.size_pt

    def width(self, text: str, bold: bool = False) -> float:
        """The advance width of ``text`` in points."""
        key = (text, bold)
        cached = self._widths.get(key)
        if cached is None:
            font = _font(self.family, bold)
            if font is None:
                cached = len(text) * FALLBACK_EM_WIDTH * self.size_pt
            else:
                cached = font.getlength(text) * self.size_pt / _REFERENCE_SIZE
            self._widths[key] = cached
        return cached

    def wrap(self, pieces: list[Piece], width_pt: float) -> list[Line]:
        """Wrap one paragraph (pieces without line breaks) into lines no wider than width."""
        lines: list[list[Piece]] = [[]]
        used = 0.0
        for token, changed, bold in _tokens(pieces):
            token_width = self.width(token, bold)
            if token.isspace():
                if lines[-1]:
                    lines[-1].append(Piece(token, changed, bold))
                    used += token_width
                continue
            if used + token_width > width_pt and _has_text(lines[-1]):
                lines.append([])
                used = 0.0
            if token_width > width_pt:
                used = self._break_word(token, changed, bold, width_pt, lines, used)
                continue
            lines[-1].append(Piece(token, changed, bold))
            used += token_width
        return [_merge(_rstrip(line)) for line in lines]

    def _break_word(
        self,
        word: str,
        changed: bool,
        bold: bool,
        width_pt: float,
        lines: list[list[Piece]],
        used: float,
    ) -> float:
        """Break a word longer than the line, character by character; return width used."""
        chunk = ""
        for char in word:
            if chunk and used + self.width(chunk + char, bold) > width_pt:
                lines[-1].append(Piece(chunk, changed, bold))
                lines.append([])
                used, chunk = 0.0, ""
            chunk += char
        lines[-1].append(Piece(chunk, changed, bold))
        return used + self.width(chunk, bold)


@lru_cache(maxsize=32)
def measurer_for(family: str, size_pt: float) -> Measurer:
    """A shared measurer per font and size, so measured word widths are reused."""
    return Measurer(family, size_pt)


def _tokens(pieces: list[Piece]) -> list[tuple[str, bool, bool]]:
    """Words and whitespace runs with their piece's flags.

    A word that continues across pieces (a marked sentence ending right before a mark ends)
    is split there; that costs at most a slightly early wrap.
    """
    return [(m.group(0), p.changed, p.bold) for p in pieces for m in _WORDS.finditer(p.text)]


def _has_text(line: list[Piece]) -> bool:
    """True when a line holds any non-space text."""
    return any(p.text.strip() for p in line)


def _rstrip(line: list[Piece]) -> list[Piece]:
    """Drop trailing whitespace pieces of a wrapped line."""
    while line and line[-1].text.isspace():
        line = line[:-1]
    return line


def _merge(line: list[Piece]) -> Line:
    """Merge neighbouring pieces with the same flags."""
    merged: list[Piece] = []
    for piece in line:
        if merged and (merged[-1].changed, merged[-1].bold) == (piece.changed, piece.bold):
            merged[-1] = Piece(merged[-1].text + piece.text, piece.changed, piece.bold)
        else:
            merged.append(piece)
    return tuple(merged)
