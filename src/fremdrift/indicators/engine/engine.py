"""The indicator engine: spec/indicators.md §2–§7 and §9, in DuckDB SQL.

All arithmetic is on epoch microseconds (BIGINT, UTC); calendar dates are Europe/Copenhagen.
The input files are read by DuckDB where they lie and are never turned into Python objects
(the one exception: integer ids are counted with numpy to find repeats); DuckDB spills to a
private temporary folder that is removed when the run ends.

Outline of a run:

1. ``c_clean`` / ``p_clean``: one narrow typed row per input row with the §9.4 cleaning
   ``reason`` (0 = used); a contact's flags and municipality are one integer (``attrs``).
   Patients get an integer number: a hash of the id, checked to be unique, or else a dense
   number from a patient map (``pmap``).
2. ``linked``: per patient (and sector) in start order, the running maximum end of the
   earlier contacts decides whether a contact starts a new stay, all in one sort on start
   alone; the few patients with two contacts of the same start are linked again in the full
   order of §2 (``twin_linked``). Only the contacts of multi-contact stays are sorted again
   to number their stays.
3. ``stays``: one row per stay; first-contact values come from the row that started the stay.
   Its flags are stored as one small number (``stay_rows``) and named by a view.
4. ``events``: acute admissions and readmission indexes (the next acute admission found with
   an ASOF join; every window in one pass) per local day, dated through a table of local
   dates per UTC hour (``local_hours``), and færdigbehandling days (``range``/``unnest``).
5. ``result``: events summed per week and month (grouped by the period's first day, its text
   made per group) at municipality, cluster and region level.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from .geography import REGION_CODE, Municipality, geo_id_sql, geo_rows, load_municipalities
from .params import IndicatorParams
from .sources import (
    CODED_COLUMNS,
    CONTACT_OPTIONAL,
    CONTACT_REQUIRED,
    FB_OPTIONAL,
    FB_REQUIRED,
    LOCAL_TIMEZONE_SQL,
    TIMESTAMP_COLUMNS,
    InputError,
    code_of,
    code_sql,
    first_line,
    install_macros,
    is_csv_select,
    parse_as_of,
    quote,
    source_select,
)

__all__ = ["InputError", "RunResult", "RunStopped", "Stop", "run"]

Progress = Callable[[str, float], None]

EXAMPLES = 20
US_PER_HOUR = 3_600_000_000
US_PER_DAY = 24 * US_PER_HOUR
SECTOR_SQL = "CASE WHEN psych THEN 'psykiatri' ELSE 'somatik' END"
# a patient id as a non-negative BIGINT (room for the sector bit); see _Steps._patients
PATIENT_HASH = "(hash(pid) >> 2)::BIGINT"
INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)

# Integer ids that can be counted in an array (see _Steps._repeats_counted), from how
# many rows on
COUNTABLE_TYPES = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT"})
COUNTABLE_TYPES |= frozenset({"UTINYINT", "USMALLINT", "UINTEGER"})
COUNTING_MIN_ROWS = 1_000_000
# Counted repeats are handed to DuckDB as a list parameter (about a microsecond an id; an
# Arrow table would be quicker, but registering one imports pandas: a quarter of a second).
# Beyond this many repeated ids the table is grouped instead.
LISTED_REPEATS_MAX = 200_000
# A contact's flags and municipality in one integer (``attrs`` of c_clean): a bit per flag,
# the municipality's id times GEO_UNIT. The stays read the first five bits as one number
# (``flags``), so their order is fixed.
ATTRS = {
    "is_open": 1,
    "death": 2,
    "idx_excl": 4,
    "readm_excl": 8,
    "acute": 16,
    "psych": 32,
    "priority_known": 64,
}
GEO_UNIT = 128
# A stay's flags in one small number (``stay_rows.f``; the view ``stays`` names them): the
# first four are the contact flags of ATTRS, or-ed over the stay's contacts.
STAY_FLAGS = {
    "ongoing": 1,
    "death": 2,
    "idx_excl": 4,
    "readm_excl": 8,
    "acute": 16,
    "psych": 32,
    "admission": 64,
}
# A contact's file row and its attrs in one integer (see _Steps._link_contacts): attrs take
# the low 20 bits (room for 8,000 municipalities).
SLOT = 1 << 20
# local_hours covers at most this many hours (about 228 years) of admissions
LOCAL_HOURS_MAX = 2_000_000
# The run's own folders: DuckDB's spill folder in the system's temporary folder, and the
# folder inside ``out_dir`` where the output files wait until all are written.
SCRATCH_PREFIX = "fremdrift-indicators-"
STAGING_PREFIX = ".fremdrift-run-"
_OWNER = re.compile(r"(?P<pid>[0-9]+)\+(?P<host>[^+/]+)\+")
_HOST_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# a log size no run reaches: the in-memory database is never checkpointed (_configure)
NEVER_CHECKPOINT = "1TB"
PUBLIC_CSV = "indicators_public.csv"

# Cleaning steps of §9.4, in order; the position (from 1) is the reason code of a row.
CLEANING_STEPS = (
    "duplicate_id",
    "missing_required",
    "unparseable_timestamp",
    "end_before_start",
    "unknown_sector",
    "not_alca00",
)

# the columns a public file leaves blank in a hidden row (suppression.HIDDEN_COLUMNS)
HIDDEN_OUTPUT_COLUMNS = ("numerator", "denominator", "value", "provisional")
# the order of the output's rows, and a cell's group, place and (a hash of) its whole key
OUTPUT_ORDER = (
    "indicator, sector, period_type, period, "
    "CASE geo_level WHEN 'region' THEN 0 WHEN 'cluster' THEN 1 ELSE 2 END, geo_code"
)
GROUP_COLUMNS = "indicator, sector, period_type, period"
PLACE_COLUMNS = "geo_level, geo_code"
ROW_HASH = f"hash({GROUP_COLUMNS}, {PLACE_COLUMNS})"
OUTPUT_COLUMNS = (
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "geo_name",
    "numerator",
    "denominator",
    "value",
    "provisional",
    "suppressed",
)


def _is(column: str, value: str) -> str:
    """SQL: a coded column (``<column>_code`` of ``_Steps._parsed``) holds ``value``."""
    return f"coalesce({column}_code = {code_of(column, value)}, false)"


def _count_repeats(con: duckdb.DuckDBPyConnection, table: str, low: int, span: int) -> Any:
    """The ids of ``table`` that occur more than once, as a numpy array (int64).

    The two arrays (8 bytes an id and 8 a possible id) live for a fraction of a second, so
    numpy is told not to ask Linux for huge pages for them: where Linux compacts memory to
    grant them (``defrag`` = ``madvise``, common), the first touch of fresh memory stalled
    for up to half a second at 25 M contacts (docs/benchmarks.md, eighth look)."""
    import numpy as np

    with _small_pages():
        ids = con.execute(
            f"SELECT (id_key - {low})::BIGINT AS i FROM {table} "  # noqa: S608
            "WHERE id_key IS NOT NULL"
        ).fetchnumpy()["i"]
        counts = np.bincount(ids, minlength=span)
        del ids
        return np.flatnonzero(counts > 1).astype(np.int64) + low


@contextmanager
def _small_pages() -> Iterator[None]:
    """numpy's advice of huge pages for large arrays off (and back as it was after)."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # another numpy: its default stays
        yield
        return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


class RunStopped(Exception):
    """The run was stopped (:class:`Stop`) before it ended."""


class Stop:
    """Stops a run from another thread: ``stop()`` interrupts the statement DuckDB is running,
    and :func:`run` raises :class:`RunStopped` instead of going on. A run stopped before its
    last step writes nothing; one stopped while writing may leave part of a file."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self.requested = False

    def __call__(self) -> None:
        with self._lock:
            self.requested = True
            if self._con is not None:
                self._con.interrupt()

    def check(self) -> None:
        """Raise :class:`RunStopped` when a stop was asked for."""
        if self.requested:
            raise RunStopped

    def _attach(self, con: duckdb.DuckDBPyConnection | None) -> None:
        with self._lock:
            self._con = con
        if con is not None:
            self.check()


@dataclass(frozen=True)
class RunResult:
    """What a run wrote and what it read."""

    indicators_csv: Path
    indicators_parquet: Path
    validation_json: Path
    rows_written: int
    contacts_read: int
    fb_periods_read: int
    validation: dict[str, Any]
    staged: Path | None = None  # a held run's files wait here, in a folder inside ``out_dir``
    public_csv: Path | None = None  # indicators_public.csv, when the run was asked for it
    made_out: bool = False  # the run made the output folder (a held run: discard removes it)

    def place(self) -> RunResult:
        """Move a held run's files (and any file added beside them) into the output folder,
        replacing the files of an earlier run; the result with the files' new paths."""
        if self.staged is None:
            return self
        out = self.staged.parent
        for path in sorted(self.staged.iterdir()):
            os.replace(path, out / path.name)
        self.staged.rmdir()
        return replace(
            self,
            indicators_csv=out / self.indicators_csv.name,
            indicators_parquet=out / self.indicators_parquet.name,
            validation_json=out / self.validation_json.name,
            staged=None,
            public_csv=None if self.public_csv is None else out / self.public_csv.name,
        )

    def discard(self) -> None:
        """Remove a held run's files; the output folder keeps what it had (and is removed
        when the run made it and it is empty)."""
        if self.staged is not None:
            shutil.rmtree(self.staged, ignore_errors=True)
            if self.made_out:
                _remove_if_empty(self.staged.parent)


def _remove_if_empty(folder: Path) -> None:
    with suppress(OSError):  # not empty (or gone): it stays as it is
        folder.rmdir()


def run(
    contacts_path: str | Path,
    fb_periods_path: str | Path,
    as_of: str | datetime,
    out_dir: str | Path,
    params: IndicatorParams | None = None,
    progress: Progress | None = None,
    *,
    municipalities_path: str | Path | None = None,
    memory_limit: str = "4GB",
    threads: int | None = None,
    stop: Stop | None = None,
    hold: bool = False,
    public: bool = False,
) -> RunResult:
    """Compute all indicators from the two input files and write them to ``out_dir``.

    Writes ``indicators.csv``, ``indicators.parquet`` and ``validation.json``, first into a
    folder of their own inside ``out_dir`` and then moved into place together, so that a run
    that fails or is stopped leaves the files of an earlier run as they were. With ``hold``
    they stay in that folder (``RunResult.staged``) until the caller adds its own files and
    calls :meth:`RunResult.place`, or :meth:`RunResult.discard`. With ``public`` the run also
    writes ``indicators_public.csv``: the same rows with every cell hidden that
    :mod:`fremdrift.indicators.suppression` hides (its numbers blank). Raises
    :class:`InputError` before computing anything when a file cannot be read, a required
    column is missing or ``as_of`` is not a timestamp. ``progress(step, fraction)`` is called
    as the run advances; ``stop`` (a :class:`Stop`) can end it from another thread.
    """
    params = params or IndicatorParams()
    report = progress or (lambda _step, _fraction: None)
    settle_environment()
    contacts_path, fb_periods_path = Path(contacts_path), Path(fb_periods_path)
    municipalities = load_municipalities(municipalities_path)
    scratch = _private_dir(Path(tempfile.gettempdir()), SCRATCH_PREFIX)
    con = duckdb.connect(config={"temp_directory": str(scratch / "spill")})
    stop = stop or Stop()
    try:
        stop._attach(con)
        _configure(con, memory_limit, threads)
        contacts = source_select(con, contacts_path, CONTACT_REQUIRED, CONTACT_OPTIONAL)
        periods = source_select(con, fb_periods_path, FB_REQUIRED, FB_OPTIONAL)
        as_of_us = parse_as_of(con, as_of)
        _load_geography(con, municipalities)
        report("read", 0.0)
        steps = _Steps(con, params, as_of_us, [m.code for m in municipalities], report, stop)
        validation = steps.compute((contacts_path, contacts), (fb_periods_path, periods))
        stop.check()
        out = Path(out_dir)
        made_out = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        staged = _private_dir(out, STAGING_PREFIX)
        try:
            rows = steps.write(staged, municipalities if public else None)
            validation = {
                "as_of": _iso_utc(con, as_of_us),
                "params": params.to_dict(),
                "files": {"contacts": contacts_path.name, "fb_periods": fb_periods_path.name},
                **validation,
                "rows_written": rows,
            }
            validation_path = staged / "validation.json"
            text = json.dumps(validation, ensure_ascii=False, indent=2)
            validation_path.write_text(text + "\n", encoding="utf-8")
            result = RunResult(
                indicators_csv=staged / "indicators.csv",
                indicators_parquet=staged / "indicators.parquet",
                validation_json=validation_path,
                rows_written=rows,
                contacts_read=validation["contacts"]["rows_read"],
                fb_periods_read=validation["fb_periods"]["rows_read"],
                validation=validation,
                staged=staged,
                public_csv=staged / PUBLIC_CSV if public else None,
                made_out=made_out,
            )
            if not hold:
                result = result.place()
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            if made_out:
                _remove_if_empty(out)
            raise
        report("done", 1.0)
        return result
    except (duckdb.Error, InputError):
        if stop.requested:  # an interrupted statement is a stopped run, not bad input
            raise RunStopped from None
        raise
    finally:
        stop._attach(None)
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


_ENVIRONMENT_LOCK = threading.Lock()


def settle_environment() -> None:
    """Set what importing numpy (counting ids, the public file; DuckDB's ``fetchnumpy``) would
    set in the environment, before DuckDB starts its threads: numpy sets
    ``OPENBLAS_MAIN_FREE`` while it loads (and removes it after) unless it is set already, and
    glibc's ``getenv`` in DuckDB's threads crashes when the environment changes beside it.
    With it set, numpy can be imported while a run goes on (:func:`import_numpy_beside`).

    Under a lock: the command's main thread settles it too, and ``setdefault`` looks and sets
    in two steps, so both threads could find it unset and the second set it again after
    DuckDB had started (seen once in CI by the environment test)."""
    with _ENVIRONMENT_LOCK:
        if "OPENBLAS_MAIN_FREE" not in os.environ:
            os.environ["OPENBLAS_MAIN_FREE"] = "1"


def import_numpy_beside() -> None:
    """Import numpy in this thread while the engine starts in another (0.05 s less before
    the first statement); call after :func:`run` has begun, or before."""
    settle_environment()
    import numpy  # noqa: F401


def _private_dir(parent: Path, prefix: str) -> Path:
    """A new folder of this run in ``parent``, named with this process and host
    (``<prefix><pid>+<host>+<random>``). Folders of the kind that a process of this host left
    behind when it was killed (``kill -9`` leaves them; any other end removes them) are
    removed first: DuckDB's spill files of a large run take gigabytes."""
    host = _HOST_UNSAFE.sub("_", socket.gethostname()) or "host"
    for left in parent.glob(f"{prefix}*"):  # (the prefixes hold no wildcard)
        found = _OWNER.match(left.name[len(prefix) :])
        if found and found["host"] == host and not _alive(int(found["pid"])):
            shutil.rmtree(left, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}+{host}+", dir=parent))


def _alive(pid: int) -> bool:
    """Is there a process with this id (of any user)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _configure(con: duckdb.DuckDBPyConnection, memory_limit: str, threads: int | None) -> None:
    con.execute(f"SET memory_limit = '{quote(memory_limit)}'")
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    # The database lives in memory and ends with the run: nothing is gained by checkpointing
    # it, and DuckDB checkpoints once its log passes 16 MiB, compacting every table on one
    # thread (0.2 s of a 4 s run at 5 M contacts; docs/benchmarks.md, ninth look).
    con.execute(f"SET checkpoint_threshold = '{NEVER_CHECKPOINT}'")
    con.execute("SET TimeZone = 'UTC'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    install_macros(con)


def setting_bytes(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """A size setting of the connection (``memory_limit`` …) in bytes; 0 when unreadable."""
    text = con.execute("SELECT current_setting(?)", [name]).fetchone()[0]
    number, _, unit = str(text).partition(" ")
    scale = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    try:
        return int(float(number) * scale[unit.strip()])
    except (KeyError, ValueError):
        return 0


def _iso_utc(con: duckdb.DuckDBPyConnection, us: int) -> str:
    return con.execute(
        "SELECT strftime(make_timestamp(?::BIGINT), '%Y-%m-%dT%H:%M:%S.%f') || '+00:00'", [us]
    ).fetchone()[0]


def _load_geography(con: duckdb.DuckDBPyConnection, municipalities: list) -> None:
    """``geo``: the municipality-level places (:func:`.geography.geo_rows`), inserted in one
    statement (a statement per row took 10 ms)."""

    def literal(value: int | str | None) -> str:
        if value is None:
            return "NULL"
        return str(value) if isinstance(value, int) else f"'{quote(value)}'"

    con.execute(
        "CREATE TABLE geo (geo_id INTEGER, geo_code VARCHAR, geo_name VARCHAR, cluster VARCHAR)"
    )
    rows = ", ".join(f"({', '.join(map(literal, row))})" for row in geo_rows(municipalities))
    con.execute(f"INSERT INTO geo VALUES {rows}")  # noqa: S608 - literals quoted above


class _Steps:
    """The SQL steps of one run, sharing a connection, the parameters and ``as_of``."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        params: IndicatorParams,
        as_of_us: int,
        codes: list[str],
        report: Progress,
        stop: Stop | None = None,
    ) -> None:
        self.con = con
        self.stop = stop or Stop()
        self.params = params
        self.as_of = as_of_us
        self.codes = codes
        self.report = report
        self.hashed = False
        self.contact_id = "contact_id"  # the contact id as text (see _stored_id)

    def sql(self, statement: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        """Run one statement (a hook for timing in benchmarks)."""
        self.stop.check()
        return self.con.execute(statement, params)

    def compute(self, contacts: tuple[Path, str], periods: tuple[Path, str]) -> dict[str, Any]:
        """Run every step on ``(path, select)`` sources; return the validation counts (§6)."""
        if not any(is_csv_select(source) for _path, source in (contacts, periods)):
            # Parquet rows carry their file row number: order never matters
            self.sql("SET preserve_insertion_order = false")
        # timestamps are read with cast_ts, which needs the session in Copenhagen time
        self.sql(LOCAL_TIMEZONE_SQL)
        try:
            contact_counts = self._reading(contacts[0], self._clean_contacts, contacts[1])
            self.report("clean", 0.3)
            period_counts = self._reading(periods[0], self._clean_periods, periods[1])
        finally:
            self.sql("SET TimeZone = 'UTC'")
        # file order mattered only while reading (row numbers of CSV files)
        self.sql("SET preserve_insertion_order = false")
        self.report("stays", 0.35)
        self._patients()
        self._link_contacts()
        self._link_twins()
        self.report("stays", 0.6)
        contact_counts["merged_into_stay"] = self._merged_counter()
        self.sql("DROP TABLE c_clean")
        self._stays()
        self.sql("DROP TABLE linked")
        self.sql("DROP TABLE twin_linked")
        self.report("readmissions", 0.75)
        self._events()
        self.report("færdigbehandling", 0.8)
        period_counts["outside_every_stay"] = self._fb_days()
        self.report("aggregate", 0.85)
        self._aggregate()
        summary = self.sql(
            "SELECT count(*), count(*) FILTER (admission), count(*) FILTER (ongoing) FROM stays"
        ).fetchone()
        return {
            "contacts": contact_counts,
            "fb_periods": period_counts,
            "summary": {"stays": summary[0], "admissions": summary[1], "ongoing_stays": summary[2]},
        }

    # ---- cleaning (§6, §9.4)

    def _reading(self, path: Path, step: Callable[[str], dict[str, Any]], source: str) -> Any:
        """Run a step that scans a file; a DuckDB read error names the file."""
        try:
            return step(source)
        except duckdb.Error as exc:
            raise InputError("unreadable", path, detail=first_line(exc)) from None

    def _repeats_counted(self, table: str) -> Any | None:
        """The ids of ``table`` that occur more than once, found by counting
        (``numpy.bincount``), when the file stored them as integers over a range whose arrays
        take at most a quarter of the memory limit; else None.

        A hash aggregate over millions of distinct ids costs about 0.8 CPU-s per 5 M contacts;
        fetching the ids and counting them into an array indexed by ``id - min(id)`` a
        fifth of that. Below ``COUNTING_MIN_ROWS`` rows the hash aggregate is cheap and
        importing numpy is not worth it.
        """
        stored = self.sql(f"SELECT typeof(id_key) FROM {table} LIMIT 1").fetchone()  # noqa: S608
        if not stored or str(stored[0]).upper() not in COUNTABLE_TYPES:
            return None
        low, high, n = self.sql(
            f"SELECT min(id_key), max(id_key), count(id_key) FROM {table}"  # noqa: S608
        ).fetchone()
        if n < COUNTING_MIN_ROWS or n == 0:
            return None
        span = int(high) - int(low) + 1
        # one counter per possible id and the ids (twice while fetched), 8 bytes each
        needed = 8 * (2 * n + span)
        if span > 4 * n + 1024 or 4 * needed > self._memory_limit_bytes():
            return None
        return _count_repeats(self.con, table, int(low), span)

    def _mark_repeats(self, table: str) -> None:
        """Give every row whose id occurred in an earlier row of the file reason 1 (§9.4:
        a repeated id keeps its first row), from the counted ids or by grouping ``table``."""
        repeated = self._repeats_counted(table)
        if repeated is not None and len(repeated) == 0:
            return
        if repeated is None or len(repeated) > LISTED_REPEATS_MAX:
            self.sql(
                f"""
                CREATE TABLE dup AS
                SELECT id_key, min(rn) AS first_rn FROM {table}
                WHERE id_key IS NOT NULL GROUP BY id_key HAVING count(*) > 1
                """  # noqa: S608
            )
        else:
            self.sql(
                f"""
                CREATE TABLE dup AS
                SELECT id_key, min(rn) AS first_rn FROM {table}
                WHERE id_key IN (SELECT unnest(?::BIGINT[])) GROUP BY id_key
                """,  # noqa: S608
                [repeated],
            )
        self.sql(
            f"UPDATE {table} SET reason = 1 FROM dup "  # noqa: S608
            f"WHERE {table}.id_key = dup.id_key AND {table}.rn > dup.first_rn"
        )
        self.sql("DROP TABLE dup")

    def _memory_limit_bytes(self) -> int:
        self.stop.check()
        return setting_bytes(self.con, "memory_limit")

    def _reason(self, required: tuple[str, ...], alca: bool) -> str:
        """The §9.4 cleaning step a row falls out at (0 = used), over :meth:`_parsed`."""

        def missing(column: str) -> str:
            if column in TIMESTAMP_COLUMNS:
                return "start_missing"
            if column in CODED_COLUMNS:  # absent, or blank text (code 1)
                return f"{column} IS NULL OR {column}_code = 1"
            return f"{column} IS NULL"

        # step 1, a repeated id, is marked afterwards (_mark_repeats); a coded column's code
        # is NULL for text other than its known values
        return f"""CASE
            WHEN {" OR ".join(missing(c) for c in required)} THEN 2
            WHEN start_us IS NULL OR (NOT end_missing AND end_parsed IS NULL) THEN 3
            WHEN end_parsed < start_us THEN 4
            WHEN sector_code IS NULL THEN 5
            {"WHEN contact_type_code IS NULL THEN 6" if alca else ""}
            ELSE 0 END::TINYINT"""

    def _parsed(self, source: str, start: str, end: str, coded: tuple[str, ...]) -> str:
        """CTEs ``parsed`` and ``settled``: the rows of ``source`` with ``start_us`` and
        ``end_parsed`` (epoch microseconds, NULL when missing or unreadable), whether each
        timestamp is missing (absent or blank) and the code of each ``coded`` column
        (``<column>_code``, :func:`~.sources.code_sql`). The text of a timestamp is trimmed
        only where DuckDB's cast did not read it."""
        codes = "".join(f", {code_sql(c)} AS {c}_code" for c in coded)
        return f"""parsed AS (
                SELECT s.*, cast_ts(s.{start}) AS start_cast, cast_ts(s.{end}) AS end_cast{codes}
                FROM ({source}) s
            ), settled AS (
                SELECT *, settle_ts(blank({start}), start_cast) AS start_us,
                       settle_ts(blank({end}), end_cast) AS end_parsed,
                       CASE WHEN start_cast IS NOT NULL THEN false
                            ELSE blank({start}) IS NULL END AS start_missing,
                       CASE WHEN end_cast IS NOT NULL THEN false
                            ELSE blank({end}) IS NULL END AS end_missing
                FROM parsed
            )"""  # noqa: S608

    def _prefix_match(self, prefixes: tuple[str, ...]) -> str:
        """SQL: the contact's action diagnosis starts with one of the prefixes (§9.10)."""
        if not prefixes:
            return "false"
        tests = " OR ".join(f"starts_with(upper(action_diagnosis), '{quote(p)}')" for p in prefixes)
        return f"coalesce({tests}, false)"

    def _stored_id(self, source: str, column: str) -> str:
        """The id of a row as text: ``column`` itself, or, when the file stores the ids as
        integers, their text made only where it is shown (not for every row of the table)."""
        stored = self.sql(
            f"SELECT column_type FROM (DESCRIBE {source}) WHERE column_name = 'id_key'"  # noqa: S608
        ).fetchone()
        if stored and str(stored[0]).upper() in INTEGER_TYPES:
            return "CAST(id_key AS VARCHAR)"
        return column

    def _clean_contacts(self, source: str) -> dict[str, Any]:
        """``c_clean``: every contact row, typed, with its cleaning reason; its counters."""
        p = self.params
        self.contact_id = self._stored_id(source, "contact_id")
        # an integer id is missing exactly when it is NULL; its text is not kept
        text_id = self.contact_id == "contact_id"
        reason = self._reason(CONTACT_REQUIRED, True)
        if not text_id:
            reason = reason.replace("WHEN contact_id IS NULL", "WHEN id_key IS NULL", 1)
        self.sql(
            f"""
                CREATE TABLE c_clean AS
                WITH {self._parsed(source, "start_ts", "end_ts", tuple(CODED_COLUMNS))},
                reasoned AS (
                    SELECT *, {reason} AS reason
                    FROM settled
                )
                SELECT rn, {"contact_id, " if text_id else ""}id_key, patient_id AS pid, reason,
                    start_us,
                    coalesce(end_parsed, greatest({self.as_of}, start_us)) AS end_us,
                    -- the flags and the municipality in one integer (see ATTRS)
                    (end_missing::INTEGER
                     + {ATTRS["death"]} * {_is("discharge_mode", "død")}::INTEGER
                     + {ATTRS["idx_excl"]}
                       * {self._prefix_match(p.index_exclusion_prefixes)}::INTEGER
                     + {ATTRS["readm_excl"]}
                       * {self._prefix_match(p.readmission_exclusion_prefixes)}::INTEGER
                     + {ATTRS["acute"]} * {_is("priority", "ATA1")}::INTEGER
                     + {ATTRS["psych"]} * {_is("sector", "psykiatri")}::INTEGER
                     + {ATTRS["priority_known"]}
                       * coalesce(priority_code >= {code_of("priority", "ATA1")}, false)::INTEGER
                     + {GEO_UNIT} * {geo_id_sql("municipality", self.codes)})::INTEGER AS attrs
                FROM reasoned
                """  # noqa: S608
        )
        self._mark_repeats("c_clean")
        wheres = {
            "unknown_priority": f"attrs & {ATTRS['priority_known']} = 0",
            "open_contacts": f"attrs & {ATTRS['is_open']} <> 0",
        }
        geo = f"attrs // {GEO_UNIT}"
        return self._counts("c_clean", self.contact_id, wheres | self._municipality_wheres(geo))

    def _clean_periods(self, source: str) -> dict[str, Any]:
        """``p_clean``: every færdigbehandling period row, typed, with its reason; counters."""
        self.sql(
            f"""
            CREATE TABLE p_clean AS
            WITH {self._parsed(source, "fb_start_ts", "fb_end_ts", ("sector",))}, reasoned AS (
                SELECT *, {self._reason(FB_REQUIRED, False)} AS reason
                FROM settled
            )
            SELECT rn, period_id, id_key, patient_id AS pid, reason, start_us,
                end_parsed AS end_us, end_missing AS is_open,
                {_is("sector", "psykiatri")} AS psych,
                {geo_id_sql("municipality", self.codes)} AS geo
            FROM reasoned
            """  # noqa: S608
        )
        self._mark_repeats("p_clean")
        wheres = {"open_periods": "is_open"} | self._municipality_wheres("geo")
        counts = self._counts("p_clean", "period_id", wheres)
        counts.pop("not_alca00")
        return counts

    def _counts(self, table: str, id_column: str, wheres: dict[str, str]) -> dict[str, Any]:
        """The rows read; per cleaning step (§9.4) the rows it removed; per name of
        ``wheres`` the used rows (reason 0) that meet its condition: each a count and the
        first examples (file order). One pass over ``table``, grouped by reason."""
        filtered = "".join(
            f", count(*) FILTER ({where}), min_by(rn, rn, {EXAMPLES}) FILTER ({where})"
            for where in wheres.values()
        )
        rows = self.sql(
            f"SELECT reason, count(*), min_by(rn, rn, {EXAMPLES}){filtered} "  # noqa: S608
            f"FROM {table} GROUP BY reason"
        ).fetchall()
        by_reason = {row[0]: row for row in rows}
        steps = [(by_reason[c][1], by_reason[c][2]) if c in by_reason else (0, []) for c in
                 range(1, len(CLEANING_STEPS) + 1)]  # fmt: skip
        used = by_reason.get(0)
        counters = [(used[3 + 2 * i], used[4 + 2 * i] or []) if used else (0, []) for i in
                    range(len(wheres))]  # fmt: skip
        names = self._names(table, id_column, [rn for _n, rns in steps + counters for rn in rns])
        counts: dict[str, Any] = {"rows_read": sum(row[1] for row in rows)}
        for key, (n, rns) in zip((*CLEANING_STEPS, *wheres), steps + counters, strict=True):
            counts[key] = {"count": int(n), "examples": [names[rn] for rn in rns]}
        return counts

    def _municipality_wheres(self, geo: str) -> dict[str, str]:
        n = len(self.codes)
        return {
            "municipality_unknown": f"{geo} = {n + 2}",
            "municipality_outside_region": f"{geo} = {n + 1}",
        }

    def _names(self, table: str, id_column: str, rns: list[int]) -> dict[int, Any]:
        """The id (or "row N" where it is missing) of the rows ``rns`` of ``table``."""
        if not rns:
            return {}
        return dict(
            self.con.execute(
                f"SELECT rn, coalesce({id_column}, 'row ' || (rn + 1)) FROM {table} "  # noqa: S608
                "WHERE rn IN (SELECT unnest(?::BIGINT[]))",
                [sorted(set(rns))],
            ).fetchall()
        )

    # ---- stays (§2)

    def _id_key(self, table: str, column: str) -> str:
        """Sort key of the ids: numbers when every used id is an integer, else text (§9.8).

        An id column stored as integers (Parquet) is its own key; text is tested row by row.
        """
        stored = self.sql(f"SELECT typeof(id_key) FROM {table} LIMIT 1").fetchone()  # noqa: S608
        if stored and stored[0] in INTEGER_TYPES:
            return f"{table.split()[-1]}.id_key"
        small, large = self.sql(
            f"SELECT coalesce(bool_and(regexp_full_match({column}, '-?[0-9]{{1,18}}')), true), "  # noqa: S608
            f"coalesce(bool_and(regexp_full_match({column}, '-?[0-9]{{1,37}}')), true) "
            f"FROM {table} WHERE reason = 0"
        ).fetchone()
        if small:
            return f"CAST({column} AS BIGINT)"
        if large:
            return f"CAST({column} AS HUGEINT)"
        return column

    def _patients(self) -> None:
        """An integer per patient id, so later sorts and joins work on integers.

        A 62-bit hash of the id when no two ids (of either file) share one, which is checked
        on the distinct ids; otherwise a dense number from a patient map (``pmap``).
        """
        unique = self.sql(
            f"""
            SELECT count(*) = count(DISTINCT {PATIENT_HASH}) FROM (
                SELECT DISTINCT pid FROM (
                    SELECT pid FROM c_clean WHERE reason = 0
                    UNION ALL SELECT pid FROM p_clean WHERE reason = 0))
            """  # noqa: S608
        ).fetchone()[0]
        self.hashed = bool(unique)
        if not self.hashed:
            self.sql(
                """
                CREATE TABLE pmap AS
                SELECT pid, (row_number() OVER ())::BIGINT AS pno
                FROM (SELECT DISTINCT pid FROM c_clean WHERE reason = 0)
                """
            )

    def _patient_no(self, alias: str) -> tuple[str, str]:
        """(expression, join) giving the patient number of rows of ``alias``."""
        if self.hashed:
            return PATIENT_HASH.replace("pid", f"{alias}.pid"), ""
        return "m.pno", "LEFT JOIN pmap m USING (pid)"

    def _link_contacts(self) -> None:
        """Running maximum end per patient (and sector) decides where a new stay starts.

        One sort, on start alone: in (patient, sector) order by start, a contact starts a stay
        when it starts more than the link gap after every earlier end, and is the last of its
        stay when the next contact starts more than the gap after every end so far. A stay of
        one contact (``alone``) needs no grouping later.

        The rows carry as little as possible through the sort (it is the dearest step at
        25 M contacts): patient key, start, end and one ``slot`` packing the file row and the
        flags. Contacts with the same start (``tied``) are in no particular order here, so
        the few patients who have such twins are linked again, in the full order of §2 (start,
        latest end, smallest id), into ``twin_linked``; :meth:`_stays` takes their stays from
        there.
        """
        p = self.params
        sector_bit = "0" if p.link_across_sectors else f"(c.attrs & {ATTRS['psych']} <> 0)::BIGINT"
        pno, join = self._patient_no("c")
        window = "PARTITION BY pkey ORDER BY start_us"
        self.sql(
            f"""
            CREATE TABLE linked AS
            WITH keyed AS (
                SELECT {pno} * 2 + {sector_bit} AS pkey, c.start_us, c.end_us,
                       c.rn * {SLOT} + c.attrs AS slot
                FROM c_clean c {join} WHERE c.reason = 0
            ), ordered AS (
                SELECT *,
                    max(end_us) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                        AS prev_max,
                    lead(start_us) OVER w AS next_start
                FROM keyed WINDOW w AS ({window})
            ), flagged AS (
                -- the latest end so far, this contact's included: one windowed max, not two
                SELECT *, prev_max IS NULL OR start_us > prev_max + {p.link_gap_us} AS new_stay,
                    CASE WHEN prev_max IS NULL OR end_us > prev_max THEN end_us
                         ELSE prev_max END AS max_end
                FROM ordered
            )
            SELECT pkey, start_us, end_us, slot, new_stay,
                new_stay AND (next_start IS NULL OR next_start > max_end + {p.link_gap_us})
                    AS alone,
                -- the first of a pair of twins is enough to find their patient
                coalesce(next_start = start_us, false) AS tied
            FROM flagged
            """  # noqa: S608
        )

    def _link_twins(self) -> None:
        """``twin_linked``: the contacts of patients with two contacts of the same start,
        linked again in the order of §2.4–§2.6 (start, latest end, smallest id)."""
        cid = self._id_key("c_clean c", "c.contact_id")
        self.sql(
            f"""
            CREATE TABLE twin_linked AS
            WITH twins AS (
                SELECT l.pkey, l.start_us, l.end_us, l.slot, {cid} AS cid
                FROM linked l JOIN c_clean c ON c.rn = l.slot // {SLOT}
                WHERE l.pkey IN (SELECT pkey FROM linked WHERE tied)
            ), ordered AS (
                SELECT *,
                    max(end_us) OVER (
                        PARTITION BY pkey ORDER BY start_us, end_us DESC, cid
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
                FROM twins
            )
            SELECT pkey, start_us, end_us, slot, cid,
                prev_max IS NULL OR start_us > prev_max + {self.params.link_gap_us} AS new_stay
            FROM ordered
            """  # noqa: S608
        )

    def _merged_counter(self) -> dict[str, Any]:
        """Contacts that are not the first contact of their stay (count, first examples).

        Every stay has one ``new_stay`` contact, whatever the order of contacts with the same
        start; which contact is first among such twins is decided in ``twin_linked``.
        """
        n, rns = self.sql(
            f"""
            SELECT (SELECT count(*) FROM linked WHERE NOT new_stay), min_by(rn, rn, {EXAMPLES})
            FROM (
                SELECT slot // {SLOT} AS rn FROM linked
                WHERE NOT new_stay AND pkey NOT IN (SELECT pkey FROM twin_linked)
                UNION ALL
                SELECT slot // {SLOT} FROM twin_linked WHERE NOT new_stay)
            """  # noqa: S608
        ).fetchone()
        names = self._names("c_clean", self.contact_id, list(rns or []))
        return {"count": int(n), "examples": [names[rn] for rn in rns or []]}

    def _stays(self) -> None:
        """One row per stay (§2.5–§2.8, §9.8).

        Only the contacts of stays with more than one contact are grouped; they are numbered
        into stays by a second sort. The first contact is the ``new_stay`` one; the discharge
        contact has the latest end and, among equal ends, the latest start (then the largest
        id: only twins can tie on both, and their patients' stays come from
        ``twin_linked``, in the full order, where ``ord`` settles it).

        The table (``stay_rows``) keeps a stay's seven flags in one small number, which is
        quicker to write than seven columns of booleans (docs/benchmarks.md, thirteenth
        look); the view ``stays`` names them (:data:`STAY_FLAGS`).
        """
        p = self.params
        # the acute bit (16) of the first contact or of any; the psychiatry bit (32) of the
        # first contact or of the patient key's sector
        acute = "first & 16" if p.acute_rule == "first_contact" else "flags & 16"
        psych = "first & 32" if p.link_across_sectors else "pkey % 2 * 32"
        plain = "pkey NOT IN (SELECT pkey FROM twin_linked)"
        aggregates = f"""min(start_us) AS s_start, max(end_us) AS s_end,
                    bit_or(slot % 32) AS flags, max(slot) FILTER (new_stay) % {SLOT} AS first"""
        self.sql(
            f"""
            CREATE TABLE stay_rows AS
            WITH numbered AS (
                SELECT pkey, start_us, end_us, slot, new_stay,
                    sum(new_stay::BIGINT) OVER (
                        PARTITION BY pkey ORDER BY start_us ROWS UNBOUNDED PRECEDING) AS sno
                FROM linked WHERE NOT alone AND {plain}
            ), twin_numbered AS (
                SELECT pkey, start_us, end_us, slot, new_stay,
                    sum(new_stay::BIGINT) OVER w AS sno, row_number() OVER w AS ord
                FROM twin_linked
                WINDOW w AS (PARTITION BY pkey ORDER BY start_us, end_us DESC, cid
                             ROWS UNBOUNDED PRECEDING)
            ), grouped AS (
                SELECT pkey, {aggregates},
                    -- the latest end, then the latest start, as one number
                    arg_max(slot, end_us::HUGEINT * {2**64} + start_us + {2**63})
                        % {SLOT} // {GEO_UNIT} AS geo_dis
                FROM numbered GROUP BY pkey, sno
                UNION ALL
                SELECT pkey, {aggregates},
                    arg_max(slot, end_us::HUGEINT * 4294967296 + ord) % {SLOT} // {GEO_UNIT}
                FROM twin_numbered GROUP BY pkey, sno
                UNION ALL  -- most stays are one contact: no grouping needed
                SELECT pkey, start_us, end_us, slot % 32, slot % {SLOT}, slot % {SLOT} // {GEO_UNIT}
                FROM linked WHERE alone AND {plain}
            )
            SELECT pkey // 2 AS pno, s_start, s_end, (first // {GEO_UNIT})::INTEGER AS geo_adm,
                geo_dis::INTEGER AS geo_dis,
                -- the stay's flags in one small number (see STAY_FLAGS)
                ((flags & 15) + ({acute}) + ({psych})
                 + 64 * ((CASE WHEN flags & 1 <> 0 THEN {self.as_of} ELSE s_end END) - s_start
                         >= {p.admission_min_us})::INTEGER)::UTINYINT AS f
            FROM grouped
            """  # noqa: S608
        )
        named = ", ".join(f"f & {bit} <> 0 AS {name}" for name, bit in STAY_FLAGS.items())
        view = f"SELECT pno, s_start, s_end, geo_adm, geo_dis, {named} FROM stay_rows"  # noqa: S608
        self.sql(f"CREATE VIEW stays AS {view}")

    # ---- events per day (§3, §4)

    def _local_hours(self) -> None:
        """``local_hours``: the Copenhagen date of every UTC hour from the first to the last
        that admissions start or end in (from 1970 on). Dates change only at whole UTC hours
        there (local midnight, clock changes), so a lookup per hour replaces a time-zone
        conversion per row; times outside the table (``local_day``) are converted."""
        low, high = self.sql(
            f"SELECT min(least(s_start, s_end)) // {US_PER_HOUR}, "  # noqa: S608
            f"max(greatest(s_start, s_end)) // {US_PER_HOUR} FROM stays WHERE admission"
        ).fetchone()
        low = max(int(low or 0), 0)
        high = int(high or -1)
        if high - low >= LOCAL_HOURS_MAX:  # an odd year far away: convert row by row
            high = low - 1
        self.sql(
            f"CREATE TABLE local_hours AS SELECT h, local_date(h * {US_PER_HOUR}) AS day "  # noqa: S608
            f"FROM range({low}, {high + 1}) r(h)"
        )

    def _local_day(self, alias: str, column: str) -> tuple[str, str]:
        """(expression, join): the Copenhagen date of ``alias.column`` via ``local_hours``."""
        lh = f"lh_{column}"
        join = (
            f"LEFT JOIN local_hours {lh} ON {lh}.h = "
            f"CASE WHEN {alias}.{column} >= 0 THEN {alias}.{column} // {US_PER_HOUR} END"
        )
        return f"coalesce({lh}.day, local_date({alias}.{column}))", join

    def _events(self) -> None:
        """``events``: per indicator, sector, local day and municipality the numerator,
        denominator and provisional count of acute admissions and readmissions."""
        self._local_hours()
        self.sql(
            """
            CREATE TABLE events (indicator VARCHAR, psych BOOLEAN, day DATE, geo INTEGER,
                                 num BIGINT, den BIGINT, prov BIGINT)
            """
        )
        day, join = self._local_day("s", "s_start")
        self.sql(
            f"""
            INSERT INTO events
            SELECT 'acute_admissions', s.psych, {day} AS day, s.geo_adm, count(*), NULL, 0
            FROM stays s {join} WHERE s.admission AND s.acute GROUP BY 2, 3, 4
            """  # noqa: S608
        )
        # every readmission window of every sector in one pass over the index admissions,
        # each with its next acute admission (found with an ASOF join)
        windows = ", ".join(
            f"({sector == 'psykiatri'}, {days}, {days * US_PER_DAY})"
            for sector, days_list in sorted(self.params.windows.items())
            for days in days_list
        )
        if not windows:
            return
        day, join = self._local_day("i", "s_end")
        self.sql(
            f"""
            INSERT INTO events
            WITH idx AS (
                SELECT i.psych, i.s_end, {day} AS day, i.geo_dis, c.s_start AS next_start
                FROM (SELECT * FROM stays
                      WHERE admission AND NOT ongoing AND NOT death AND NOT idx_excl) i
                ASOF LEFT JOIN (SELECT pno, psych, s_start FROM stays
                                WHERE admission AND acute AND NOT readm_excl) c
                ON i.pno = c.pno AND i.psych = c.psych AND i.s_end < c.s_start
                {join}
            )
            SELECT 'readmission_' || days || 'd', psych, day, geo_dis,
                count(*) FILTER (NOT provisional AND next_start <= s_end + width),
                count(*) FILTER (NOT provisional), count(*) FILTER (provisional)
            FROM (
                SELECT i.*, w.days, w.width, i.s_end > {self.as_of} - w.width AS provisional
                FROM idx i JOIN (VALUES {windows}) w(psych, days, width) USING (psych))
            GROUP BY 1, 2, 3, 4
            """  # noqa: S608
        )

    # ---- færdigbehandling days (§5)

    def _fb_days(self) -> dict[str, Any]:
        key = self._id_key("p_clean p", "p.period_id")
        pno, join = self._patient_no("p")
        # days since 1970 of the period's start and end, dated through local_hours
        first, join_start = self._local_day("p", "start_us")
        last, join_end = self._local_day("p", "end_us")
        self.sql(
            f"""
            CREATE TABLE fb_input AS
            SELECT p.rn, p.period_id, p.pid, {pno} AS pno, p.psych, p.start_us, p.geo,
                {key} AS pkey,
                coalesce(p.end_us, {self.as_of}) AS end_cut,
                {first} - DATE '1970-01-01' AS first_day,
                CASE WHEN p.end_us IS NULL THEN day_no({self.as_of}) + 1
                     ELSE {last} - DATE '1970-01-01' END AS stop_day
            FROM p_clean p {join} {join_start} {join_end} WHERE p.reason = 0
            """  # noqa: S608
        )
        n, examples = self.sql(
            f"""
            SELECT count(*), min_by(period_id, rn, {EXAMPLES}) FROM fb_input p
            WHERE NOT EXISTS (
                SELECT 1 FROM stays s WHERE s.pno = p.pno AND s.psych = p.psych
                AND s.s_start <= p.end_cut AND p.start_us <= s.s_end)
            """  # noqa: S608
        ).fetchone()
        self.sql(
            f"""
            CREATE TABLE fb_day AS
            WITH expanded AS (
                SELECT pid, psych, start_us, pkey, geo, first_day,
                       unnest(range(first_day, stop_day)) AS d
                FROM fb_input WHERE start_us <= {self.as_of}
            )
            SELECT psych, d, max({{'s': start_us, 'k': pkey, 'g': geo,
                                   'o': d - first_day + 1}}) AS owner
            FROM expanded GROUP BY pid, psych, d
            """  # noqa: S608
        )
        self.sql(
            """
            INSERT INTO events
            SELECT unnest(CASE WHEN owner.o <= 2 THEN ['fb_days', 'fb_days_1_2']
                               ELSE ['fb_days', 'fb_days_3plus'] END),
                   psych, DATE '1970-01-01' + d::INTEGER, owner.g, 1, NULL, 0
            FROM fb_day
            """
        )
        return {"count": int(n), "examples": list(examples or [])}

    # ---- output (§7, §9.1, §9.2, §9.13)

    def _aggregate(self) -> None:
        sums = "sum(num) AS num, sum(den) AS den, sum(prov) AS prov"
        # grouped by the first day of the week or month; the period's text is made per group
        periods = " UNION ALL ".join(
            f"SELECT indicator, {SECTOR_SQL} AS sector, '{kind}' AS period_type, "  # noqa: S608
            f"strftime(first_day, '{fmt}') AS period, geo, num, den, prov FROM ("
            f"SELECT indicator, psych, date_trunc('{kind}', day) AS first_day, geo, {sums} "
            "FROM events GROUP BY ALL)"
            for kind, fmt in (("week", "%G-W%V"), ("month", "%Y-%m"))
        )
        keys = "indicator, sector, period_type, period"
        self.sql(
            f"""
            CREATE TABLE result AS
            WITH per_geo AS ({periods}),
            named AS (SELECT e.*, g.geo_code, g.geo_name, g.cluster
                      FROM per_geo e JOIN geo g ON g.geo_id = e.geo),
            levels AS (
                SELECT {keys}, 'region' AS geo_level, '{REGION_CODE}' AS geo_code,
                       '{REGION_CODE}' AS geo_name, {sums}
                FROM named GROUP BY {keys}
                UNION ALL
                SELECT {keys}, 'cluster', cluster, cluster, {sums}
                FROM named WHERE cluster IS NOT NULL GROUP BY {keys}, cluster
                UNION ALL
                SELECT {keys}, 'municipality', geo_code, geo_name, num, den, prov
                FROM named
            ), typed AS (
                SELECT *, starts_with(indicator, 'readmission_') AS is_rate FROM levels
                WHERE num <> 0 OR coalesce(den, 0) <> 0 OR prov <> 0
            )
            SELECT indicator, sector, period_type, period, geo_level, geo_code, geo_name,
                num::BIGINT AS numerator,
                CASE WHEN is_rate THEN den::BIGINT END AS denominator,
                CASE WHEN NOT is_rate THEN num::DOUBLE
                     WHEN den > 0 THEN num::DOUBLE / den END AS value,
                (CASE WHEN is_rate THEN prov ELSE 0 END)::BIGINT AS provisional,
                CASE WHEN is_rate THEN num BETWEEN 1 AND 4 OR den BETWEEN 1 AND 4
                     ELSE num BETWEEN 1 AND 4 END AS suppressed
            FROM typed
            """  # noqa: S608
        )

    def write(self, out: Path, public: list[Municipality] | None = None) -> int:
        """Write indicators.csv and indicators.parquet, and with ``public`` (the run's
        municipalities) indicators_public.csv; return the number of rows."""
        self.report("write", 0.95)
        # The rows are sorted once, into a table (``ordered``) that every file is written from
        # in the order it was filled: scans keep it with preserve_insertion_order on. Each
        # writer runs on one thread, so the table, the Parquet and the CSV file are made one
        # after the other on a connection of their own while this thread finds the cells the
        # public file hides (in Python); then this thread writes the public file.
        self.sql("SET preserve_insertion_order = true")
        rows = f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM ordered"  # noqa: S608
        writes = (
            f"CREATE TABLE ordered AS SELECT *, false AS h FROM result ORDER BY {OUTPUT_ORDER}",  # noqa: S608
            f"COPY ({rows}) TO '{quote(str(out / 'indicators.parquet'))}' (FORMAT parquet)",
            f"COPY ({rows}) TO '{quote(str(out / 'indicators.csv'))}' (HEADER, DELIMITER ',')",
        )
        cursor = self.con.cursor()
        ordered = threading.Event()

        def write_all() -> None:
            for n, statement in enumerate(writes):
                self.stop.check()
                cursor.execute(statement)
                if n == 0:
                    ordered.set()

        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                writer = pool.submit(write_all)
                try:
                    hidden = self._hidden(public) if public is not None else None
                    if public is not None and hidden is not None:
                        while not ordered.wait(0.01):  # (the table first, unless it failed)
                            if writer.done():
                                writer.result()
                        self._write_public(out, hidden)
                finally:  # (leaving the pool waits for the writer whatever happened)
                    writer.result()
        finally:
            cursor.close()
        if public is not None and hidden is None:  # written from indicators.csv
            from fremdrift.indicators.suppression import write_public_csv

            write_public_csv(out / "indicators.csv", out / PUBLIC_CSV, public)
        return int(self.sql("SELECT count(*) FROM result").fetchone()[0])

    def _hidden(self, municipalities: list[Municipality]) -> list[int] | None:
        """The cells the public file hides, as their ``ROW_HASH``; found by
        :func:`~fremdrift.indicators.suppression.hidden_rows` from numbers, not text: a cell
        is named by hashes of its group and its place, and only the few distinct groups and
        places are fetched as text. None when two groups, places or cells share a hash, or a
        place's code or name is text a CSV writer would quote or escape: the public file is
        then written from indicators.csv (:meth:`_write_public`)."""
        import numpy as np

        from fremdrift.indicators import suppression

        named = {}
        for label, columns in (("g", GROUP_COLUMNS), ("p", PLACE_COLUMNS)):
            # (a place's name comes along, to be checked: a place of two names gives two rows
            # of one hash, and the public file is then written from indicators.csv)
            shown = f"{columns}, geo_name" if label == "p" else columns
            rows = self.sql(f"SELECT DISTINCT hash({columns}), {shown} FROM result").fetchall()  # noqa: S608
            named[label] = {row[0]: row[1:] for row in rows}
            if len(named[label]) != len(rows):
                return None
        if not all(suppression.plain_csv_text(text) for place in named["p"].values()
                   for text in place[1:]):  # fmt: skip
            return None
        named["p"] = {h: place[:2] for h, place in named["p"].items()}  # (level, code)
        small = " OR ".join(
            f"{c} BETWEEN 1 AND 4" for c in ("numerator", "denominator", "provisional")
        )
        cells = self.sql(
            f"""
            SELECT hash({GROUP_COLUMNS}) AS g, hash({PLACE_COLUMNS}) AS p, {ROW_HASH} AS r,
                coalesce(numerator, 0) AS num, coalesce(denominator, 0) AS den,
                coalesce(provisional, 0) AS prov,
                coalesce(suppressed OR {small}, false) AS primary_hidden
            FROM result
            """  # noqa: S608
        ).fetchnumpy()
        if len(np.unique(cells["r"])) != len(cells["r"]):  # two cells share a hash
            return None
        names, numbers = {}, {}
        for label in ("g", "p"):  # the distinct hashes in order, and each row's place there
            distinct, numbers[label] = np.unique(cells[label], return_inverse=True)
            names[label] = [named[label][h] for h in distinct.tolist()]
        figures = (cells[name].tolist() for name in ("num", "den", "prov"))
        found = suppression.hidden_rows(
            names["g"], names["p"], numbers["g"].tolist(), numbers["p"].tolist(),
            list(zip(*figures, strict=True)), cells["primary_hidden"].nonzero()[0].tolist(),
            municipalities,
        )  # fmt: skip
        row_hashes = cells["r"].tolist()
        return [row_hashes[n] for n in found]

    def _write_public(self, out: Path, hidden: list[int]) -> None:
        """indicators_public.csv: the rows of indicators.csv with numerator, denominator, value
        and provisional blank and ``suppressed`` true in the ``hidden`` cells (``ROW_HASH``),
        written as :func:`~fremdrift.indicators.suppression.write_public_csv` writes it (CRLF
        lines)."""
        target = out / PUBLIC_CSV
        self.sql("CREATE TABLE hidden AS SELECT unnest(?::UBIGINT[]) AS r", [hidden])
        # (an update keeps the rows where they are, so the table's order holds)
        self.sql(f"UPDATE ordered SET h = true WHERE {ROW_HASH} IN (SELECT r FROM hidden)")  # noqa: S608
        shown = ", ".join(
            f"CASE WHEN NOT h THEN {c} END AS {c}" if c in HIDDEN_OUTPUT_COLUMNS
            else "suppressed OR h AS suppressed" if c == "suppressed"
            else c
            for c in OUTPUT_COLUMNS
        )  # fmt: skip
        self.sql(
            f"""
            COPY (SELECT {shown} FROM ordered)
            TO '{quote(str(target))}' (HEADER, DELIMITER ',', NEW_LINE '\r\n')
            """  # noqa: S608
        )
