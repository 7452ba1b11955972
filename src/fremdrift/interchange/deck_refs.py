"""The references a deck carries, invisibly, in the name of each table's shape.

A status deck lists initiatives as rows of tables, and a user renames an initiative by typing
over its title. To read such a deck back as a rename, each table's shape is named with the
references of its rows: ``Fremdrift 1 hr~5f2a9c - shared~0d81be``, that is a marker, the
column that holds the titles, and per table row the initiative's reference (URL-quoted) and
a short fingerprint of the title as written, or ``-`` where the row is no initiative (header,
theme heading, the rest of a split row). PowerPoint and LibreOffice keep a shape's name when
the deck is edited and saved (its alternative text is dropped by LibreOffice); nobody sees it
but in the selection pane.

Reading pairs the rows found with the rows written by their title fingerprints, so that rows
a user inserted or deleted do not shift the references onto other rows: a row whose title is
unchanged keeps its reference, and a row whose title changed gets the reference of the row
written in its place when as many rows changed there as were written (a rename), or, where
rows were also added or removed there, of the row whose other cells read as written. A
table on which two or more titles changed and none stayed is taken for a copy (a duplicated
slide given new texts) and gives no references. Pure Python: used by the deck renderer and
the deck reader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import quote, unquote

MARKER = "Fremdrift"
NO_ROW = "-"
_FINGERPRINT_LENGTH = 6


def fingerprint(text: str) -> str:
    """A short hash of a title's letters and digits (case, spacing, punctuation and line
    breaks aside, which differ between what is written and what an editor saves)."""
    letters = "".join(c for c in text.casefold() if c.isalnum())
    return hashlib.sha1(letters.encode()).hexdigest()[:_FINGERPRINT_LENGTH]  # noqa: S324


def table_name(rows: Sequence[tuple[str, str, str]], title_column: int) -> str:
    """The shape name for a table whose rows are ``(reference or "", title, rest)``; the rest
    is the text of the cells right of the title (status, follow-up)."""
    entries = [
        f"{_quoted(ref)}~{fingerprint(title)}~{fingerprint(rest)}" if ref else NO_ROW
        for ref, title, rest in rows
    ]
    return " ".join([MARKER, str(title_column), *entries])


def _quoted(ref: str) -> str:
    """A reference without spaces or tildes (the name's separators)."""
    return quote(ref, safe="").replace("~", "%7E")


@dataclass(frozen=True)
class WrittenRow:
    """A row as written: its reference ("" for no initiative) and fingerprints."""

    ref: str = ""
    title: str = ""
    rest: str = ""


@dataclass(frozen=True)
class TableRefs:
    """What a table's name says: the title column and the rows written."""

    title_column: int
    rows: tuple[WrittenRow, ...]


def parse_table_name(name: str | None) -> TableRefs | None:
    """The references in a shape's name, or None for any other name (a deck written before
    references, another tool's, a name a user gave)."""
    parts = (name or "").split()
    if len(parts) < 2 or parts[0] != MARKER or not parts[1].isdigit():
        return None
    rows = []
    for entry in parts[2:]:
        if entry == NO_ROW:
            rows.append(WrittenRow())
            continue
        ref, title, rest = (entry.split("~") + ["", ""])[:3]
        ref = unquote(ref).strip()
        if not ref or len(title) != _FINGERPRINT_LENGTH:
            return None
        rows.append(WrittenRow(ref, title, rest))
    if not any(row.ref for row in rows):
        return None
    return TableRefs(int(parts[1]), tuple(rows))


def row_references(
    refs: TableRefs, titles: Sequence[str], rests: Sequence[str]
) -> list[str | None]:
    """The reference of each row read, from its title and the text right of it, paired with
    the rows written (see the module's description)."""
    found = [fingerprint(title) if title.strip() else "" for title in titles]
    found_rest = [fingerprint(rest) for rest in rests]
    written = [row.title for row in refs.rows]
    result: list[str | None] = [None] * len(titles)
    kept = renamed = 0
    matcher = SequenceMatcher(a=written, b=found, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            pairs = list(zip(range(a0, a1), range(b0, b1), strict=True))
        elif tag == "replace":
            pairs = _by_rest(refs.rows, range(a0, a1), found_rest, range(b0, b1))
        else:
            continue
        for a, b in pairs:
            ref = refs.rows[a].ref
            if ref and found[b]:
                result[b] = ref
                kept += tag == "equal"
                renamed += tag != "equal"
    if renamed > 1 and not kept:
        return [None] * len(titles)  # every title changed: a copy given new texts
    return result


def _by_rest(
    written: Sequence[WrittenRow], rows_a: range, found_rest: Sequence[str], rows_b: range
) -> list[tuple[int, int]]:
    """Where rows were added or removed beside renamed ones: pairs whose text right of the
    title is unchanged, and unique on both sides."""
    pairs = []
    for a in rows_a:
        mark = written[a].rest
        same_a = [x for x in rows_a if written[x].rest == mark]
        same_b = [b for b in rows_b if found_rest[b] == mark]
        if mark and len(same_a) == 1 and len(same_b) == 1:
            pairs.append((a, same_b[0]))
    return pairs
