"""Rows of a spreadsheet or CSV file: the header, the column set and the initiatives.

The column set (Danish headers, common synonyms and the interchange keys) is documented in
``docs/import-columns.md``; keep the two in step. The header is the row among the first
``HEADER_SEARCH_ROWS`` that names the most known columns. Area and theme are filled down
when blank, as people leave them blank under a heading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .assemble import RawInitiative
from .base import Diagnostic, Limits, Location, ReadError
from .followup import follow_up_from_columns
from .text import clean_text, normalise_name, one_line, parse_date_value
from .vocab import parse_kind, parse_phase, parse_work_form, split_phase_line

HEADER_SEARCH_ROWS = 10

# field -> normalised header names (see ``_header_key``); the first match wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": (
        "spor",
        "omraade",
        "omraader",
        "afsnit",
        "indsatsomraade",
        "indsatsomraader",
        "area",
        "areas",
    ),
    "title": (
        "indsats",
        "indsatser",
        "initiativ",
        "initiativer",
        "titel",
        "title",
        "initiative",
        "initiatives",
    ),
    "theme": ("tema", "theme"),
    "status": ("status",),
    "phase": ("fase", "phase"),
    "phase_target": ("maalfase", "naeste fase", "phase target"),
    "follow_up": ("opfoelgning", "follow up"),
    "local": ("lokal", "lokalt", "local"),
    "common": ("faelles", "common"),
    "lead": ("tovholder", "lead"),
    "year_task": ("opgave", "aarsopgave", "year task", "task"),
    "kind": ("type", "art", "kind"),
    "work_form": ("arbejdsform", "work form"),
    "status_date": ("dato", "statusdato", "status date", "date"),
    "ref": ("ref",),
}
_PREFIXES = (("opfoelgning", "follow_up"), ("follow", "follow_up"), ("status", "status"))
_YEAR_TASK = re.compile(r"^opgave i \d{4}$")
_SYNONYMS = {name: key for key, names in COLUMNS.items() for name in names}


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[_:.*]+", " ", normalise_name(text)).split())


def column_field(header: str) -> str | None:
    """The field a header names ("Opgave i 2021" → year_task, "Indsatsområde" → area)."""
    key = _header_key(header)
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    if _YEAR_TASK.match(key):
        return "year_task"
    for prefix, name in _PREFIXES:
        if key.startswith(prefix):
            return name
    return None


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


@dataclass
class Header:
    """The header row: its number, which column holds which field, and the texts found."""

    row_number: int
    columns: dict[str, int]
    texts: list[str]
    duplicates: list[tuple[str, str]] = field(default_factory=list)


def find_header(rows: list[tuple[int, list[Any]]]) -> Header | None:
    """The row naming the most known columns, or None if none names any."""
    best: Header | None = None
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        texts = [one_line(cell_to_text(value)) for value in values]
        header = Header(number, {}, texts)
        for column, text in enumerate(texts):
            name = column_field(text)
            if name is None:
                continue
            if name in header.columns:
                header.duplicates.append((text, name))
            else:
                header.columns[name] = column
        if header.columns and (best is None or len(header.columns) > len(best.columns)):
            best = header
    return best


def found_columns(header: Header) -> str:
    """The header's non-empty texts, for messages."""
    return ", ".join(f"“{text}”" for text in header.texts if text) or "—"


@dataclass
class RowContext:
    """Where the rows come from and what carries over between them."""

    location: Location
    default_area: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


class RowCounter:
    """Counts data rows across sheets and refuses more than ``limits.max_rows``."""

    def __init__(self, limits: Limits, location: Location) -> None:
        self.count = 0
        self.limits = limits
        self.location = location

    def add(self, row_number: int) -> None:
        self.count += 1
        if self.count > self.limits.max_rows:
            raise ReadError.make(
                "too_many_rows", self.location.with_(row=row_number), limit=self.limits.max_rows
            )


def read_rows(
    header: Header,
    rows: Iterable[tuple[int, list[Any]]],
    context: RowContext,
    counter: RowCounter,
) -> list[RawInitiative]:
    """Initiatives from the data rows below ``header``."""
    reader = _RowReader(header, context)
    raws = []
    for number, values in rows:
        if number <= header.row_number or not any(cell_to_text(v) for v in values):
            continue
        counter.add(number)
        raw = reader.read(number, values)
        if raw is not None:
            raws.append(raw)
    return raws


class _RowReader:
    def __init__(self, header: Header, context: RowContext) -> None:
        self.header = header
        self.context = context
        self.area: list[str] = [context.default_area]
        self.theme: str | None = None
        for text, name in header.duplicates:
            self._warn("duplicate_column", None, column=text, field=name)
        for text in header.texts:
            if text and column_field(text) is None:
                location = context.location.with_(row=header.row_number, column=text)
                context.diagnostics.append(
                    Diagnostic.make("info", "ignored_column", location, column=text)
                )

    def _value(self, values: list[Any], name: str) -> Any:
        column = self.header.columns.get(name)
        return values[column] if column is not None and column < len(values) else None

    def _text(self, values: list[Any], name: str) -> str:
        return cell_to_text(self._value(values, name))

    def _warn(self, code: str, row: int | None, column: str | None = None, **params: Any) -> None:
        row = self.header.row_number if row is None else row
        location = self.context.location.with_(row=row, column=column)
        self.context.diagnostics.append(Diagnostic.make("warning", code, location, **params))

    def _column_name(self, name: str) -> str:
        return self.header.texts[self.header.columns[name]]

    def read(self, number: int, values: list[Any]) -> RawInitiative | None:
        self._fill_down(values)
        title = self._text(values, "title")
        if not title:
            others = set(self.header.columns) - {"area", "theme"}
            if any(self._text(values, name) for name in others):
                self._warn("row_without_title", number)
            return None
        location = self.context.location.with_(row=number)
        raw = RawInitiative(
            areas=list(self.area),
            title=title,
            location=location,
            theme=self.theme,
            year_task=self._text(values, "year_task") or None,
            ref=self._text(values, "ref") or None,
        )
        self._status(raw, values, number)
        self._codes(raw, values, number)
        self._follow_up(raw, values)
        return raw

    def _fill_down(self, values: list[Any]) -> None:
        area = self._text(values, "area")
        if area:
            areas = [one_line(part) for part in re.split(r"[;\n]", area) if one_line(part)]
            if areas != self.area:
                self.theme = None
            self.area = areas
        theme = self._text(values, "theme")
        if theme:
            self.theme = one_line(theme)

    def _status(self, raw: RawInitiative, values: list[Any], number: int) -> None:
        raw.status, phase_line = split_phase_line(self._text(values, "status"))
        phase_text = self._text(values, "phase") or phase_line or ""
        if phase_text:
            parsed = parse_phase(phase_text)
            if parsed.phase:
                raw.phase, raw.phase_target = parsed.phase, parsed.target
            else:
                column = self._column_name("phase") if "phase" in self.header.columns else None
                self._warn("unknown_phase", number, column, text=phase_text)
        target = self._text(values, "phase_target")
        if target:
            parsed = parse_phase(target)
            if parsed.phase:
                raw.phase_target = parsed.phase
            else:
                self._warn("unknown_phase", number, self._column_name("phase_target"), text=target)
        date_value = self._value(values, "status_date")
        if cell_to_text(date_value):
            raw.status_date = parse_date_value(date_value)
            if raw.status_date is None:
                column = self._column_name("status_date")
                self._warn("bad_date", number, column, text=cell_to_text(date_value))

    def _codes(self, raw: RawInitiative, values: list[Any], number: int) -> None:
        kind = self._text(values, "kind")
        if kind:
            raw.kind = parse_kind(kind)
            if raw.kind is None:
                self._warn("unknown_kind", number, self._column_name("kind"), text=kind)
        work_form = self._text(values, "work_form")
        if work_form:
            raw.work_form = parse_work_form(work_form)
            if raw.work_form is None:
                raw.work_form = one_line(work_form)
                column = self._column_name("work_form")
                self._warn("unknown_work_form", number, column, text=work_form)

    def _follow_up(self, raw: RawInitiative, values: list[Any]) -> None:
        parts = [self._text(values, name) for name in ("follow_up", "local", "common", "lead")]
        if any(parts):
            raw.follow_up = follow_up_from_columns(*parts)


def numbered(rows: Iterable[Iterable[Any]], first: int = 1) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their 1-based numbers."""
    for number, row in enumerate(rows, start=first):
        yield number, list(row)
