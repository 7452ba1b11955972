"""Reading the input files with DuckDB: column checks, text normalisation, timestamp macros.

Nothing here turns rows into Python objects: each function returns SQL that DuckDB runs
where the file lies.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import duckdb

CONTACT_REQUIRED = ("contact_id", "patient_id", "start_ts", "contact_type", "priority", "sector")
CONTACT_OPTIONAL = ("end_ts", "municipality", "action_diagnosis", "discharge_mode")
FB_REQUIRED = ("period_id", "patient_id", "fb_start_ts", "sector")
FB_OPTIONAL = ("fb_end_ts", "municipality")
TIMESTAMP_COLUMNS = frozenset({"start_ts", "end_ts", "fb_start_ts", "fb_end_ts"})
# Text columns of a few known values, each read as one small number (see code_sql): the case
# its values are compared in, and the values in the order of their codes (from 2).
CODED_COLUMNS = {
    "sector": ("lower", ("somatik", "psykiatri")),
    "priority": ("upper", ("ATA1", "ATA3")),
    "contact_type": ("upper", ("ALCA00",)),
    "discharge_mode": ("lower", ("død",)),
}
# Text columns the engine trims itself, only where needed (trimming every value costs about as
# much as reading the column): timestamps (cast_ts reads surrounding spaces), municipality
# and the coded columns.
UNTRIMMED_COLUMNS = TIMESTAMP_COLUMNS | {"municipality"} | set(CODED_COLUMNS)
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})

TIMEZONE = "Europe/Copenhagen"
US_PER_HOUR = 3_600_000_000
US_PER_WEEK = 7 * 24 * US_PER_HOUR
SUNDAY_0100_US = (3 * 24 + 1) * US_PER_HOUR  # Sunday 4 January 1970, 01:00 UTC
# cast_ts below is only right while the session's time zone is Copenhagen
LOCAL_TIMEZONE_SQL = f"SET TimeZone = '{TIMEZONE}'"
_OFFSET_RE = r"[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$"

# Timestamp handling of spec §1 and §9.5, as DuckDB macros.
MACROS = (
    # local wall-clock microseconds of an instant
    f"CREATE MACRO wall_us(u) AS epoch_us(timezone('{TIMEZONE}', make_timestamptz(u)))",
    # ICU's reading of a wall-clock time: the skipped spring hour moves forward one hour
    # (02:30 -> 03:30 summer time), the repeated autumn hour is read as winter time.
    f"CREATE MACRO icu_utc(w) AS epoch_us(timezone('{TIMEZONE}', make_timestamp(w)))",
    # §9.5 wants the first (summer-time) reading of the repeated hour: one hour earlier,
    # taken whenever that earlier instant shows the same wall-clock time.
    f"CREATE MACRO local_to_utc(w) AS CASE WHEN wall_us(icu_utc(w) - {US_PER_HOUR}) = w "
    f"THEN icu_utc(w) - {US_PER_HOUR} ELSE icu_utc(w) END",
    # ISO 8601 text: with an offset (or Z) it is absolute, without it is Copenhagen time.
    "CREATE MACRO parse_ts(s) AS CASE WHEN s IS NULL THEN NULL "
    f"WHEN regexp_matches(s, '{_OFFSET_RE}') THEN epoch_us(try_cast(s AS TIMESTAMPTZ)) "
    "ELSE local_to_utc(epoch_us(try_cast(s AS TIMESTAMP))) END",
    # The fast reading (about half the cost of parse_ts): DuckDB's own cast, which reads a
    # timestamp without offset as Copenhagen time when the session's TimeZone is
    # Europe/Copenhagen (see LOCAL_TIMEZONE_SQL). It differs from parse_ts only in the repeated
    # autumn hour (ICU takes the winter reading), which always falls on a Sunday between 01:00
    # and 02:00 UTC; settle_ts reads exactly those, and anything the cast refuses, with parse_ts.
    "CREATE MACRO cast_ts(s) AS epoch_us(try_cast(s AS TIMESTAMPTZ))",
    # (one test per row: it is NULL for NULL, and below an hour for every t before 1970;
    # of the Sunday hours, only an instant whose wall-clock time an hour earlier was the
    # same lies in a repeated hour, and only there can the readings differ)
    f"CREATE MACRO settle_ts(s, t) AS CASE WHEN (t - {SUNDAY_0100_US}) % {US_PER_WEEK} "
    f">= {US_PER_HOUR} THEN t WHEN t >= {SUNDAY_0100_US} "
    f"AND wall_us(t - {US_PER_HOUR}) <> wall_us(t) THEN t ELSE parse_ts(s) END",
    # Europe/Copenhagen calendar date of an instant, and as days since 1970-01-01
    f"CREATE MACRO local_date(u) AS CAST(timezone('{TIMEZONE}', make_timestamptz(u)) AS DATE)",
    "CREATE MACRO day_no(u) AS (local_date(u) - DATE '1970-01-01')",
    # trimmed text, NULL when empty (trim only when needed: it copies every string)
    "CREATE MACRO blank(s) AS CASE WHEN s = '' THEN NULL "
    "WHEN starts_with(s, ' ') OR ends_with(s, ' ') THEN NULLIF(trim(s), '') ELSE s END",
)


MESSAGES = {
    "file_not_found": "{path}: file not found",
    "unknown_file_type": "{path}: unknown file type (expected .csv or .parquet)",
    "empty_file": "{path}: the file is empty (no header row)",
    "unreadable": "{path}: cannot read the file ({detail})",
    "missing_column": "{path}: required column '{column}' is missing",
    "bad_as_of": "as_of: '{detail}' is not an ISO 8601 timestamp",
}


class InputError(ValueError):
    """Bad input; the message says what is wrong and where (file, column, value).

    ``code`` (a key of :data:`MESSAGES`), ``path``, ``column`` and ``detail`` let a caller
    word the message in the user's language.
    """

    def __init__(
        self, code: str, path: Path | str | None = None, column: str = "", detail: str = ""
    ) -> None:
        self.code, self.path, self.column, self.detail = code, path, column, detail
        super().__init__(MESSAGES[code].format(path=path, column=column, detail=detail))


def quote(text: str) -> str:
    """Escape text for a single-quoted SQL literal."""
    return str(text).replace("'", "''")


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the timestamp macros on a connection."""
    for macro in MACROS:
        con.execute(macro)


def source_select(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> str:
    """A SELECT over the file: ``rn`` (0-based file row) and every known column as text.

    Text is trimmed and empty text is NULL, except in :data:`UNTRIMMED_COLUMNS` (left as
    stored; wrap them in ``blank``); a Parquet timestamp column becomes ISO text.
    ``id_key`` is the first required column (the id) as stored, for finding repeats.
    Refuses a missing file, an unknown file type and a missing required column.
    """
    if not path.is_file():
        raise InputError("file_not_found", path)
    kind = _kind(path)
    if kind == "csv":
        header = _csv_header(path)
        types = dict.fromkeys(header, "VARCHAR")
    else:
        types = _parquet_types(con, path)
    by_name = {name.strip().lower(): name for name in types}
    for column in required:
        if column not in by_name:
            raise InputError("missing_column", path, column=column)
    parts = []
    for column in required + optional:
        if column not in by_name:
            parts.append(f"NULL::VARCHAR AS {column}")
            continue
        ident = '"' + by_name[column].replace('"', '""') + '"'
        duck_type = types[by_name[column]]
        if column in UNTRIMMED_COLUMNS and duck_type == "VARCHAR":
            parts.append(f"{ident} AS {column}")
        else:
            parts.append(f"{_as_text(ident, duck_type, column)} AS {column}")
    # the id as stored, for finding repeated ids fast (numbers stay numbers)
    id_column = by_name[required[0]]
    id_ident = '"' + id_column.replace('"', '""') + '"'
    if types[id_column] == "VARCHAR":
        parts.append(f"blank({id_ident}) AS id_key")
    else:
        parts.append(f"{id_ident} AS id_key")
    columns = ", ".join(parts)
    if kind == "csv":
        spec = ", ".join(f"'{quote(name)}': 'VARCHAR'" for name in header)
        reader = (
            f"read_csv('{quote(str(path))}', header = true, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"', columns = {{{spec}}})"
        )
        # a streaming row_number keeps file order (preserve_insertion_order is on)
        return f"SELECT row_number() OVER () - 1 AS rn, {columns} FROM {reader}"  # noqa: S608
    reader = f"read_parquet('{quote(str(path))}', file_row_number = true)"
    return f"SELECT file_row_number AS rn, {columns} FROM {reader}"  # noqa: S608


def code_sql(column: str) -> str:
    """SQL: the code of a :data:`CODED_COLUMNS` column's text, trimmed and in its case: 1 for
    empty text, 2, 3 … for its known values in order, NULL for NULL and any other text.

    It is a function of one column alone, so DuckDB works it out once per distinct text of a
    dictionary-encoded Parquet column rather than once per row (``blank``, a CASE
    expression, is worked out per row, and so is anything over its result).
    """
    case, values = CODED_COLUMNS[column]
    listed = ", ".join(f"'{quote(value)}'" for value in ("", *values))
    return f"list_position([{listed}], {case}(trim({column})))"


def code_of(column: str, value: str) -> int:
    """The code :func:`code_sql` gives ``value`` of ``column``."""
    return 2 + CODED_COLUMNS[column][1].index(value)


def is_csv_select(select: str) -> bool:
    """Whether a SELECT of :func:`source_select` reads a CSV file (its rows keep file order)."""
    return " FROM read_csv(" in select


def _kind(path: Path) -> str:
    suffixes = {s.lower() for s in path.suffixes}
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return "parquet"
    if suffixes & CSV_SUFFIXES:
        return "csv"
    raise InputError("unknown_file_type", path)


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError("unreadable", path, detail=str(exc)) from None
    if not header:
        raise InputError("empty_file", path)
    return header


def _parquet_types(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    try:
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{quote(str(path))}')"  # noqa: S608
        ).fetchall()
    except duckdb.Error as exc:
        raise InputError("unreadable", path, detail=first_line(exc)) from None
    return {row[0]: str(row[1]).upper() for row in described}


def _as_text(ident: str, duck_type: str, column: str) -> str:
    """Expression turning a column of any type into trimmed text (timestamps as ISO)."""
    if column in TIMESTAMP_COLUMNS and duck_type.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"strftime(timezone('UTC', {ident}), '%Y-%m-%dT%H:%M:%S.%fZ')"
    if column in TIMESTAMP_COLUMNS and duck_type.startswith("TIMESTAMP"):
        return f"strftime({ident}::TIMESTAMP, '%Y-%m-%dT%H:%M:%S.%f')"
    if duck_type == "VARCHAR":
        return f"blank({ident})"
    return f"blank(CAST({ident} AS VARCHAR))"


def first_line(exc: BaseException) -> str:
    """The first line of an exception message (DuckDB messages can run long)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def parse_as_of(con: duckdb.DuckDBPyConnection, as_of: str | datetime) -> int:
    """``as_of`` in epoch microseconds, read like any timestamp of the input (§9.5)."""
    text = as_of.isoformat() if isinstance(as_of, datetime) else str(as_of).strip()
    value = con.execute("SELECT parse_ts(?::VARCHAR)", [text]).fetchone()[0]
    if value is None:
        raise InputError("bad_as_of", detail=text)
    return int(value)
