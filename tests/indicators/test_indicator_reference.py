"""The engine agrees exactly with the independent pandas reference on synthetic data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from fremdrift.indicators.engine import IndicatorParams, run
from fremdrift.indicators.engine.synth import generate

from .reference_pandas import compute


def assert_same_table(engine: pd.DataFrame, reference: pd.DataFrame) -> None:
    """Row for row, column for column; empty values compare equal."""
    assert list(engine.columns) == list(reference.columns)
    assert len(engine) == len(reference)
    for column in engine.columns:
        left = engine[column].astype(object).tolist()
        right = reference[column].astype(object).tolist()
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            a_empty = a is None or (isinstance(a, float) and math.isnan(a))
            b_empty = b is None or (isinstance(b, float) and math.isnan(b))
            assert a == b or (a_empty and b_empty), (column, i, engine.iloc[i].to_dict())


def assert_same_validation(engine: dict, reference: dict) -> None:
    for section in ("contacts", "fb_periods"):
        assert engine[section] == reference[section], section


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    return generate(200_000, seed=2026, out_dir=folder)


def test_engine_and_pandas_reference_agree_on_200000_synthetic_contacts(synthetic, tmp_path):
    result = run(synthetic.contacts_path, synthetic.fb_periods_path, synthetic.as_of, tmp_path)
    table, validation = compute(synthetic.contacts_path, synthetic.fb_periods_path, synthetic.as_of)
    engine = pd.read_parquet(result.indicators_parquet)
    assert len(engine) > 10_000
    assert_same_table(engine, table)
    assert_same_validation(result.validation, validation)


def test_engine_and_reference_agree_with_every_setting_changed(tmp_path):
    data = generate(30_000, seed=5, out_dir=tmp_path / "data")
    params = IndicatorParams(
        link_across_sectors=True,
        link_gap_hours=6,
        admission_min_hours=8,
        acute_rule="any_contact",
        windows={"somatik": (7, 30), "psykiatri": (14,)},
        index_exclusion_prefixes=("DF2",),
        readmission_exclusion_prefixes=("DS", "DZ0"),
    )
    as_of = "2024-06-30T12:00:00"
    result = run(data.contacts_path, data.fb_periods_path, as_of, tmp_path / "out", params)
    table, validation = compute(data.contacts_path, data.fb_periods_path, as_of, params)
    assert_same_table(pd.read_parquet(result.indicators_parquet), table)
    assert_same_validation(result.validation, validation)


def test_csv_and_parquet_input_give_identical_output(tmp_path):
    parquet = generate(120_000, seed=11, out_dir=tmp_path / "parquet")
    csv = generate(120_000, seed=11, out_dir=tmp_path / "csv", fmt="csv")
    from_parquet = run(
        parquet.contacts_path, parquet.fb_periods_path, parquet.as_of, tmp_path / "a"
    )
    from_csv = run(csv.contacts_path, csv.fb_periods_path, csv.as_of, tmp_path / "b")
    assert (tmp_path / "a" / "indicators.csv").read_bytes() == (
        tmp_path / "b" / "indicators.csv"
    ).read_bytes()
    a, b = from_parquet.validation, from_csv.validation
    assert a["files"] != b["files"]
    for section in ("contacts", "fb_periods", "summary"):
        assert a[section] == b[section]


def test_patients_whose_ids_share_a_hash_are_still_told_apart(tmp_path, monkeypatch):
    """Patients are numbered by a hash of their id only when no two ids share one."""
    from fremdrift.indicators.engine import engine

    data = generate(30_000, seed=7, out_dir=tmp_path / "data")
    hashed = run(data.contacts_path, data.fb_periods_path, data.as_of, tmp_path / "hashed")
    # a hash with five values: thousands of patients share each, so the patient map is used
    monkeypatch.setattr(engine, "PATIENT_HASH", "(hash(pid) % 5)::BIGINT")
    mapped = run(data.contacts_path, data.fb_periods_path, data.as_of, tmp_path / "mapped")
    table, validation = compute(data.contacts_path, data.fb_periods_path, data.as_of)
    assert_same_table(pd.read_parquet(mapped.indicators_parquet), table)
    assert_same_validation(mapped.validation, validation)
    assert mapped.indicators_csv.read_bytes() == hashed.indicators_csv.read_bytes()


def test_repeated_ids_found_by_counting_agree_with_the_reference(tmp_path, monkeypatch):
    """Integer contact ids (Parquet) are checked for repeats by counting into an array from
    a million rows on; forced here on a small file with repeated and missing ids, it gives
    the reference's result and the bytes of the hash aggregate."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from fremdrift.indicators.engine import engine

    data = generate(30_000, seed=3, out_dir=tmp_path / "data")
    table = pq.read_table(data.contacts_path)
    ids = table.column("contact_id").to_pylist()
    ids = [None if i % 997 == 5 else value for i, value in enumerate(ids)]  # missing ids
    table = table.set_column(
        table.schema.get_field_index("contact_id"), "contact_id", pa.array(ids, pa.int64())
    )
    assert pc.count_distinct(table.column("contact_id")).as_py() < len(ids) - 30  # repeats
    contacts = tmp_path / "contacts.parquet"
    pq.write_table(table, contacts)
    hashed = run(contacts, data.fb_periods_path, data.as_of, tmp_path / "hashed")

    found = []
    counting = engine._Steps._repeats_counted

    def spy(self, table):  # noqa: ANN001, ANN202
        found.append(counting(self, table))
        return found[-1]

    monkeypatch.setattr(engine, "COUNTING_MIN_ROWS", 0)
    monkeypatch.setattr(engine._Steps, "_repeats_counted", spy)
    from numpy._core.multiarray import _set_madvise_hugepage as huge_page_advice

    advice = huge_page_advice(True)
    huge_page_advice(advice)  # (read)
    counted = run(contacts, data.fb_periods_path, data.as_of, tmp_path / "counted")
    assert huge_page_advice(advice) == advice  # numpy's advice is back as it was
    # both files' ids were counted, and the contacts' repeats found
    assert found[0] is not None and len(found[0]) > 30
    assert found[1] is not None
    reference, validation = compute(contacts, data.fb_periods_path, data.as_of)
    assert_same_table(pd.read_parquet(counted.indicators_parquet), reference)
    # the reference reads a column of integers with gaps as floats ("23217.0"): compare counts
    for key, value in validation["contacts"].items():
        got = counted.validation["contacts"][key]
        assert (got if isinstance(got, int) else got["count"]) == (
            value if isinstance(value, int) else value["count"]
        ), key
    assert counted.indicators_csv.read_bytes() == hashed.indicators_csv.read_bytes()
    assert counted.validation == hashed.validation
    # more repeated ids than are handed over as a list: the table is grouped instead
    monkeypatch.setattr(engine, "LISTED_REPEATS_MAX", 5)
    statements = []
    plain_sql = engine._Steps.sql

    def recording(self, statement, params=None):  # noqa: ANN001, ANN202
        statements.append(" ".join(statement.split()))
        return plain_sql(self, statement, params)

    monkeypatch.setattr(engine._Steps, "sql", recording)
    grouped = run(contacts, data.fb_periods_path, data.as_of, tmp_path / "grouped")
    assert any(
        "FROM c_clean WHERE id_key IS NOT NULL GROUP BY id_key HAVING" in s for s in statements
    )
    assert grouped.indicators_csv.read_bytes() == hashed.indicators_csv.read_bytes()
    assert grouped.validation == hashed.validation


def test_a_run_never_checkpoints_its_in_memory_database(tmp_path, monkeypatch):
    """DuckDB checkpoints a database once its log passes 16 MiB, in memory too: it then
    compacts every table on one thread (0.2 s of a 5 M run, docs/benchmarks.md). The run's
    database ends with the run, so its threshold is set beyond any run's log."""
    from fremdrift.indicators.engine import engine

    seen = []
    compute = engine._Steps.compute

    def spy(self, contacts, periods):  # noqa: ANN001, ANN202
        seen.append(engine.setting_bytes(self.con, "checkpoint_threshold"))
        return compute(self, contacts, periods)

    monkeypatch.setattr(engine._Steps, "compute", spy)
    data = generate(2_000, seed=5, out_dir=tmp_path / "data")
    run(data.contacts_path, data.fb_periods_path, data.as_of, tmp_path / "out")
    assert seen and seen[0] >= 2**39  # at least 512 GiB (DuckDB's default: 16 MiB)
