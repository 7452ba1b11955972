"""Read a CSV file of initiatives into the plan interchange format.

The encoding is UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or
else Windows-1252/Latin-1; the delimiter is whichever of ``;``, ``,`` and tab splits the first
lines most consistently. The columns are those of ``tabular``; there is one area per value of
the area column, or one area named after the plan when there is none. A cell that the
exporter escaped against formula injection (``'=…``) is read back as the text it wrote.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter

from fremdrift.core.xlsx import csv_unescape

from .assemble import PlanBuilder
from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .pptx_reader import title_from_filename
from .safety import TEXT, read_bytes, require_type
from .tabular import RowContext, RowCounter, find_header, found_columns, numbered, read_rows

DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 20


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for CSV bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    for encoding, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that gives the first lines the same number (>1) of fields most often."""
    lines = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        common = Counter(width for width in widths if width > 1).most_common(1)
        score = (common[0][1], common[0][0]) if common else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(
    source: str | os.PathLike | bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    plan_slug: str | None = None,
) -> ReadResult:
    """Read a CSV file (path or bytes) into a :class:`ReadResult`; raise ReadError if unusable."""
    limits = limits or Limits()
    location = Location(filename)
    data = read_bytes(source, location, limits)
    require_type(data, TEXT, location)
    text, encoding = decode(data)
    rows = _parse(text, sniff_delimiter(text), location, limits)
    header = find_header(rows)
    if header is None:
        raise ReadError.make("no_table", location)
    if "title" not in header.columns:
        raise ReadError.make("missing_title_column", location, found=found_columns(header))
    plan_title = title_from_filename(filename)
    diagnostics: list[Diagnostic] = []
    if encoding not in ("UTF-8", "UTF-16"):
        diagnostics.append(Diagnostic.make("info", "decoded_as", location, encoding=encoding))
    if "area" not in header.columns:
        diagnostics.append(Diagnostic.make("info", "default_area", location, area=plan_title))
    context = RowContext(location=location, default_area=plan_title)
    raws = read_rows(header, rows, context, RowCounter(limits, location))
    builder = PlanBuilder(filename=filename, plan_title=plan_title, plan_slug=plan_slug)
    for raw in raws:
        builder.add(raw)
    document, near_matches = builder.build()
    return ReadResult(
        document, diagnostics + context.diagnostics + builder.diagnostics, [], near_matches
    )


def _parse(
    text: str, delimiter: str, location: Location, limits: Limits
) -> list[tuple[int, list[str]]]:
    """All rows, numbered; refuse malformed CSV and files with too many lines."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in numbered(reader):
            rows.append((number, [csv_unescape(v) for v in values[: limits.max_columns]]))
            if len(rows) > limits.max_rows + HEADER_ROWS_ALLOWANCE:
                raise ReadError.make("too_many_rows", location, limit=limits.max_rows)
    except csv.Error as exc:
        where = location.with_(row=reader.line_num)
        raise ReadError.make("unreadable_csv", where, reason=str(exc)) from exc
    return rows


# The header and a few title lines above it do not count as data rows.
HEADER_ROWS_ALLOWANCE = 10
