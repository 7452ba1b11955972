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

from .base import Diagnostic, Limits, Location, ReadError, ReadResult
from .grid import Grid, GridCell
from .pptx_reader import title_from_filename
from .richtext import plain
from .safety import TEXT, read_bytes, require_type
from .sheets import read_grids
from .tabular import numbered

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
    """The delimiter that gives the first lines the same number (>1) of fields most often.

    A line that keeps a quote mark inside a field counts against its delimiter: a file's own
    delimiter lets its quoted cells (several lines of bullets, say) be read whole, while a
    wrong one splits them where a decimal comma ("6,2") or a comma in a title happens to be
    and leaves the quote marks in the text."""
    lines = [line for line in text.splitlines() if line.strip()][:SNIFF_LINES]
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        common = Counter(len(row) for row in rows if len(row) > 1).most_common(1)
        stray = sum(1 for row in rows if any('"' in field for field in row))
        score = (common[0][1] - stray, common[0][0]) if common else (0, 0)
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
    diagnostics: list[Diagnostic] = []
    if encoding not in ("UTF-8", "UTF-16"):
        diagnostics.append(Diagnostic.make("info", "decoded_as", location, encoding=encoding))
    grid = Grid(
        rows=[[GridCell(plain(csv_unescape(value))) for value in values] for _, values in rows],
        numbers=[number for number, _ in rows],
        location=location,
    )
    return read_grids(
        [grid],
        filename=filename,
        limits=limits,
        plan_slug=plan_slug,
        fallback_title=title_from_filename(filename),
        diagnostics=diagnostics,
    )


def _parse(
    text: str, delimiter: str, location: Location, limits: Limits
) -> list[tuple[int, list[str]]]:
    """All rows, numbered; refuse malformed CSV and files with too many lines."""
    rows: list[tuple[int, list[str]]] = []
    filled = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in numbered(reader):
            rows.append((number, values[: limits.max_columns]))
            if any(value.strip() for value in values):
                filled += 1
            if filled > limits.max_rows + HEADER_ROWS_ALLOWANCE:
                raise ReadError.make("too_many_rows", location, limit=limits.max_rows)
    except csv.Error as exc:
        where = location.with_(row=reader.line_num)
        raise ReadError.make("unreadable_csv", where, reason=str(exc)) from exc
    return rows


# The header and a few title lines above it do not count as data rows.
HEADER_ROWS_ALLOWANCE = 10
