"""Spec §1 and §9.5: reading timestamps, with and without offset, around clock changes."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from fremdrift.indicators.engine.sources import LOCAL_TIMEZONE_SQL, install_macros


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


@pytest.fixture(scope="module")
def local_con():
    """A connection in Copenhagen time, as the engine reads its files (cast_ts needs it)."""
    connection = duckdb.connect()
    install_macros(connection)
    connection.execute(LOCAL_TIMEZONE_SQL)
    yield connection
    connection.close()


def fast(con, text: str | None) -> int | None:
    return con.execute(
        "SELECT settle_ts(?::VARCHAR, cast_ts(?::VARCHAR))", [text, text]
    ).fetchone()[0]


@pytest.mark.parametrize(
    "text",
    [
        "2022-01-03T08:15:00+01:00",
        "2022-01-03T08:15:00Z",
        "2022-01-03 08:15:00-05:00",
        "2022-01-03T08:15:00",
        "2022-07-03 08:15:00",
        "2022-10-30T02:00:00",  # the repeated hour: summer reading
        "2022-10-30T02:30:00",
        "2022-10-30T02:59:59.999999",
        "2021-10-31T02:15:00",
        "2022-03-27T02:30:00",  # the skipped hour moves forward
        "2022-01-03",
        "1969-10-26T02:30:00",  # before 1970: parse_ts reads it
        "",
        None,
        "i går",
        "2022-02-30",
    ],
)
def test_the_fast_reading_agrees_with_parse_ts(con, local_con, text):
    assert fast(local_con, text) == parse(con, text)


def test_the_fast_reading_agrees_with_parse_ts_at_every_seventh_minute(con, local_con):
    """Every 7th minute of 2020-2023 (every hour of the day, every weekday, both clock
    changes each year), without offset, with fractions of a second, and with offsets."""
    rows = con.execute(
        """
        SELECT strftime(t, '%Y-%m-%dT%H:%M:%S') FROM generate_series(
            TIMESTAMP '2020-01-01', TIMESTAMP '2023-12-31', INTERVAL 7 MINUTE) g(t)
        UNION ALL SELECT strftime(t, '%Y-%m-%d %H:%M:%S.%f') FROM generate_series(
            TIMESTAMP '2022-10-29 00:00:00.25', TIMESTAMP '2022-10-31', INTERVAL 61 SECOND) g(t)
        UNION ALL SELECT strftime(t, '%Y-%m-%dT%H:%M:%S') || o FROM generate_series(
            TIMESTAMP '2022-01-01', TIMESTAMP '2022-12-31', INTERVAL 13 MINUTE) g(t),
            (VALUES ('+01:00'), ('+02:00'), ('Z'), ('-05:30')) v(o)
        """
    ).fetchall()
    texts = [row[0] for row in rows]
    expected = con.execute("SELECT list_transform(?, lambda s: parse_ts(s))", [texts]).fetchone()[0]
    found = local_con.execute(
        "SELECT list_transform(?, lambda s: settle_ts(s, cast_ts(s)))", [texts]
    ).fetchone()[0]
    differing = [(t, e, f) for t, e, f in zip(texts, expected, found, strict=True) if e != f]
    assert len(texts) > 400_000
    assert differing == []
