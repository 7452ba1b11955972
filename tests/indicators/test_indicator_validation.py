"""Spec §1, §6 and §9.4: reading, cleaning order, the validation report, refused files."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fremdrift.indicators.engine import InputError, run

from .indicator_helpers import CONTACT_COLUMNS, PERIOD_COLUMNS, contact, period, write_rows

START, END = "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z"


def counts_of(section: dict) -> dict[str, int]:
    return {k: v if isinstance(v, int) else v["count"] for k, v in section.items()}


def test_a_repeated_contact_id_keeps_the_first_row_in_file_order(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", START, END, priority="ATA3"),
            contact(1, "p", START, END, priority="ATA1"),
            contact(2, "q", START, END),
            contact(2, "q", START, END),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1
    assert outcome.validation["contacts"]["duplicate_id"] == {"count": 2, "examples": ["1", "2"]}


def test_examples_are_at_most_20_and_in_file_order(run_engine):
    rows = [contact(i, f"p{i}", START, END, sector="kirurgi") for i in range(30, 0, -1)]
    outcome = run_engine(rows)
    unknown = outcome.validation["contacts"]["unknown_sector"]
    assert unknown["count"] == 30
    assert unknown["examples"] == [str(i) for i in range(30, 10, -1)]


def test_an_empty_priority_is_a_missing_value_not_a_planned_contact(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", START, END, priority=""),
            contact(2, "q", START, END, priority="ATA3"),
        ]
    )
    assert outcome.counter("contacts", "missing_required") == 1
    assert outcome.validation["summary"]["stays"] == 1


def test_a_row_without_an_id_is_named_by_its_row_number(run_engine):
    outcome = run_engine([contact(1, "p", START, END), contact("", "q", START, END)])
    assert outcome.validation["contacts"]["missing_required"]["examples"] == ["row 2"]


def test_cleaning_steps_count_each_row_once_in_the_order_of_the_spec(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", START, END),
            contact(1, "p", "nonsense", END, priority=""),  # duplicate first
            contact(2, "", "nonsense", END),  # missing before unparseable
            contact(3, "p", "nonsense", "2022-02-01T00:00:00Z"),  # unparseable before order
            contact(4, "p", END, START, sector="kirurgi"),  # end before start before sector
            contact(5, "p", START, END, sector="kirurgi", contact_type="ALCA20"),
            contact(6, "p", START, END, contact_type="ALCA20"),
        ]
    )
    counts = counts_of(outcome.validation["contacts"])
    assert counts["rows_read"] == 7
    assert counts["duplicate_id"] == 1
    assert counts["missing_required"] == 1
    assert counts["unparseable_timestamp"] == 1
    assert counts["end_before_start"] == 1
    assert counts["unknown_sector"] == 1
    assert counts["not_alca00"] == 1


def test_an_unparseable_end_is_ignored_like_an_unparseable_start(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", START, "31-12-2021 10.00"),
            contact(2, "p", "2022-13-01T00:00:00Z", END),
            contact(3, "p", START, END),
        ]
    )
    unparseable = outcome.validation["contacts"]["unparseable_timestamp"]
    assert unparseable == {"count": 2, "examples": ["1", "2"]}


def test_an_end_equal_to_the_start_is_valid(run_engine):
    outcome = run_engine([contact(1, "p", START, START)])
    assert outcome.counter("contacts", "end_before_start") == 0
    assert outcome.validation["summary"]["stays"] == 1


def test_sector_is_case_insensitive(run_engine):
    outcome = run_engine([contact(1, "p", START, END, sector="Psykiatri")])
    assert outcome.counter("contacts", "unknown_sector") == 0
    assert outcome.count("acute_admissions", "2022-03", sector="psykiatri") == 1


def test_an_unknown_priority_is_reported_and_counted_as_not_acute(run_engine):
    outcome = run_engine([contact(1, "p", START, END, priority="ATA2")])
    assert outcome.counter("contacts", "unknown_priority") == 1
    assert outcome.count("acute_admissions", "2022-03") == 0
    assert outcome.validation["summary"]["admissions"] == 1


def test_fb_periods_are_cleaned_and_counted_like_contacts(run_engine):
    stay = [contact(1, "p", "2022-01-01T00:00:00Z", "2022-12-01T00:00:00Z")]
    outcome = run_engine(
        stay,
        [
            period(1, "p", "2022-03-01T08:00:00Z", "2022-03-04T08:00:00Z", municipality="101"),
            period(1, "p", "2022-03-01T08:00:00Z", "2022-03-09T08:00:00Z"),
            period(2, "", "2022-03-01T08:00:00Z", "2022-03-04T08:00:00Z"),
            period(3, "p", "i går", None),
            period(4, "p", "2022-03-04T08:00:00Z", "2022-03-01T08:00:00Z"),
            period(5, "p", "2022-03-01T08:00:00Z", None, sector="kirurgi"),
            period(6, "p", "2022-03-01T08:00:00Z", "2022-03-02T08:00:00Z", municipality="xx"),
        ],
    )
    counts = counts_of(outcome.validation["fb_periods"])
    assert counts == {
        "rows_read": 7,
        "duplicate_id": 1,
        "missing_required": 1,
        "unparseable_timestamp": 1,
        "end_before_start": 1,
        "unknown_sector": 1,
        "open_periods": 0,
        "municipality_unknown": 1,
        "municipality_outside_region": 1,
        "outside_every_stay": 0,
    }
    assert outcome.count("fb_days", "2022-03") == 3


def test_the_validation_report_is_written_with_parameters_and_as_of(run_engine):
    outcome = run_engine([contact(1, "p", START, END)], link_gap_hours=6)
    written = json.loads((outcome.out_dir / "validation.json").read_text(encoding="utf-8"))
    assert written == outcome.validation
    assert written["params"]["link_gap_hours"] == 6
    assert written["as_of"] == "2023-05-31T22:00:00.000000+00:00"
    assert written["files"] == {"contacts": "contacts.csv", "fb_periods": "fb_periods.csv"}
    assert written["rows_written"] == len(outcome.table)


def test_a_missing_required_column_is_refused_naming_file_and_column(tmp_path):
    columns = [c for c in CONTACT_COLUMNS if c != "priority"]
    contacts = write_rows(tmp_path / "contacts.csv", [contact(1, "p", START, END)], columns)
    periods = write_rows(tmp_path / "fb.csv", [], PERIOD_COLUMNS)
    with pytest.raises(InputError) as caught:
        run(contacts, periods, "2023-01-01", tmp_path / "out")
    assert "contacts.csv" in str(caught.value)
    assert "'priority'" in str(caught.value)
    assert caught.value.column == "priority"
    assert not (tmp_path / "out").exists()


def test_a_missing_required_column_of_the_fb_periods_is_refused(tmp_path):
    contacts = write_rows(
        tmp_path / "contacts.parquet", [contact(1, "p", START, END)], CONTACT_COLUMNS
    )
    columns = [c for c in PERIOD_COLUMNS if c != "fb_start_ts"]
    periods = write_rows(tmp_path / "fb.parquet", [], columns)
    with pytest.raises(InputError, match="fb.parquet: required column 'fb_start_ts'"):
        run(contacts, periods, "2023-01-01", tmp_path / "out")


def test_optional_columns_may_be_absent(tmp_path):
    required = ["contact_id", "patient_id", "start_ts", "contact_type", "priority", "sector"]
    contacts = write_rows(tmp_path / "c.csv", [contact(1, "p", START, END)], required)
    periods = write_rows(
        tmp_path / "p.csv", [], ["period_id", "patient_id", "fb_start_ts", "sector"]
    )
    result = run(contacts, periods, "2023-01-01", tmp_path / "out")
    table = pd.read_parquet(result.indicators_parquet)
    # no end: an open contact, ongoing at as_of; no municipality: Ukendt
    assert set(table[table["geo_level"] == "municipality"]["geo_code"]) == {"Ukendt"}
    assert result.validation["contacts"]["open_contacts"]["count"] == 1


def test_a_missing_file_an_unknown_type_and_a_bad_as_of_are_refused(tmp_path):
    periods = write_rows(tmp_path / "p.csv", [], PERIOD_COLUMNS)
    with pytest.raises(InputError, match="file not found"):
        run(tmp_path / "nope.csv", periods, "2023-01-01", tmp_path / "out")
    (tmp_path / "c.xlsx").write_bytes(b"x")
    with pytest.raises(InputError, match="unknown file type"):
        run(tmp_path / "c.xlsx", periods, "2023-01-01", tmp_path / "out")
    contacts = write_rows(tmp_path / "c.csv", [], CONTACT_COLUMNS)
    with pytest.raises(InputError, match="not an ISO 8601 timestamp"):
        run(contacts, periods, "next tuesday", tmp_path / "out")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        run(tmp_path / "empty.csv", periods, "2023-01-01", tmp_path / "out")


def test_extra_columns_and_column_order_do_not_matter(tmp_path):
    row = {**contact(1, "p", START, END), "extra": "x"}
    columns = ["extra", *reversed(CONTACT_COLUMNS)]
    contacts = write_rows(tmp_path / "c.csv", [row], columns)
    periods = write_rows(tmp_path / "p.csv", [], PERIOD_COLUMNS)
    result = run(contacts, periods, "2023-01-01", tmp_path / "out")
    assert result.validation["summary"]["admissions"] == 1


def test_empty_inputs_give_an_empty_table(run_engine):
    outcome = run_engine([], [])
    assert outcome.table.empty
    assert outcome.validation["contacts"]["rows_read"] == 0


def test_contact_ids_stored_as_integers_are_reported_like_the_same_ids_as_text(tmp_path):
    """Parquet ids stored as integers (kept as numbers by the engine) give the same report."""
    rows = [
        contact(7, "p", START, END),
        contact("", "q", START, END),  # missing id: named by its row number
        contact(7, "r", START, END),  # repeated id
        contact(3, "p", "2022-03-01T10:00:00Z", "2022-03-02T08:00:00Z"),  # merged into a stay
        contact(12, "s", START, None),  # open
        contact(5, "t", START, END, priority="ATA2"),
    ]
    periods = write_rows(tmp_path / "fb.parquet", [], PERIOD_COLUMNS)
    reports = []
    for kind in (pa.string(), pa.int64()):
        columns = {
            c: pa.array([r.get(c) or None for r in rows], pa.string()) for c in CONTACT_COLUMNS
        }
        columns["contact_id"] = pa.array(
            [int(r["contact_id"]) if r["contact_id"] else None for r in rows], pa.int64()
        ).cast(kind)
        path = tmp_path / f"contacts-{kind}.parquet"
        pq.write_table(pa.table(columns), path)
        result = run(path, periods, "2022-06-01T00:00:00Z", tmp_path / f"out-{kind}")
        reports.append((result.validation["contacts"], result.indicators_csv.read_bytes()))
    (text, text_csv), (numbers, numbers_csv) = reports
    assert numbers == text
    assert numbers_csv == text_csv
    assert numbers["missing_required"]["examples"] == ["row 2"]
    assert numbers["duplicate_id"]["examples"] == ["7"]
    assert numbers["merged_into_stay"]["examples"] == ["3"]
    assert numbers["open_contacts"]["examples"] == ["12"]
    assert numbers["unknown_priority"]["examples"] == ["5"]


def test_text_with_surrounding_spaces_is_read_trimmed_and_blank_text_is_missing(run_engine):
    outcome = run_engine(
        [
            # spaces around timestamps and the municipality are read away
            contact(
                1, "p", " 2022-03-01T08:00:00 ", "  2022-03-03T08:00:00Z", municipality=" 730 "
            ),
            contact(2, "q", "   ", END),  # a blank start is missing, not unparseable
            contact(3, "r", START, "   "),  # a blank end is an open contact
            contact(4, "s", START, END, municipality="   "),  # blank: Ukendt
            contact(5, "t", " 2022-10-30T02:30:00", "2022-10-31T08:00:00Z"),  # repeated hour
        ]
    )
    counts = counts_of(outcome.validation["contacts"])
    assert counts["missing_required"] == 1
    assert counts["unparseable_timestamp"] == 0
    assert counts["open_contacts"] == 1
    assert outcome.validation["contacts"]["open_contacts"]["examples"] == ["3"]
    assert counts["municipality_unknown"] == 1
    assert outcome.count("acute_admissions", "2022-03", "730") == 1
    assert outcome.validation["summary"]["stays"] == 4
