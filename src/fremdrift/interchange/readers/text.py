"""Text helpers shared by the readers: normalising names, cleaning cell text, slugs, dates.

``normalise_name`` is also what the apply step uses to match unit names against OrgUnits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

# Danish letters have conventional ASCII spellings; using them (rather than dropping the
# letter) makes "Århus" and "Aarhus", "Præhospitalet" and "Praehospitalet" equal.
_DANISH_ASCII = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "\u00ad": ""}
)

# A hyphen at a line break (or before spaces) followed by a lower-case letter is a word split
# by wrapping ("Kompetence-\nudvikling"); Danish elliptic hyphens ("senge- og akut…") are not.
_SPLIT_WORD = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=[a-zæøå])")
_SPLIT_WORD_SPACED = re.compile(r"(\w)- +(?!(?:og|eller|samt|til|el\.?)\b)(?=[a-zæøå])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_NON_WORD = re.compile(r"[^\w]+")
_VERTICAL_TAB = "\x0b"


def dehyphenate(text: str) -> str:
    """Join words split by a wrapping hyphen ("Horsens-\\nklyngen" → "Horsensklyngen")."""
    text = _SPLIT_WORD.sub(r"\1", text)
    return _SPLIT_WORD_SPACED.sub(r"\1", text)


def strip_accents(text: str) -> str:
    """ASCII-fold Danish letters (æ→ae, ø→oe, å→aa) and drop other accents (é→e)."""
    text = unicodedata.normalize("NFC", text).translate(_DANISH_ASCII)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def normalise_name(s: str) -> str:
    """A unit or area name reduced for comparison: case, accents, whitespace, hyphenation.

    >>> normalise_name("  Koncern  HR,\\nCenter for Kompetence-\\nudvikling ")
    'koncern hr, center for kompetenceudvikling'
    >>> normalise_name("Århus") == normalise_name("AARHUS")
    True
    """
    text = dehyphenate((s or "").replace(_VERTICAL_TAB, "\n"))
    text = strip_accents(text).casefold()
    return " ".join(text.split())


def normalise_text(s: str) -> str:
    """An initiative text reduced for fuzzy matching: ``normalise_name`` without punctuation."""
    text = normalise_name(s).replace("-", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def clean_text(text: str) -> str:
    """Cell text as written, tidied: lines stripped, empty lines and double spaces dropped."""
    text = (text or "").replace(_VERTICAL_TAB, "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = dehyphenate(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """Cell text on one line (for titles of areas, themes and plans)."""
    return " ".join(clean_text(text).split())


_BULLETS = "•▪§◦●○■□–-*·"


def strip_bullet(line: str) -> str:
    """A line without a leading bullet character (decks often use "§" or "▪" as bullets)."""
    return line.lstrip(_BULLETS + " \t").strip()


# --- pagination marks in slide titles --------------------------------------------------------

# A slide continued on the next one is titled like it with a *continuation mark*. Strong marks
# are pagination wherever they stand: "(fortsat)", "(forts.)", "(fortsættes)", "– fortsat",
# "Fortsat: …", "(fortsat fra forrige side)", "Slide 2 af 3", "(side 2 af 3)", "(2/3)",
# "[2 af 3]", "(continued)". Weak marks — a bare "2/3" or "2 af 3" at the end, "(2)", "(del 2)"
# — could be part of a title (a date, a numbered part) and count only where the title without
# them is the neighbouring slide's or section's (see ``pagination_base``).
_CONTINUED_WORD = (
    r"(?:fortsæt(?:tes|ter)|fortsaet(?:tes|ter)|fortsat|forts\b\.?|continued|cont(?:'|’)?d\b\.?"
    r"|cont\.)"
)
_PAGE_OF = r"\d{1,3}\s*(?:af|of|/|ud\s+af)\s*\d{1,3}"
_PAGE_WORD = r"(?:slide|side|sider|dias|page|s\.)"
_PAGINATION = [
    re.compile(rf"\b(?:{_PAGE_WORD}|del|part)\s*{_PAGE_OF}\b", re.IGNORECASE),
    re.compile(
        rf"\b{_CONTINUED_WORD}\s+(?:fra|from)\s+(?:(?:den|the|sidste|forrige|previous|"
        rf"foregående|foregaaende)\s+)*(?:{_PAGE_WORD}|slide)(?:\s*\d{{1,3}})?(?=\W|$)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_CONTINUED_WORD}\s+(?:på|paa|on)\s+(?:(?:næste|naeste|next|the)\s+)*"
        rf"(?:{_PAGE_WORD}|slide)(?=\W|$)",
        re.IGNORECASE,
    ),
    # at the end: "Akut – fortsat", "Akut, forts.", "Akut fortsat", "Akut … fortsat"
    re.compile(
        rf"(?:^|[\s,:;–—…-]+|\.\.\.\s*){_CONTINUED_WORD}(?=[\s.:…]*$)[\s.:…]*$", re.IGNORECASE
    ),
    # at the start: "Fortsat: Akut", "Forts. – Akut" (not "Fortsat udvikling af …")
    re.compile(rf"^\s*{_CONTINUED_WORD}\s*[:–—-]\s*", re.IGNORECASE),
]
# A bracketed group is pagination when it holds nothing but continuation words, page words
# and numbers, and says "continued" or "N af M" ("(fortsat, side 2)", "[2/3]", "(forts. 2 af 3)").
_BRACKETED = re.compile(r"\s*[(\[]([^()\[\]]{0,60})[)\]]")
_BRACKET_FILLER = re.compile(
    rf"{_CONTINUED_WORD}|{_PAGE_OF}|\b{_PAGE_WORD}|\b(?:fra|from|på|paa|on|den|the|sidste|"
    rf"forrige|previous|næste|naeste|next|foregående|foregaaende|del|part)\b|\d{{1,3}}|[\s,.…:;/–—-]",
    re.IGNORECASE,
)
_STRONG_IN_BRACKETS = re.compile(
    rf"{_CONTINUED_WORD}|{_PAGE_OF}|\b{_PAGE_WORD}\s*\d", re.IGNORECASE
)
# Weak marks at the end of a title: "(2)", "[2]", "(del 2)", "– 2/3", " 2 af 3", "– side 2".
_WEAK = [
    re.compile(r"\s*[(\[]\s*(?:(?:del|part)\s*)?\d{1,2}\s*[)\]]\s*$", re.IGNORECASE),
    re.compile(rf"(?:^|[\s,:;–—-]+){_PAGE_OF}\s*$", re.IGNORECASE),
    re.compile(rf"[\s,:;–—-]+(?:{_PAGE_WORD}|del|part)\s*\d{{1,3}}\s*$", re.IGNORECASE),
]


def _is_bracketed_mark(inside: str) -> bool:
    return bool(_STRONG_IN_BRACKETS.search(inside)) and not _BRACKET_FILLER.sub("", inside).strip()


def _tidy(text: str) -> str:
    text = re.sub(r"[(\[]\s*[)\]]", " ", text)  # brackets left empty
    return " ".join(text.split()).strip(" ,:;–—-")


@lru_cache(maxsize=16384)
def strip_pagination(title: str) -> tuple[str, bool]:
    """Remove strong pagination marks ("Slide 1 af 3", "(fortsat)", "(side 2 af 3)", "–
    forts."); also say whether any was found. Weak marks stay (see ``pagination_base``)."""
    text = one_line(title)
    found = False

    def bracket(match: re.Match) -> str:
        nonlocal found
        if _is_bracketed_mark(match.group(1)):
            found = True
            return " "
        return match.group(0)

    for _ in range(2):  # "Akut – fortsat (side 2 af 3)": one mark can hide another
        text = _BRACKETED.sub(bracket, text)
        for pattern in _PAGINATION:
            text, count = pattern.subn(" ", text)
            found = found or count > 0
        text = _tidy(text)
    return text, found


@lru_cache(maxsize=16384)
def pagination_base(title: str) -> str | None:
    """The title without a weak pagination mark at its end ("Akut 2/3", "Akut (2)" → "Akut"),
    or None when it has none. Strong marks are removed first."""
    text, _ = strip_pagination(title)
    for pattern in _WEAK:
        base = _tidy(pattern.sub(" ", text, count=1))
        if base and base != text:
            return base
    return None


# A text box or title row holding nothing but a page number: "2/3", "(2 af 3)", "Side 2".
_PAGE_ONLY = re.compile(
    rf"^[(\[]?\s*(?:{_PAGE_WORD}\s*)?\d{{1,3}}(?:\s*(?:af|of|/)\s*\d{{1,3}})?\s*[)\]]?$",
    re.IGNORECASE,
)


def is_pagination_only(text: str) -> bool:
    """True for a text that is nothing but a pagination mark ("Slide 2 af 3", "(fortsat)",
    "2/3", "Side 2")."""
    stripped, found = strip_pagination(text)
    if found and not stripped:
        return True
    return bool(_PAGE_ONLY.match(one_line(text)))


# --- slugs ------------------------------------------------------------------------------------

SLUG_MAX_LENGTH = 60


def slugify(text: str, *, max_length: int = SLUG_MAX_LENGTH, fallback: str = "x") -> str:
    """ASCII slug: æ→ae, ø→oe, å→aa, other accents dropped, cut at a word boundary."""
    slug = "-".join(_NON_WORD.sub(" ", strip_accents(text or "").casefold()).split())
    slug = slug.replace("_", "-")
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[1:] else slug[:max_length]
        slug = slug[:max_length].strip("-")
    return slug or fallback


class SlugRegistry:
    """Hands out unique slugs: ``base``, ``base-2``, ``base-3`` … within ``max_length``."""

    def __init__(self, max_length: int = SLUG_MAX_LENGTH) -> None:
        self.max_length = max_length
        self.taken: set[str] = set()

    def take(self, text: str, *, fallback: str = "x") -> str:
        """A slug of ``text`` not handed out before."""
        base = slugify(text, max_length=self.max_length, fallback=fallback)
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            suffix = f"-{number}"
            slug = base[: self.max_length - len(suffix)].rstrip("-") + suffix
        self.taken.add(slug)
        return slug


# --- dates ------------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "marts": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # English month names that differ from the Danish ones ("10. February 2022").
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
    "oct": 10,
}
MONTHS = _MONTHS  # month names (Danish and English) the readers know
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})\b", re.IGNORECASE)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first date written in ``text`` ("8. februar 2022", "2022-02-08", "08-02-2022")."""
    text = text or ""
    candidates: list[tuple[int, dt.date]] = []
    for match in _ISO_DATE.finditer(text):
        found = _make_date(int(match[1]), int(match[2]), int(match[3]))
        if found:
            candidates.append((match.start(), found))
    for match in _NUMERIC_DATE.finditer(text):
        found = _make_date(int(match[3]), int(match[2]), int(match[1]))
        if found:
            candidates.append((match.start(), found))
    for match in _WORD_DATE.finditer(text):
        month = _MONTHS.get(match[2].casefold())
        found = _make_date(int(match[3]), month, int(match[1])) if month else None
        if found:
            candidates.append((match.start(), found))
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def parse_date_value(value: object) -> dt.date | None:
    """A date from a spreadsheet value: a date, a datetime or a text holding one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return find_date(value)
    return None
