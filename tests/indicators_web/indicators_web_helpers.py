"""Helpers of the indicator page tests: small CSV inputs and ready-made output rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

CPH = ZoneInfo("Europe/Copenhagen")
AS_OF = dt.datetime(2022, 3, 1, 0, 0, tzinfo=CPH)
CONTACT_COLUMNS = [
    "contact_id",
    "patient_id",
    "start_ts",
    "end_ts",
    "contact_type",
    "priority",
    "sector",
    "municipality",
]
PERIOD_COLUMNS = ["period_id", "patient_id", "fb_start_ts", "fb_end_ts", "sector", "municipality"]


def write_csv(path: Path, columns: list[str], rows: list[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def contact_rows() -> list[list[Any]]:
    """Six patients in Randers (730), each admitted acutely in January 2022; two readmitted."""
    rows = []
    n = 0
    for patient in range(1, 7):
        n += 1
        rows.append(
            [
                n,
                f"p{patient}",
                "2022-01-03T08:00:00+01:00",
                "2022-01-05T08:00:00+01:00",
                "ALCA00",
                "ATA1",
                "somatik",
                "730",
            ]
        )
        if patient <= 2:
            n += 1
            rows.append(
                [
                    n,
                    f"p{patient}",
                    "2022-01-10T08:00:00+01:00",
                    "2022-01-12T08:00:00+01:00",
                    "ALCA00",
                    "ATA1",
                    "somatik",
                    "730",
                ]
            )
    return rows


def value_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "indicator": "acute_admissions",
        "sector": "somatik",
        "period_type": "month",
        "period": "2022-01",
        "geo_level": "municipality",
        "geo_code": "730",
        "geo_name": "Randers",
        "numerator": 7,
        "denominator": None,
        "value": 7.0,
        "provisional": 0,
        "suppressed": False,
    }
    row.update(overrides)
    return row


def suppression_rows() -> list[dict[str, Any]]:
    """January 2022 by municipality: Randers 7, Favrskov 3 (suppressed), Norddjurs 0 (absent),
    Syddjurs 5; the cluster and the region."""
    return [
        value_row(geo_code="730", geo_name="Randers", numerator=7, value=7.0),
        value_row(geo_code="710", geo_name="Favrskov", numerator=3, value=3.0, suppressed=True),
        value_row(geo_code="706", geo_name="Syddjurs", numerator=5, value=5.0),
        value_row(
            geo_level="cluster",
            geo_code="Randersklyngen",
            geo_name="Randersklyngen",
            numerator=15,
            value=15.0,
        ),
        value_row(geo_level="region", geo_code="RM", geo_name="RM", numerator=15, value=15.0),
        value_row(
            geo_level="region",
            geo_code="RM",
            geo_name="RM",
            period="2021-12",
            numerator=11,
            value=11.0,
        ),
        value_row(
            geo_level="region",
            geo_code="RM",
            geo_name="RM",
            period="2022-02",
            numerator=9,
            value=9.0,
        ),
        value_row(
            indicator="readmission_30d",
            geo_level="region",
            geo_code="RM",
            geo_name="RM",
            period="2022-02",
            numerator=2,
            denominator=20,
            value=0.1,
            provisional=6,
            suppressed=True,
        ),
        value_row(
            indicator="readmission_30d",
            geo_level="region",
            geo_code="RM",
            geo_name="RM",
            period="2022-01",
            numerator=6,
            denominator=40,
            value=0.15,
        ),
    ]


def measure_shared_initiative(plan: Any, actor: str = "test") -> Any:
    """A published run in which Favrskov had 12 acute admissions in December 2021 and 3 in
    January 2022 (hidden), and the plan's shared initiative measured by them and by a
    hand-entered answer time with a target of 10 days (42 days in January, 6 in February)."""
    from fremdrift.indicators import actions

    rows = suppression_rows() + [
        value_row(geo_code="710", geo_name="Favrskov", period="2021-12", numerator=12, value=12.0),
    ]
    run = actions.create_run(
        by=actor,
        as_of=AS_OF,
        params={},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(run.pk, by=actor, validation={}, rows=rows)
    actions.publish_run(run, by=actor)
    shared = plan.initiatives_by_key["shared"]
    actions.link_indicator(
        shared, by=actor, indicator="acute_admissions", sector="somatik",
        geo_level="municipality", geo_code="710", geo_name="Favrskov",
    )  # fmt: skip
    answer = actions.create_manual_indicator(
        shared, by=actor, name="Svartid i Patientkontoret", unit="dage", target=10
    )
    for day, value in ((dt.date(2022, 1, 5), 42), (dt.date(2022, 2, 8), 6)):
        actions.record_manual_value(answer, by=actor, date=day, value=value)
    return shared
