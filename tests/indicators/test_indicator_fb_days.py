"""Spec §5 and §9.12: færdigbehandlingsdage."""

from __future__ import annotations

from .indicator_helpers import contact, period

# One long somatic stay for patient "p" so that the periods lie inside a stay.
STAY = [contact(1, "p", "2020-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]


def test_a_period_across_a_month_boundary_is_split_into_both_months(run_engine):
    outcome = run_engine(
        STAY, [period(1, "p", "2022-01-30T10:00:00+01:00", "2022-02-02T09:00:00+01:00")]
    )
    # 30 and 31 January (day 1 and 2), 1 February (day 3); 2 February is the end date.
    assert outcome.count("fb_days", "2022-01") == 2
    assert outcome.count("fb_days", "2022-02") == 1
    assert outcome.count("fb_days_1_2", "2022-01") == 2
    assert outcome.count("fb_days_3plus", "2022-01") == 0
    assert outcome.count("fb_days_3plus", "2022-02") == 1
    assert outcome.count("fb_days_1_2", "2022-02") == 0


def test_days_across_the_new_year_fall_in_iso_week_2020_w53_and_2021_w01(run_engine):
    outcome = run_engine(
        STAY, [period(1, "p", "2020-12-30T12:00:00+01:00", "2021-01-05T08:00:00+01:00")]
    )
    # 30 Dec – 3 Jan are in 2020-W53, 4 Jan is in 2021-W01.
    assert outcome.count("fb_days", "2020-W53") == 5
    assert outcome.count("fb_days", "2021-W01") == 1
    assert outcome.count("fb_days_1_2", "2020-W53") == 2
    assert outcome.count("fb_days_3plus", "2020-W53") == 3
    assert outcome.count("fb_days_3plus", "2021-W01") == 1
    assert outcome.count("fb_days", "2020-12") == 2
    assert outcome.count("fb_days", "2021-01") == 4


def test_a_period_that_starts_and_ends_on_the_same_date_covers_no_day(run_engine):
    outcome = run_engine(
        STAY, [period(1, "p", "2022-03-01T08:00:00+01:00", "2022-03-01T23:00:00+01:00")]
    )
    assert outcome.rows("fb_days").empty


def test_calendar_days_are_copenhagen_dates(run_engine):
    # 31 March 22:30 UTC is 1 April 00:30 summer time; 2 April 22:30 UTC is 3 April.
    outcome = run_engine(STAY, [period(1, "p", "2022-03-31T22:30:00Z", "2022-04-02T22:30:00Z")])
    assert outcome.count("fb_days", "2022-03") == 0
    assert outcome.count("fb_days", "2022-04") == 2


def test_an_open_period_runs_up_to_and_including_the_date_of_as_of(run_engine):
    outcome = run_engine(
        STAY,
        [period(1, "p", "2022-05-30T10:00:00+02:00", None)],
        as_of="2022-06-01T12:00:00+02:00",
    )
    assert outcome.count("fb_days", "2022-05") == 2
    assert outcome.count("fb_days", "2022-06") == 1
    assert outcome.counter("fb_periods", "open_periods") == 1


def test_a_period_starting_after_as_of_covers_no_day(run_engine):
    outcome = run_engine(
        STAY,
        [period(1, "p", "2022-06-02T10:00:00+02:00", None)],
        as_of="2022-06-01T12:00:00+02:00",
    )
    assert outcome.rows("fb_days").empty


def test_overlapping_periods_count_each_day_once_at_the_latest_starting_period(run_engine):
    outcome = run_engine(
        STAY,
        [
            period(
                1, "p", "2022-01-10T10:00:00+01:00", "2022-01-15T10:00:00+01:00", "somatik", "751"
            ),
            period(
                2, "p", "2022-01-12T10:00:00+01:00", "2022-01-20T10:00:00+01:00", "somatik", "730"
            ),
        ],
    )
    assert outcome.count("fb_days", "2022-01") == 10  # 10–19 January
    assert outcome.count("fb_days", "2022-01", "751") == 2  # 10 and 11 January
    assert outcome.count("fb_days", "2022-01", "730") == 8
    # the tier is the day's position in the period that owns it
    assert outcome.count("fb_days_1_2", "2022-01", "751") == 2
    assert outcome.count("fb_days_1_2", "2022-01", "730") == 2
    assert outcome.count("fb_days_3plus", "2022-01", "730") == 6
    assert outcome.count("fb_days_1_2", "2022-01") == 4
    assert outcome.count("fb_days_3plus", "2022-01") == 6


def test_periods_starting_at_the_same_time_go_to_the_largest_period_id(run_engine):
    outcome = run_engine(
        STAY,
        [
            period(
                10, "p", "2022-01-10T10:00:00+01:00", "2022-01-12T10:00:00+01:00", "somatik", "730"
            ),
            period(
                9, "p", "2022-01-10T10:00:00+01:00", "2022-01-12T10:00:00+01:00", "somatik", "751"
            ),
        ],
    )
    assert outcome.count("fb_days", "2022-01", "730") == 2
    assert outcome.count("fb_days", "2022-01", "751") == 0


def test_days_are_counted_per_patient_and_sector(run_engine):
    stays = [
        *STAY,
        contact(2, "q", "2020-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        contact(3, "p", "2020-01-01T00:00:00Z", "2024-01-01T00:00:00Z", sector="psykiatri"),
    ]
    outcome = run_engine(
        stays,
        [
            period(1, "p", "2022-01-10T10:00:00+01:00", "2022-01-12T10:00:00+01:00"),
            period(2, "q", "2022-01-10T10:00:00+01:00", "2022-01-12T10:00:00+01:00"),
            period(3, "p", "2022-01-10T10:00:00+01:00", "2022-01-12T10:00:00+01:00", "psykiatri"),
        ],
    )
    assert outcome.count("fb_days", "2022-01") == 4
    assert outcome.count("fb_days", "2022-01", sector="psykiatri") == 2


def test_a_period_outside_every_stay_is_counted_and_still_used(run_engine):
    outcome = run_engine(
        [contact(1, "p", "2022-01-01T00:00:00Z", "2022-01-05T00:00:00Z")],
        [
            period(1, "p", "2022-01-03T10:00:00+01:00", "2022-01-05T01:00:00+01:00"),
            period(2, "p", "2022-02-03T10:00:00+01:00", "2022-02-05T10:00:00+01:00"),
            period(3, "p", "2022-01-03T10:00:00+01:00", "2022-01-04T10:00:00+01:00", "psykiatri"),
            period(4, "nobody", "2022-01-03T10:00:00+01:00", "2022-01-04T10:00:00+01:00"),
        ],
    )
    assert outcome.counter("fb_periods", "outside_every_stay") == 3
    assert outcome.validation["fb_periods"]["outside_every_stay"]["examples"] == ["2", "3", "4"]
    assert outcome.count("fb_days", "2022-02") == 2
