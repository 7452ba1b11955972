"""Plain data shared by the readers: limits, locations, diagnostics, results and the error.

Every reader returns a :class:`ReadResult` or raises :class:`ReadError`; nothing here touches
the database. Messages are translated with Django's ``gettext`` when settings are configured
and fall back to the English msgid otherwise, so the readers also work outside Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from .messages import MESSAGES, gettext_noop

Level = Literal["error", "warning", "info"]


def translate(msgid: str, params: dict[str, Any] | None = None) -> str:
    """Translate ``msgid`` (Danish when active) and interpolate ``params``."""
    try:
        text = gettext(msgid)
    except ImproperlyConfigured:
        text = msgid
    if not params:
        return text
    for candidate in (text, msgid):
        try:
            return candidate % params
        except (KeyError, TypeError, ValueError):
            continue
    return msgid


@dataclass(frozen=True)
class Limits:
    """Size limits a file must respect before it is read.

    ``max_compression_ratio`` applies to zip members larger than ``ratio_min_member_bytes``:
    tiny members legitimately compress extremely well, large ones only do in a zip bomb.
    """

    max_bytes: int = 25 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    ratio_min_member_bytes: int = 1024 * 1024
    max_zip_members: int = 10_000
    max_rows: int = 20_000
    max_columns: int = 200


@dataclass(frozen=True)
class Location:
    """Where something was found: file, slide or sheet and row, column."""

    file: str
    slide: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def with_(self, **changes: Any) -> Location:
        """A copy with some fields changed."""
        values = {
            "file": self.file,
            "slide": self.slide,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }
        values.update(changes)
        return Location(**values)

    def __str__(self) -> str:
        parts = [self.file]
        if self.slide is not None:
            parts.append(translate(gettext_noop("slide %(number)d"), {"number": self.slide}))
        if self.sheet is not None:
            parts.append(translate(gettext_noop("sheet “%(name)s”"), {"name": self.sheet}))
        if self.row is not None:
            parts.append(translate(gettext_noop("row %(number)d"), {"number": self.row}))
        if self.column:
            parts.append(translate(gettext_noop("column “%(name)s”"), {"name": self.column}))
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """The location as plain data (for JSON previews)."""
        return {
            "file": self.file,
            "slide": self.slide,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input: ``code`` is stable, ``message`` is translated."""

    level: Level
    code: str
    message: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def make(cls, level: Level, code: str, location: Location, **params: Any) -> Diagnostic:
        """Build a diagnostic whose message is the translated msgid registered for ``code``."""
        return cls(level, code, translate(MESSAGES[code], params), location, params)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class NearMatch:
    """Two initiatives in different areas that are probably, but not certainly, the same."""

    ref_a: str
    title_a: str
    areas_a: tuple[str, ...]
    ref_b: str
    title_b: str
    areas_b: tuple[str, ...]
    score: float
    # "words" (the drift score: words of the shorter text found in the longer one, see
    # ``drift.py``) or "token_sort_ratio".
    scorer: str = "words"
    # At or above the drift threshold: merged by the command line, ticked in the web preview.
    suggested: bool = False


@dataclass
class ReadResult:
    """What a reader made of a file: the interchange document and what it noticed."""

    document: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Diagnostic] = field(default_factory=list)
    near_matches: list[NearMatch] = field(default_factory=list)
    # The plan fields the file itself carries ("title" from a title slide, title row or the
    # workbook's properties; "purpose" from a "Formål" slide). The others in ``document``
    # are made up (a title from the file name) and should not overwrite an existing plan.
    plan_fields: frozenset[str] = frozenset()
    # Where the document's values were read: key paths of ``document`` ("areas[0].title",
    # "initiatives[3].theme", "initiatives[3]" for the row) to the slide, sheet, row and
    # column, so that a value refused later is named by its place in the file.
    sources: dict[str, Location] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        """Sheets or slides that could not be read (the rest of the file was)."""
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of level warning."""
        return [d for d in self.diagnostics if d.level == "warning"]

    def codes(self) -> list[str]:
        """The codes of all diagnostics, in order (handy in tests and previews)."""
        return [d.code for d in self.diagnostics]


class ReadError(Exception):
    """A fatal problem with the input: one line naming what and where."""

    def __init__(
        self, message: str, location: Location, *, code: str = "", params: dict | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code
        self.params = params or {}

    @classmethod
    def make(cls, code: str, location: Location, **params: Any) -> ReadError:
        """Build the error whose message is the translated msgid registered for ``code``."""
        return cls(translate(MESSAGES[code], params), location, code=code, params=params)

    def __str__(self) -> str:
        line = f"{self.location}: {self.message}"
        return " ".join(line.split())
