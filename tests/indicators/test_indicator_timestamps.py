"""Spec §1 and §9.5: reading timestamps, with and without offset, around clock changes."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from fremdrift.indicators.engine.sources import install_macros


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    install_macros(connection)
    yield connection
    connection.close()


def utc_us(text: str) -> int:
    moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1_000_000 + moment.microsecond


def parse(con, text: str | None) -> int | None:
    return con.execute("SELECT parse_ts(?::VARCHAR)", [text]).fetchone()[0]


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2022-01-03T08:15:00+01:00", "2022-01-03T07:15:00"),
        ("2022-01-03T08:15:00+0100", "2022-01-03T07:15:00"),
        ("2022-01-03T08:15:00Z", "2022-01-03T08:15:00"),
        ("2022-01-03 08:15:00-05:00", "2022-01-03T13:15:00"),
        ("2022-01-03T08:15:00.123456+01:00", "2022-01-03T07:15:00.123456"),
        ("2022-07-03T08:15:00+02:00", "2022-07-03T06:15:00"),
    ],
)
def test_a_timestamp_with_an_offset_is_an_absolute_time(con, text, utc):
    assert parse(con, text) == utc_us(utc)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2022-01-03T08:15:00", "2022-01-03T07:15:00"),  # winter: +01:00
        ("2022-07-03 08:15:00", "2022-07-03T06:15:00"),  # summer: +02:00
        ("2022-10-30T01:59:59", "2022-10-29T23:59:59"),  # before the repeated hour
        ("2022-10-30T02:00:00", "2022-10-30T00:00:00"),  # repeated hour: summer reading
        ("2022-10-30T02:30:00", "2022-10-30T00:30:00"),
        ("2022-10-30T02:59:59", "2022-10-30T00:59:59"),
        ("2022-10-30T03:00:00", "2022-10-30T02:00:00"),  # after it: winter time
        ("2022-03-27T01:59:59", "2022-03-27T00:59:59"),
        ("2022-03-27T02:00:00", "2022-03-27T01:00:00"),  # skipped hour moves forward
        ("2022-03-27T02:30:00", "2022-03-27T01:30:00"),  # = 03:30 summer time
        ("2022-03-27T03:00:00", "2022-03-27T01:00:00"),
        ("2021-10-31T02:15:00", "2021-10-31T00:15:00"),
    ],
)
def test_a_timestamp_without_offset_is_copenhagen_time(con, text, utc):
    assert parse(con, text) == utc_us(utc)


@pytest.mark.parametrize(
    "text", ["", None, "i går", "31-12-2021 10.00", "2022-13-01T00:00:00", "infinity", "2022-02-30"]
)
def test_an_unreadable_timestamp_gives_no_value(con, text):
    assert parse(con, text) is None


def test_a_date_alone_is_midnight_copenhagen_time(con):
    assert parse(con, "2022-01-03") == utc_us("2022-01-02T23:00:00")


def test_local_dates_are_copenhagen_dates(con):
    def local(text: str) -> str:
        return str(con.execute("SELECT local_date(?::BIGINT)", [utc_us(text)]).fetchone()[0])

    assert local("2022-03-31T22:30:00") == "2022-04-01"
    assert local("2022-03-31T21:59:59") == "2022-03-31"
    assert local("2022-01-31T23:00:00") == "2022-02-01"
    assert local("2022-01-31T22:59:59") == "2022-01-31"


def test_as_of_without_offset_is_copenhagen_time_too(run_engine):
    from .indicator_helpers import contact

    # An open contact from 31 May 12:00 UTC lasts 12 h at 1 June 02:00 Copenhagen (00:00 UTC)
    outcome = run_engine(
        [contact(1, "p", "2022-05-31T12:00:00Z", None)], as_of="2022-06-01T02:00:00"
    )
    assert outcome.count("acute_admissions", "2022-05") == 1
    outcome = run_engine(
        [contact(1, "p", "2022-05-31T12:00:00Z", None)], as_of="2022-06-01T01:59:59"
    )
    assert outcome.count("acute_admissions", "2022-05") == 0
