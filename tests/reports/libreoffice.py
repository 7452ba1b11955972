"""Looking at decks the way a reader does: LibreOffice prints them, pdftotext says where the
words landed on each page (in points, from the top left)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from tests import tools


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class PrintedPage:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)


def to_pdf(data: bytes, folder: Path, name: str = "deck") -> Path:
    """Convert a .pptx with LibreOffice (its own profile, so tests may run side by side)."""
    deck = folder / f"{name}.pptx"
    deck.write_bytes(data)
    return tools.convert(deck, "pdf", folder, timeout=600)


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """The words of every page of a PDF with their boxes (``pdftotext -bbox``)."""
    result = tools.run(
        [tools.pdftotext(), "-bbox", str(pdf), "-"], timeout=120, check=True, text=True
    )
    pages = []
    for number, match in enumerate(_PAGE.finditer(result.stdout), start=1):
        words = tuple(
            Word(html.unescape(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3]))
            for w in _WORD.findall(match.group(3))
        )
        pages.append(PrintedPage(number, float(match.group(1)), float(match.group(2)), words))
    return pages


def words_past_the_table_area(
    page: PrintedPage, *, bottom_margin: float, footer: set[str], margin_x: float
) -> list[Word]:
    """Words below the table area (other than the footer's) or beyond the right margin."""
    limit = page.height - bottom_margin + 0.5
    footer_top = page.height - 28
    stray = []
    for word in page.words:
        is_footer = word.y_min >= footer_top and (
            word.text in footer or word.text == str(page.number)
        )
        if (word.y_max > limit and not is_footer) or word.x_max > page.width - margin_x + 0.5:
            stray.append(word)
    return stray
