"""Helpers for the indicator engine tests: write small inputs, run the engine, read cells."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fremdrift.indicators.engine import IndicatorParams, run

CONTACT_COLUMNS = [
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
]
PERIOD_COLUMNS = ["period_id", "patient_id", "fb_start_ts", "fb_end_ts", "sector", "municipality"]
AS_OF = "2023-06-01T00:00:00+02:00"


def contact(
    cid: Any,
    pid: str,
    start: str,
    end: str | None,
    priority: str = "ATA1",
    sector: str = "somatik",
    contact_type: str = "ALCA00",
    municipality: str = "751",
    diagnosis: str = "",
    discharge: str = "",
) -> dict[str, Any]:
    """One contacts row; ``end=None`` is an open contact."""
    return {
        "contact_id": str(cid),
        "patient_id": pid,
        "start_ts": start,
        "end_ts": end or "",
        "contact_type": contact_type,
        "priority": priority,
        "sector": sector,
        "unit_id": "",
        "hospital": "",
        "municipality": municipality,
        "action_diagnosis": diagnosis,
        "discharge_mode": discharge,
    }


def period(
    period_id: Any,
    pid: str,
    start: str,
    end: str | None,
    sector: str = "somatik",
    municipality: str = "751",
) -> dict[str, Any]:
    """One fb_periods row; ``end=None`` is a period still open."""
    return {
        "period_id": str(period_id),
        "patient_id": pid,
        "fb_start_ts": start,
        "fb_end_ts": end or "",
        "sector": sector,
        "municipality": municipality,
    }


def write_rows(path: Path, rows: Iterable[dict[str, Any]], columns: list[str]) -> Path:
    """Write rows as CSV or (by suffix) Parquet with text columns."""
    rows = list(rows)
    if path.suffix == ".parquet":
        table = pa.table(
            {c: pa.array([r.get(c) or None for r in rows], pa.string()) for c in columns}
        )
        pq.write_table(table, path)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@dataclass
class Outcome:
    """The engine's output table and validation report of one run."""

    table: pd.DataFrame
    validation: dict[str, Any]
    out_dir: Path

    def rows(self, indicator: str, sector: str = "somatik", **where: Any) -> pd.DataFrame:
        """Rows of one indicator and sector, filtered by further column values."""
        mask = (self.table["indicator"] == indicator) & (self.table["sector"] == sector)
        for column, value in where.items():
            mask &= self.table[column] == value
        return self.table[mask]

    def cell(
        self, indicator: str, period: str, geo_code: str = "RM", sector: str = "somatik"
    ) -> dict[str, Any] | None:
        """One output cell as a dict, or None when the cell is absent (zero)."""
        period_type = "week" if "-W" in period else "month"
        found = self.rows(indicator, sector, period=period, period_type=period_type)
        found = found[found["geo_code"] == geo_code]
        assert len(found) <= 1
        return None if found.empty else found.iloc[0].to_dict()

    def count(self, indicator: str, period: str, geo_code: str = "RM", sector: str = "somatik"):
        """Numerator of a cell (0 when absent)."""
        found = self.cell(indicator, period, geo_code, sector)
        return 0 if found is None else int(found["numerator"])

    def rate(self, indicator: str, period: str, geo_code: str = "RM", sector: str = "somatik"):
        """(numerator, denominator, provisional) of a rate cell ((0, 0, 0) when absent)."""
        found = self.cell(indicator, period, geo_code, sector)
        if found is None:
            return (0, 0, 0)
        return (int(found["numerator"]), int(found["denominator"]), int(found["provisional"]))

    def counter(self, section: str, key: str) -> int:
        return self.validation[section][key]["count"]


RunEngine = Callable[..., Outcome]


@pytest.fixture
def run_engine(tmp_path: Path) -> RunEngine:
    """Run the engine on hand-made rows: ``run_engine(contacts, periods, as_of=…, **params)``."""
    counter = iter(range(10_000))

    def _run(
        contacts: Iterable[dict[str, Any]] = (),
        periods: Iterable[dict[str, Any]] = (),
        as_of: str = AS_OF,
        fmt: str = "csv",
        **params: Any,
    ) -> Outcome:
        folder = tmp_path / f"run{next(counter)}"
        folder.mkdir()
        c_path = write_rows(folder / f"contacts.{fmt}", contacts, CONTACT_COLUMNS)
        p_path = write_rows(folder / f"fb_periods.{fmt}", periods, PERIOD_COLUMNS)
        result = run(c_path, p_path, as_of, folder / "out", IndicatorParams(**params))
        table = pd.read_parquet(result.indicators_parquet)
        return Outcome(table, result.validation, folder / "out")

    return _run
