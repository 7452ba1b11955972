"""Synthetic Region Midtjylland contact and færdigbehandling data, for demos and benchmarks.

Everything is drawn with numpy in chunks (about one million contacts each) and formatted and
written by DuckDB/pyarrow, so 25 million contacts never become Python objects per row.
The output is deterministic for a given seed and size.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from .geography import load_municipalities

US_PER_MINUTE = 60_000_000
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR
CHUNK_CONTACTS = 1_000_000
ROW_GROUP = 131_072  # DuckDB reads Parquet row groups in parallel
COPENHAGEN = ZoneInfo("Europe/Copenhagen")

OUTSIDE_REGION = np.array(["101", "461", "851", "561", "621"])  # Kbh, Odense, Aalborg, Esbjerg, ..
DIAGNOSES = {
    "somatik": np.array(["DJ189", "DI509", "DS720", "DE119", "DJ441", "DR074", "DI214", "DZ038"]),
    "psykiatri": np.array(["DF200", "DF322", "DF431", "DF603", "DF101", "DF900", "DF329"]),
}
HOSPITALS = np.array(
    [
        "Aarhus Universitetshospital",
        "Regionshospitalet Randers",
        "Regionshospitalet Horsens",
        "Regionshospitalet Gødstrup",
        "Regionshospitalet Viborg",
    ]
)
CLUSTER_HOSPITAL = {
    "Aarhusklyngen": 0,
    "Randersklyngen": 1,
    "Horsensklyngen": 2,
    "Vestklyngen": 3,
    "Midtklyngen": 4,
}
CONTACT_COLUMNS = (
    "contact_id",
    "patient_id",
    "start_ts",
    "end_ts",
    "contact_type",
    "priority",
    "sector",
    "unit_id",
    "hospital",
    "municipality",
    "action_diagnosis",
    "discharge_mode",
)


@dataclass(frozen=True)
class SynthResult:
    """Paths and sizes of a generated data set."""

    contacts_path: Path
    fb_periods_path: Path
    contacts: int
    fb_periods: int
    as_of: str


def generate(
    n_contacts: int,
    seed: int,
    out_dir: str | Path,
    start: date = date(2021, 1, 1),
    end: date | None = None,
    fmt: str = "parquet",
    progress: Callable[[str, float], None] | None = None,
) -> SynthResult:
    """Write ``contacts.<fmt>`` and ``fb_periods.<fmt>`` with about ``n_contacts`` contacts.

    ``end`` (exclusive, default five years after ``start``) is also the suggested ``as_of``,
    recorded in ``synth.json``. ``fmt`` is ``parquet`` or ``csv``.
    """
    if fmt not in {"parquet", "csv"}:
        raise ValueError("fmt must be parquet or csv")
    if n_contacts < 1:
        raise ValueError("n_contacts must be positive")
    end = end or date(start.year + 5, start.month, start.day)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = _World.create(n_contacts, seed, start, end)
    report = progress or (lambda _s, _f: None)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    contacts_path, fb_path = out / f"contacts.{fmt}", out / f"fb_periods.{fmt}"
    contact_writer = _Writer(contacts_path, fmt)
    fb_writer = _Writer(fb_path, fmt)
    written = periods = 0
    chunk = 0
    try:
        while written < n_contacts:
            rng = np.random.default_rng([seed, chunk])
            wanted = min(CHUNK_CONTACTS, n_contacts - written)
            contacts, fb = world.chunk(rng, wanted, first_id=written + 1, chunk=chunk)
            contact_writer.write(_format_contacts(con, contacts, rng))
            fb_writer.write(_format_periods(con, fb, rng))
            written += wanted
            periods += len(fb["period_id"])
            chunk += 1
            report("synth", written / n_contacts)
    finally:
        contact_writer.close()
        fb_writer.close()
        con.close()
    as_of = datetime.combine(end, datetime.min.time(), COPENHAGEN).isoformat()
    (out / "synth.json").write_text(
        json.dumps({"seed": seed, "contacts": n_contacts, "fb_periods": periods, "as_of": as_of})
        + "\n",
        encoding="utf-8",
    )
    return SynthResult(contacts_path, fb_path, n_contacts, periods, as_of)


class _Writer:
    """Appends Arrow tables to one Parquet or CSV file."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt, self.writer = path, fmt, None

    def write(self, table: pa.Table) -> None:
        if self.writer is None:
            if self.fmt == "parquet":
                self.writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
            else:
                self.writer = pa_csv.CSVWriter(self.path, table.schema)
        if self.fmt == "parquet":
            self.writer.write_table(table, row_group_size=ROW_GROUP)
        else:
            self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        elif self.fmt == "csv":
            self.path.write_text("", encoding="utf-8")


@dataclass
class _World:
    """Patients (municipality, sector propensity) and the time range."""

    t0: int
    t1: int
    n_patients: int
    patient_muni: np.ndarray
    patient_cluster: np.ndarray

    @classmethod
    def create(cls, n_contacts: int, seed: int, start: date, end: date) -> _World:
        rng = np.random.default_rng([seed, 1_000_003])
        municipalities = load_municipalities()
        codes = np.array([m.code for m in municipalities])
        weights = np.array([m.population or 1 for m in municipalities], dtype=float)
        n_patients = max(50, n_contacts // 9)
        pick = rng.choice(len(codes), size=n_patients, p=weights / weights.sum())
        muni = codes[pick].astype(object)
        cluster = np.array([CLUSTER_HOSPITAL.get(m.cluster, 0) for m in municipalities])[pick]
        outside = rng.random(n_patients) < 0.02
        muni[outside] = rng.choice(OUTSIDE_REGION, size=int(outside.sum()))
        unknown = rng.random(n_patients) < 0.004
        muni[unknown] = ""
        return cls(_epoch_us(start), _epoch_us(end), n_patients, muni.astype(str), cluster)

    def chunk(
        self, rng: np.random.Generator, n: int, first_id: int, chunk: int
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """About ``n`` contacts (exactly ``n`` rows) and the fb periods of their admissions."""
        episodes = _episodes(rng, self, max(1, int(n / 1.35)))
        contacts = _contacts(rng, episodes, n, first_id)
        fb = _fb_periods(rng, episodes, chunk)
        return contacts, fb


def _epoch_us(day: date) -> int:
    moment = datetime.combine(day, datetime.min.time(), COPENHAGEN)
    return int(moment.timestamp()) * 1_000_000


def _episodes(rng: np.random.Generator, world: _World, m: int) -> dict[str, np.ndarray]:
    """Hospital episodes: one stay (possibly of several contacts) plus follow-up stays."""
    patient = (world.n_patients * rng.random(m) ** 2.2).astype(np.int64)
    psych = rng.random(m) < 0.12
    admitted = rng.random(m) < np.where(psych, 0.35, 0.22)
    start = world.t0 + (rng.random(m) * (world.t1 - world.t0)).astype(np.int64)
    start -= start % US_PER_MINUTE
    median_h = np.where(psych, 14 * 24.0, 2.5 * 24.0)
    length_h = np.where(
        admitted,
        rng.lognormal(np.log(median_h), 0.9),
        rng.gamma(2.0, 1.0, m) + 0.25,
    )
    acute = rng.random(m) < np.where(admitted, 0.68, 0.12)
    # follow-up admissions of the same patient (readmissions, planned controls)
    follow = admitted & (rng.random(m) < 0.22)
    k = int(follow.sum())
    gap_h = rng.exponential(14 * 24.0, k) + rng.random(k) * 6
    f_start = start[follow] + (length_h[follow] * US_PER_HOUR).astype(np.int64)
    f_start += (gap_h * US_PER_HOUR).astype(np.int64)
    f_start -= f_start % US_PER_MINUTE
    return {
        "patient": np.concatenate([patient, patient[follow]]),
        "psych": np.concatenate([psych, psych[follow]]),
        "admitted": np.concatenate([admitted, np.ones(k, bool)]),
        "start": np.concatenate([start, f_start]),
        "length_h": np.concatenate([length_h, rng.lognormal(np.log(median_h[follow]), 0.8)]),
        "acute": np.concatenate([acute, rng.random(k) < 0.8]),
        "t1": np.full(m + k, world.t1, dtype=np.int64),
        "muni": world.patient_muni[np.concatenate([patient, patient[follow]])],
        "cluster": world.patient_cluster[np.concatenate([patient, patient[follow]])],
    }


def _contacts(
    rng: np.random.Generator, ep: dict[str, np.ndarray], n: int, first_id: int
) -> dict[str, np.ndarray]:
    """Split episodes into contacts: transfers overlap, nest or follow within a few hours."""
    m = len(ep["start"])
    parts = np.where(ep["admitted"], 1 + np.minimum(rng.geometric(0.55, m) - 1, 4), 1)
    total = int(parts.sum())
    episode = np.repeat(np.arange(m), parts)
    if total < n:  # top up with more single-contact episodes of random existing episodes
        extra = rng.integers(0, m, n - total)
        episode = np.concatenate([episode, extra])
    episode = np.sort(episode[:n])
    first = np.r_[True, episode[1:] != episode[:-1]]
    pos = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))
    count = np.bincount(episode, minlength=m)[episode]
    ep_start, ep_len = ep["start"][episode], ep["length_h"][episode] * US_PER_HOUR
    # contact i of k covers [i/k, (i+1)/k] of the episode, with jitter: overlap, gap, nesting
    frac0, frac1 = pos / count, (pos + 1) / count
    jitter = rng.choice(
        np.array([-3.0, -1.0, 0.0, 0.5, 2.0, 3.9, 4.2, 6.0]) * US_PER_HOUR,
        size=n,
        p=[0.08, 0.15, 0.35, 0.17, 0.12, 0.05, 0.04, 0.04],
    )
    start = (
        ep_start + (frac0 * ep_len).astype(np.int64) + np.where(first, 0, jitter).astype(np.int64)
    )
    end = ep_start + (frac1 * ep_len).astype(np.int64)
    nested = (~first) & (rng.random(n) < 0.05)
    end = np.where(nested, start + (end - start) // 3, end)
    end = np.maximum(end, start + 5 * US_PER_MINUTE)
    start -= start % US_PER_MINUTE
    end -= end % US_PER_MINUTE
    psych = ep["psych"][episode]
    is_open = end > ep["t1"][episode]
    last = np.r_[episode[1:] != episode[:-1], True]
    died = last & ep["admitted"][episode] & (rng.random(n) < 0.012)
    non_physical = rng.random(n) < 0.09
    acute = np.where(first, ep["acute"][episode], rng.random(n) < 0.3)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    order = rng.permutation(n)  # files are not sorted
    sector = np.where(psych, "psykiatri", "somatik")
    diag = np.where(
        psych,
        rng.choice(DIAGNOSES["psykiatri"], n),
        rng.choice(DIAGNOSES["somatik"], n),
    )
    keep = start < ep["t1"][episode]
    columns = {
        "contact_id": ids,
        "patient_id": ep["patient"][episode],
        "start_us": start,
        "end_us": np.where(is_open, -1, end),
        "contact_type": np.where(non_physical, rng.choice(["ALCA10", "ALCA20"], n), "ALCA00"),
        "priority": np.where(acute, "ATA1", "ATA3"),
        "sector": sector,
        "unit_id": (ep["cluster"][episode] * 1000 + rng.integers(1, 40, n)).astype(np.int64),
        "hospital": HOSPITALS[ep["cluster"][episode]],
        "municipality": ep["muni"][episode],
        "action_diagnosis": diag,
        "discharge_mode": np.where(died, "død", np.where(last, "Udskrevet", "Overflyttet")),
    }
    # contacts starting after the end of the period become open contacts at the start
    columns["start_us"] = np.where(keep, start, ep["t1"][episode] - US_PER_HOUR)
    return {k: v[order] for k, v in columns.items()}


def _fb_periods(
    rng: np.random.Generator, ep: dict[str, np.ndarray], chunk: int
) -> dict[str, np.ndarray]:
    """Færdigbehandling at the end of some long admissions (some overlapping, some outside)."""
    length = ep["length_h"]
    eligible = ep["admitted"] & (length > 48) & (rng.random(len(length)) < 0.09)
    idx = np.flatnonzero(eligible)
    k = len(idx)
    ep_end = ep["start"][idx] + (length[idx] * US_PER_HOUR).astype(np.int64)
    fb_start = ep_end - (length[idx] * rng.uniform(0.1, 0.6, k) * US_PER_HOUR).astype(np.int64)
    fb_end = np.where(rng.random(k) < 0.9, ep_end, fb_start + (ep_end - fb_start) // 2)
    outside = rng.random(k) < 0.01
    fb_start = np.where(outside, fb_start - 400 * US_PER_DAY, fb_start)
    fb_end = np.where(outside, fb_end - 400 * US_PER_DAY, fb_end)
    fb_end = np.where(fb_end > ep["t1"][idx], -1, fb_end)
    fb_start -= fb_start % US_PER_MINUTE
    fb_end = np.where(fb_end > 0, fb_end - fb_end % US_PER_MINUTE, -1)
    # a few re-declared periods overlapping the first one
    dup = rng.random(k) < 0.05
    d_start = fb_start[dup] + (rng.random(int(dup.sum())) * 36 * US_PER_HOUR).astype(np.int64)
    d_start -= d_start % US_PER_MINUTE
    sel = np.concatenate([idx, idx[dup]])
    start = np.concatenate([fb_start, d_start])
    end = np.concatenate([fb_end, fb_end[dup]])
    end = np.where((end >= 0) & (end < start), start, end)
    n = len(sel)
    ids = chunk * 10_000_000 + np.arange(1, n + 1, dtype=np.int64)
    return {
        "period_id": ids,
        "patient_id": ep["patient"][sel],
        "start_us": start,
        "end_us": end,
        "sector": np.where(ep["psych"][sel], "psykiatri", "somatik"),
        "municipality": ep["muni"][sel],
    }


def _dirty_flags(rng: np.random.Generator, n: int) -> np.ndarray:
    """One dirt code per row: 0 clean, 1..9 a kind of error (about 1.5 % of rows)."""
    probs = np.array([0.985, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.001, 0.001, 0.001])
    return rng.choice(10, size=n, p=probs / probs.sum()).astype(np.int8)


_TS = (
    "strftime(timezone('Europe/Copenhagen', make_timestamptz({c})), '%Y-%m-%dT%H:%M:%S')"
    " || CASE WHEN naive THEN '' WHEN epoch_us(timezone('Europe/Copenhagen', "
    "make_timestamptz({c}))) - {c} = 7200000000 THEN '+02:00' ELSE '+01:00' END"
)


def _format_contacts(
    con: duckdb.DuckDBPyConnection, c: dict[str, np.ndarray], rng: np.random.Generator
) -> pa.Table:
    n = len(c["contact_id"])
    dirt = _dirty_flags(rng, n)
    table = pa.table(
        {
            **c,
            "dirt": dirt,
            "naive": rng.random(n) < 0.02,
            "prev_id": np.r_[c["contact_id"][:1], c["contact_id"][:-1]],
        }
    )
    con.register("chunk_c", table)
    ts_start, ts_end = _TS.format(c="start_us"), _TS.format(c="end_us")
    result = con.sql(
        f"""
        SELECT
          CASE WHEN dirt = 1 THEN prev_id ELSE contact_id END AS contact_id,
          CASE WHEN dirt = 2 THEN NULL ELSE 'P' || lpad(patient_id::VARCHAR, 8, '0') END
              AS patient_id,
          CASE WHEN dirt = 3 THEN strftime(make_timestamp(start_us), '%d-%m-%Y %H.%M')
               WHEN dirt = 4 AND end_us >= 0 THEN {ts_end}
               ELSE {ts_start} END AS start_ts,
          CASE WHEN end_us < 0 THEN NULL
               WHEN dirt = 4 THEN {ts_start} ELSE {ts_end} END AS end_ts,
          contact_type,
          CASE WHEN dirt = 5 THEN NULL WHEN dirt = 9 THEN 'ATA2' ELSE priority END AS priority,
          CASE WHEN dirt = 6 THEN 'radiologi' WHEN dirt = 7 THEN upper(sector) ELSE sector END
              AS sector,
          unit_id::VARCHAR AS unit_id, hospital,
          CASE WHEN dirt = 8 THEN 'ukendt' ELSE municipality END AS municipality,
          action_diagnosis, discharge_mode
        FROM chunk_c
        """  # noqa: S608
    ).to_arrow_table()
    con.unregister("chunk_c")
    return result


def _format_periods(
    con: duckdb.DuckDBPyConnection, p: dict[str, np.ndarray], rng: np.random.Generator
) -> pa.Table:
    n = len(p["period_id"])
    dirt = rng.choice(7, size=n, p=[0.94, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]).astype(np.int8)
    table = pa.table(
        {
            **p,
            "naive": rng.random(n) < 0.02,
            "dirt": dirt,
            "prev_id": np.r_[p["period_id"][:1], p["period_id"][:-1]],
        }
    )
    con.register("chunk_p", table)
    ts_start, ts_end = _TS.format(c="start_us"), _TS.format(c="end_us")
    result = con.sql(
        f"""
        SELECT CASE WHEN dirt = 1 THEN prev_id ELSE period_id END AS period_id,
          CASE WHEN dirt = 2 THEN NULL ELSE 'P' || lpad(patient_id::VARCHAR, 8, '0') END
              AS patient_id,
          CASE WHEN dirt = 3 THEN 'i går'
               WHEN dirt = 4 AND end_us >= 0 THEN {ts_end} ELSE {ts_start} END AS fb_start_ts,
          CASE WHEN end_us < 0 THEN NULL WHEN dirt = 4 THEN {ts_start} ELSE {ts_end} END
              AS fb_end_ts,
          CASE WHEN dirt = 5 THEN 'SOMATISK' ELSE sector END AS sector,
          CASE WHEN dirt = 6 THEN NULL ELSE municipality END AS municipality
        FROM chunk_p
        """  # noqa: S608
    ).to_arrow_table()
    con.unregister("chunk_p")
    return result
