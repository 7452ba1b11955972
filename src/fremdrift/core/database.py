"""Setup of every new database connection.

SQLite: a LIKE that ignores case for every letter. Django runs ``contains``, ``icontains``,
``iexact``, ``startswith`` and the other pattern lookups on SQLite as ``LIKE … ESCAPE '\\'``
(``django/db/backends/sqlite3/base.py``), and SQLite's own LIKE folds case only for A–Z: a
search for "århus" would not find "Århus", where PostgreSQL (``UPPER(…) LIKE UPPER(…)``)
does. SQLite lets an application replace LIKE by defining ``like(pattern, text)`` and
``like(pattern, text, escape)``; :func:`install_unicode_like` does so on every SQLite
connection Django opens (wired in ``CoreConfig.ready``), so every search of the product
behaves the same on both databases without a change to any query.

The replacement keeps LIKE's meaning: ``%`` is any run of characters (line breaks too),
``_`` exactly one character, the ESCAPE character makes the next one literal (an escape at
the very end matches nothing, and an ESCAPE of other than one character is an error), NULL
in gives NULL out, and the whole text must match. Like SQLite's LIKE, and as Django
documents for SQLite, it ignores case also for the case-sensitive lookups (``contains``);
now for every letter rather than only A–Z. Case is compared with Python's case-insensitive
regular expressions (Unicode simple case folding, one character for one, so ``_`` still
counts characters). SQLite's LIKE optimisation, which the replacement turns off, never
applied to Django's columns (it needs a NOCASE index).

Both databases: Danish alphabetical order. Lists a user reads as alphabetical (the search
sorted by title, the plan lists, choice lists of plans and initiatives) sort by
:func:`danish` (``order_by(danish("title"))``) or the ``danish`` transform
(``order_by("plan__title__danish")``), both ``… COLLATE "da"``: A–Z, then Æ, Ø, Å; small
and capital letters together; é with e; ä with æ and ö with ø as Danish dictionaries do.
On PostgreSQL "da" is an ICU collation (locale ``da-DK``) that core's migration 0012
creates; on SQLite it is :func:`danish_compare`, installed on every connection beside the
LIKE. Both order first by letters, then by accents, then capital before small letter, and
last by the text itself, so that two different texts never sort as equal. (ICU also sorts
"Aa" as "Å"; the SQLite key does not.)
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache
from typing import Any

from django.db.models import CharField, F, TextField, Transform
from django.db.models.functions import Collate

#: The name of the Danish collation, on SQLite (:func:`danish_compare`) as on PostgreSQL
#: (ICU, created by core's migration 0012_danish_collation).
COLLATION = "da"

_NEVER = re.compile(r"(?!)")
_ANY = None  # a run of ``%`` in the parsed pattern


@lru_cache(maxsize=1024)
def _compile(pattern: str, escape: str | None) -> tuple[re.Pattern[str], bool]:
    """A regular expression for the LIKE ``pattern``, and whether it is to be matched from
    the start of the text (else searched: the pattern starts with ``%``). Django's
    ``%word%`` so becomes a plain search for ``word``."""
    parts: list[str | None] = []
    chars = iter(pattern)
    for char in chars:
        if char == escape:
            literal = next(chars, None)
            if literal is None:
                return _NEVER, True
            parts.append(re.escape(literal))
        elif char == "%":
            if not parts or parts[-1] is not _ANY:
                parts.append(_ANY)
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    from_start = not parts or parts[0] is not _ANY
    to_end = not parts or parts[-1] is not _ANY
    inner = parts[(0 if from_start else 1) : (len(parts) if to_end else -1)]
    regex = "".join(".*?" if part is _ANY else part for part in inner)
    if to_end:
        regex += r"\Z"
    return re.compile(regex, re.IGNORECASE | re.DOTALL), from_start


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, str) else str(value)


def unicode_like(pattern: Any, text: Any, escape: Any = None) -> int | None:
    """SQLite's ``like(pattern, text[, escape])``, i.e. ``text LIKE pattern [ESCAPE escape]``,
    ignoring case for every letter. 1 for a match, 0 for none, None if an argument is NULL."""
    if pattern is None or text is None:
        return None
    if escape is not None:
        escape = _text(escape)
        if len(escape) != 1:
            raise ValueError("ESCAPE expression must be a single character")
    regex, from_start = _compile(_text(pattern), escape)
    text = _text(text)
    found = regex.match(text) if from_start else regex.search(text)
    return int(found is not None)


def _like_with_escape(pattern: Any, text: Any, escape: Any) -> int | None:
    if escape is None:  # ``ESCAPE NULL`` is NULL, as in SQLite
        return None
    return unicode_like(pattern, text, escape)


def install_unicode_like(dbapi_connection: sqlite3.Connection) -> None:
    """Replace LIKE on one SQLite connection (``sqlite3.Connection``)."""
    dbapi_connection.create_function("like", 2, unicode_like, deterministic=True)
    dbapi_connection.create_function("like", 3, _like_with_escape, deterministic=True)


# Danish letters after z, in Danish order; ä, ö (and Swedish/Hungarian kin) with æ and ø.
_AE, _OE, _AA = "z\U0010fffd\u0001", "z\U0010fffd\u0002", "z\U0010fffd\u0003"
_DANISH_LETTERS = {
    "æ": (_AE, ""),
    "ä": (_AE, "\u0308"),
    "ø": (_OE, ""),
    "ö": (_OE, "\u0308"),
    "ő": (_OE, "\u030b"),
    "å": (_AA, ""),
}


@lru_cache(maxsize=4096)
def danish_key(text: str) -> tuple[str, tuple[str, ...], tuple[int, ...], str]:
    """The key SQLite's "da" collation sorts by: the letters without case and accents (æ, ø,
    å after z, ä as æ, ö as ø), then the accents letter by letter, then capital before small
    letter (as ICU's Danish order), and last the text itself."""
    text = unicodedata.normalize("NFC", text)
    letters: list[str] = []
    accents: list[str] = []
    cases: list[int] = []
    for char in text:
        small = char.lower()
        cases.append(0 if small != char else 1)
        if small in _DANISH_LETTERS:
            letter, accent = _DANISH_LETTERS[small]
        else:
            parts = unicodedata.normalize("NFD", small.casefold())
            letter = "".join(c for c in parts if not unicodedata.combining(c))
            accent = "".join(c for c in parts if unicodedata.combining(c))
        letters.append(letter)
        accents.append(accent)
    return "".join(letters), tuple(accents), tuple(cases), text


def danish_compare(left: Any, right: Any) -> int:
    """SQLite's collation "da": negative, zero or positive as ``left`` sorts before, with or
    after ``right`` in Danish alphabetical order."""
    left_key, right_key = danish_key(_text(left)), danish_key(_text(right))
    return (left_key > right_key) - (left_key < right_key)


def install_danish_collation(dbapi_connection: sqlite3.Connection) -> None:
    """Define the collation "da" on one SQLite connection (``sqlite3.Connection``)."""
    dbapi_connection.create_collation(COLLATION, danish_compare)


def danish(field: str) -> Collate:
    """``field`` in Danish alphabetical order, for ``order_by``: ``danish("title")``,
    ``danish("title").desc()``."""
    return Collate(F(field), COLLATION)


class Danish(Transform):
    """The ``danish`` transform of text fields, for ``order_by("plan__title__danish")`` and
    ``Meta.ordering``: the field in Danish alphabetical order (``… COLLATE "da"``)."""

    lookup_name = "danish"
    template = "%(expressions)s COLLATE %(collation)s"

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        extra_context.setdefault("collation", connection.ops.quote_name(COLLATION))
        return super().as_sql(compiler, connection, **extra_context)


def register_danish_transform() -> None:
    """Make ``__danish`` known on every text field (called from ``CoreConfig.ready``)."""
    CharField.register_lookup(Danish)
    TextField.register_lookup(Danish)


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Receiver of Django's ``connection_created``: set up a new connection."""
    if connection.vendor == "sqlite":
        install_unicode_like(connection.connection)
        install_danish_collation(connection.connection)
