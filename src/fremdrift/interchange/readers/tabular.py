"""Small helpers for spreadsheet and CSV cells: a cell's text, the row limit, header fields.

The reading itself is shared with decks: ``columns.py`` (the header), ``rows.py`` (the rows)
and ``sheets.py`` (sheets, title rows and areas).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from .base import Limits, Location, ReadError
from .columns import NUMBER, RESPONSIBLE, header_role
from .text import clean_text

# Roles that are not fields of the interchange format.
_NOT_FIELDS = {NUMBER, "status_fallback", "title_fallback"}


def column_field(header: str) -> str | None:
    """The field a header names ("Opgave i 2021" → year_task, "Indsatsområde" → area).

    "Ansvarlig" names the common follow-up; columns that only stand in when the main one is
    missing ("Kommentar" for the status, "Beskrivelse" for the title) name no field.
    """
    role = header_role(header)
    if role in _NOT_FIELDS:
        return None
    return "common" if role == RESPONSIBLE else role


def cell_to_text(value: Any) -> str:
    """A cell value as tidy text (dates as ISO dates, whole floats without ".0")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


class RowCounter:
    """Counts data rows across sheets and refuses more than ``limits.max_rows``."""

    def __init__(self, limits: Limits, location: Location) -> None:
        self.count = 0
        self.limits = limits
        self.location = location

    def add(self, where: Location | int) -> None:
        """Count one data row (at a location, or a row number of the file)."""
        self.count += 1
        if self.count > self.limits.max_rows:
            location = where if isinstance(where, Location) else self.location.with_(row=where)
            raise ReadError.make("too_many_rows", location, limit=self.limits.max_rows)


def numbered(rows: Iterable[Iterable[Any]], first: int = 1) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their 1-based numbers."""
    for number, row in enumerate(rows, start=first):
        yield number, list(row)
