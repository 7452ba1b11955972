"""Synthetic input: deterministic, realistic and with a small share of dirty rows."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from fremdrift.indicators.engine import run
from fremdrift.indicators.engine.synth import generate


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    data = generate(60_000, seed=3, out_dir=folder)
    result = run(data.contacts_path, data.fb_periods_path, data.as_of, folder / "out")
    return data, result


def test_the_same_seed_gives_the_same_files_and_another_seed_does_not(tmp_path):
    first = generate(5_000, seed=1, out_dir=tmp_path / "a")
    second = generate(5_000, seed=1, out_dir=tmp_path / "b")
    third = generate(5_000, seed=2, out_dir=tmp_path / "c")
    a, b, c = (pd.read_parquet(d.contacts_path) for d in (first, second, third))
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    fb_a, fb_b = (pd.read_parquet(d.fb_periods_path) for d in (first, second))
    pd.testing.assert_frame_equal(fb_a, fb_b)


def test_exactly_the_requested_number_of_contacts_is_written(tmp_path):
    data = generate(12_345, seed=1, out_dir=tmp_path)
    assert len(pd.read_parquet(data.contacts_path)) == 12_345
    meta = json.loads((tmp_path / "synth.json").read_text(encoding="utf-8"))
    assert meta["contacts"] == 12_345
    assert meta["as_of"] == data.as_of == "2026-01-01T00:00:00+01:00"


def test_csv_output_has_the_spec_columns(tmp_path):
    data = generate(2_000, seed=1, out_dir=tmp_path, fmt="csv")
    contacts = pd.read_csv(data.contacts_path, dtype=str)
    assert {"contact_id", "patient_id", "start_ts", "end_ts", "contact_type", "priority",
            "sector", "unit_id", "hospital", "municipality", "action_diagnosis",
            "discharge_mode"} <= set(contacts.columns)  # fmt: skip
    assert contacts["start_ts"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d").mean() > 0.98


def test_every_kind_of_dirty_row_and_every_validation_counter_occurs(dataset):
    _, result = dataset
    for section in ("contacts", "fb_periods"):
        for key, value in result.validation[section].items():
            count = value if isinstance(value, int) else value["count"]
            assert count > 0, (section, key)
    rows = result.validation["contacts"]["rows_read"]
    dirty = sum(
        result.validation["contacts"][k]["count"]
        for k in ("duplicate_id", "missing_required", "unparseable_timestamp",
                  "end_before_start", "unknown_sector")
    )  # fmt: skip
    assert 0.002 < dirty / rows < 0.03


def test_the_data_look_like_a_region(dataset):
    data, result = dataset
    contacts = pd.read_parquet(data.contacts_path)
    assert set(contacts["sector"].dropna().str.lower()) == {"somatik", "psykiatri", "radiologi"}
    assert 0.05 < (contacts["sector"] == "psykiatri").mean() < 0.25
    assert 0.85 < (contacts["contact_type"] == "ALCA00").mean() < 0.95
    assert (contacts["discharge_mode"] == "død").sum() > 0
    assert contacts["end_ts"].isna().sum() > 0
    aarhus = (contacts["municipality"] == "751").mean()
    samsoe = (contacts["municipality"] == "741").mean()
    assert aarhus > 0.2 and samsoe < 0.01
    summary = result.validation["summary"]
    assert summary["admissions"] > 0.1 * summary["stays"]
    table = pd.read_parquet(result.indicators_parquet)
    month = table[(table["geo_level"] == "region") & (table["period_type"] == "month")]
    readmit = month[(month["indicator"] == "readmission_30d") & (month["sector"] == "somatik")]
    rate = readmit["numerator"].sum() / readmit["denominator"].sum()
    assert 0.05 < rate < 0.3
    stays_with_transfers = result.validation["contacts"]["merged_into_stay"]["count"]
    assert stays_with_transfers > 0.05 * summary["stays"]
