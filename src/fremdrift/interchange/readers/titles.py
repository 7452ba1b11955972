"""Title rows above a table: which is the section, which the plan, which a date or a legend.

Workbooks put the section title and the plan title above the header in either order, decks put
a caption row inside the table, and sheet names are cut to 31 characters. The rules:

* legends ("Opdateringer m/ rød skrift") and pagination marks are not titles;
* a line that is only a date ("Status pr. 1. marts 2022") gives the status date;
* a text on every sheet is the plan's title, a text that begins like the sheet's name is the
  section's title (the sheet name may be the cut-off form of it);
* otherwise the section is the line that reads least like a plan title (a plan title names a
  plan, a programme, a status report or a year).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .rows import TitleLine, is_legend
from .text import is_pagination_only, normalise_name, normalise_text, strip_pagination

_PLAN_WORDS = re.compile(
    r"\b(?:\w*plan\w*|program\w*|strategi\w*|rapport\w*|statusrapport|oversigt\w*|"
    r"status|opfoelgning|handleplan|portefoelje\w*|region\w*)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Sheet names Excel and LibreOffice give by default ("Ark1", "Sheet2", "Tabelle1").
DEFAULT_SHEET_NAME = re.compile(
    r"^(?:sheet|ark|blad|tabel|table|tabelle|data|feuil|hoja)\s*\d*$", re.IGNORECASE
)
# Excel cuts sheet names to this length.
SHEET_NAME_LENGTH = 31


@dataclass
class Titles:
    """The usable title lines of a block, and the date a date-only line gave."""

    lines: list[TitleLine] = field(default_factory=list)
    date: dt.date | None = None


def usable(lines: list[TitleLine]) -> Titles:
    """Drop legends and pagination marks ("Akut (fortsat)" is "Akut"); a date-only line gives
    the date instead."""
    titles = Titles()
    for line in lines:
        if is_legend(line.text) or is_pagination_only(line.text):
            continue
        if line.is_date_only:
            titles.date = titles.date or line.date
            continue
        text, marked = strip_pagination(line.text)
        if marked:
            line = replace(line, text=text)
        titles.lines.append(line)
    return titles


def plan_score(text: str) -> int:
    """How much a line reads like a plan title rather than a section title."""
    folded = normalise_name(text)
    return len(_PLAN_WORDS.findall(folded)) + (1 if _YEAR.search(folded) else 0)


def is_default_sheet_name(name: str) -> bool:
    """True for "Ark1", "Sheet2" and the like."""
    return bool(DEFAULT_SHEET_NAME.match((name or "").strip()))


MAX_PLAN_NAME_WORDS = 4


def names_a_section(name: str, plan_title: str = "", *, one_of_several: bool = False) -> bool:
    """True when a sheet's name (or a slide's title) can name a section: not "Ark1", not the
    plan's title, not a column's name for the whole table ("Indsatser", "Initiativer"), and —
    unless it is one of several sheets, which then name their sections — not a short plan-like
    name ("Handleplan 2023", "Oversigt", "Status på indsatser")."""
    from .columns import STATUS, TITLE, header_role

    name = (name or "").strip()
    if not name or is_default_sheet_name(name):
        return False
    if plan_title and key(name) == key(plan_title):
        return False
    plan_like = plan_score(name) > 0 and len(name.split()) <= MAX_PLAN_NAME_WORDS
    if plan_like and not one_of_several:
        return False
    whole_table = len(name.split()) <= 2 and header_role(name) in (TITLE, STATUS)
    return not whole_table


def matches_name(text: str, name: str) -> bool:
    """True when a title is the sheet's name, or the name is the title cut off."""
    if not name or is_default_sheet_name(name):
        return False
    title, short = normalise_text(text), normalise_text(name)
    if not short or len(short) < 3:
        return False
    return title == short or title.startswith(short) or short.startswith(title)


def key(text: str) -> str:
    """Comparison key of a title line."""
    return normalise_text(text)


def choose_section(
    lines: list[TitleLine], *, name: str = "", plan_texts: set[str] | None = None
) -> TitleLine | None:
    """The line that names the section, or None (every line names the plan)."""
    plan_texts = plan_texts or set()
    candidates = [line for line in lines if key(line.text) not in plan_texts]
    if not candidates:
        return None
    for line in candidates:
        if matches_name(line.text, name):
            return line
    return min(candidates, key=lambda line: (plan_score(line.text), 0))


def choose_plan_title(lines: list[TitleLine], section: TitleLine | None) -> str | None:
    """The line that names the plan among those left once the section is taken."""
    rest = [line for line in lines if line is not section]
    if not rest:
        return None
    return max(rest, key=lambda line: (plan_score(line.text), -rest.index(line))).text
