"""Spec §4 and §9.7: readmissions within 7 and 30 days."""

from __future__ import annotations

import math

from .indicator_helpers import contact

AS_OF = "2023-01-01T00:00:00Z"


def stay(cid, start, end, priority="ATA1", pid="p", **kwargs):
    return contact(cid, pid, start, end, priority=priority, **kwargs)


def test_an_acute_admission_exactly_30_days_after_discharge_is_a_readmission(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-04-02T10:00:00Z", "2022-04-03T10:00:00Z"),  # 30 × 24 h later
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (1, 1, 0)


def test_an_acute_admission_30_days_and_1_microsecond_after_discharge_is_not(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-04-02T10:00:00.000001Z", "2022-04-03T10:00:00Z"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (0, 1, 0)
    assert outcome.cell("readmission_30d", "2022-03")["value"] == 0.0


def test_the_window_is_counted_in_absolute_hours_across_a_clock_change(run_engine):
    # Discharge 10:00 winter time on 20 March; 30 × 24 h later is 11:00 summer time on 19 April.
    rows = [stay(1, "2022-03-18T10:00:00+01:00", "2022-03-20T10:00:00+01:00")]
    inside = run_engine([*rows, stay(2, "2022-04-19T11:00:00+02:00", "2022-04-20T12:00:00Z")])
    outside = run_engine([*rows, stay(2, "2022-04-19T11:00:01+02:00", "2022-04-20T12:00:00Z")])
    assert inside.rate("readmission_30d", "2022-03")[0] == 1
    assert outside.rate("readmission_30d", "2022-03")[0] == 0


def test_several_readmissions_after_one_index_count_once(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-08T10:00:00Z", "2022-03-09T10:00:00Z"),
            stay(3, "2022-03-15T10:00:00Z", "2022-03-16T10:00:00Z"),
        ],
        as_of=AS_OF,
    )
    # indexes 1, 2, 3 (a readmission may itself be an index); 1 and 2 are followed.
    assert outcome.rate("readmission_30d", "2022-03") == (2, 3, 0)
    assert math.isclose(outcome.cell("readmission_30d", "2022-03")["value"], 2 / 3)


def test_a_planned_admission_in_between_does_not_stop_a_later_acute_one_counting(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-06T10:00:00Z", "2022-03-07T10:00:00Z", priority="ATA3"),
            stay(3, "2022-03-15T10:00:00Z", "2022-03-16T10:00:00Z"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (2, 3, 0)


def test_a_planned_admission_is_not_a_readmission(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-06T10:00:00Z", "2022-03-07T10:00:00Z", priority="ATA3"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (0, 2, 0)


def test_a_short_acute_stay_is_not_a_readmission(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-06T10:00:00Z", "2022-03-06T21:59:59Z"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (0, 1, 0)


def test_a_readmission_must_be_of_the_same_patient_and_sector(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-06T10:00:00Z", "2022-03-08T10:00:00Z", pid="other"),
            stay(3, "2022-03-06T10:00:00Z", "2022-03-08T10:00:00Z", sector="psykiatri"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03") == (0, 2, 0)
    assert outcome.rate("readmission_30d", "2022-03", sector="psykiatri") == (0, 1, 0)


def test_a_stay_ending_in_death_is_no_index_but_still_an_acute_admission(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-02T10:00:00Z"),
            stay(2, "2022-03-02T10:00:00Z", "2022-03-03T10:00:00Z", discharge=" DØD "),
            stay(3, "2022-03-06T10:00:00Z", "2022-03-07T10:00:00Z", pid="q", discharge="Død"),
        ],
        as_of=AS_OF,
    )
    assert outcome.count("acute_admissions", "2022-03") == 2
    assert outcome.rows("readmission_30d").empty


def test_a_readmission_may_end_in_death_or_be_ongoing(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
            stay(2, "2022-03-10T10:00:00Z", "2022-03-12T10:00:00Z", discharge="død"),
            stay(3, "2022-05-01T10:00:00Z", "2022-05-03T10:00:00Z", pid="q"),
            stay(4, "2022-05-10T10:00:00Z", None, pid="q"),
        ],
        as_of="2022-06-20T00:00:00Z",
    )
    assert outcome.rate("readmission_30d", "2022-03") == (1, 1, 0)
    assert outcome.rate("readmission_30d", "2022-05") == (1, 1, 0)


def test_an_ongoing_stay_is_not_an_index(run_engine):
    outcome = run_engine([stay(1, "2022-03-01T10:00:00Z", None)], as_of=AS_OF)
    assert outcome.rows("readmission_30d").empty
    assert outcome.count("acute_admissions", "2022-03") == 1


def test_an_index_that_cannot_yet_be_judged_is_provisional(run_engine):
    # as_of − 30 days = 2 December 00:00 UTC; an index ending later is provisional.
    outcome = run_engine(
        [
            stay(1, "2022-11-28T00:00:00Z", "2022-12-02T00:00:00Z", pid="judged"),
            stay(2, "2022-11-28T00:00:00Z", "2022-12-02T00:00:00.000001Z", pid="later"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-12") == (0, 1, 1)
    assert outcome.rate("readmission_30d", "2022-W48") == (0, 1, 1)


def test_a_cell_with_only_provisional_indexes_is_written_with_an_empty_value(run_engine):
    outcome = run_engine([stay(1, "2022-12-20T00:00:00Z", "2022-12-22T00:00:00Z")], as_of=AS_OF)
    cell = outcome.cell("readmission_30d", "2022-12")
    assert (cell["numerator"], cell["denominator"], cell["provisional"]) == (0, 0, 1)
    assert cell["value"] is None or math.isnan(cell["value"])


def test_psychiatry_has_7_and_30_day_readmissions_and_somatics_only_30(run_engine):
    rows = [
        stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z", sector="psykiatri"),
        stay(2, "2022-03-20T10:00:00Z", "2022-03-25T10:00:00Z", sector="psykiatri"),
        stay(3, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z", pid="s"),
        stay(4, "2022-03-05T10:00:00Z", "2022-03-06T10:00:00Z", pid="s"),
    ]
    outcome = run_engine(rows, as_of=AS_OF)
    assert outcome.rate("readmission_7d", "2022-03", sector="psykiatri") == (0, 2, 0)
    assert outcome.rate("readmission_30d", "2022-03", sector="psykiatri") == (1, 2, 0)
    assert outcome.rate("readmission_30d", "2022-03") == (1, 2, 0)
    assert outcome.rows("readmission_7d", "somatik").empty


def test_the_7_day_window_may_be_judged_while_the_30_day_window_is_provisional(run_engine):
    outcome = run_engine(
        [stay(1, "2022-12-25T00:00:00Z", "2022-12-27T00:00:00Z", sector="psykiatri")],
        as_of="2023-01-05T00:00:00Z",
    )
    assert outcome.rate("readmission_7d", "2022-12", sector="psykiatri") == (0, 1, 0)
    assert outcome.rate("readmission_30d", "2022-12", sector="psykiatri") == (0, 0, 1)


def test_windows_are_a_parameter(run_engine):
    rows = [
        stay(1, "2022-03-01T10:00:00Z", "2022-03-03T10:00:00Z"),
        stay(2, "2022-03-10T10:00:01Z", "2022-03-12T10:00:00Z"),
    ]
    outcome = run_engine(rows, as_of=AS_OF, windows={"somatik": (7, 14), "psykiatri": ()})
    assert outcome.rate("readmission_7d", "2022-03") == (0, 2, 0)
    assert outcome.rate("readmission_14d", "2022-03") == (1, 2, 0)
    assert outcome.rows("readmission_30d").empty


def test_readmissions_are_dated_by_index_end_at_the_discharge_municipality(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-30T10:00:00Z", "2022-04-01T10:00:00Z", municipality="751"),
            stay(2, "2022-03-31T10:00:00Z", "2022-04-02T10:00:00Z", municipality="730"),
            stay(3, "2022-04-10T10:00:00Z", "2022-04-12T10:00:00Z", municipality="615"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-04", "730") == (1, 1, 0)
    assert outcome.rate("readmission_30d", "2022-04", "Randersklyngen") == (1, 1, 0)
    assert outcome.rate("readmission_30d", "2022-04", "751") == (0, 0, 0)
    assert outcome.rate("readmission_30d", "2022-03") == (0, 0, 0)


def test_the_discharge_contact_breaks_ties_by_latest_start_then_largest_id(run_engine):
    outcome = run_engine(
        [
            stay(1, "2022-03-01T10:00:00Z", "2022-03-05T10:00:00Z", municipality="751"),
            stay(2, "2022-03-02T10:00:00Z", "2022-03-05T10:00:00Z", municipality="730"),
            stay(3, "2022-03-01T10:00:00Z", "2022-03-05T10:00:00Z", pid="q", municipality="751"),
            stay(4, "2022-03-01T10:00:00Z", "2022-03-05T10:00:00Z", pid="q", municipality="615"),
        ],
        as_of=AS_OF,
    )
    assert outcome.rate("readmission_30d", "2022-03", "730") == (0, 1, 0)
    assert outcome.rate("readmission_30d", "2022-03", "615") == (0, 1, 0)
    assert outcome.rate("readmission_30d", "2022-03", "751") == (0, 0, 0)


def test_index_exclusion_prefixes_remove_stays_from_the_indexes(run_engine):
    rows = [
        stay(1, "2022-03-01T10:00:00Z", "2022-03-02T10:00:00Z", diagnosis="DJ189"),
        stay(2, "2022-03-02T10:00:00Z", "2022-03-03T10:00:00Z", diagnosis="DZ038"),
        stay(3, "2022-03-10T10:00:00Z", "2022-03-12T10:00:00Z"),
    ]
    assert run_engine(rows, as_of=AS_OF).rate("readmission_30d", "2022-03") == (1, 2, 0)
    excluded = run_engine(rows, as_of=AS_OF, index_exclusion_prefixes=("dz",))
    assert excluded.rate("readmission_30d", "2022-03") == (0, 1, 0)


def test_readmission_exclusion_prefixes_remove_stays_from_the_readmissions(run_engine):
    rows = [
        stay(1, "2022-03-01T10:00:00Z", "2022-03-02T10:00:00Z"),
        stay(2, "2022-03-10T10:00:00Z", "2022-03-12T10:00:00Z", diagnosis="DS720"),
    ]
    excluded = run_engine(rows, as_of=AS_OF, readmission_exclusion_prefixes=("DS7",))
    assert excluded.rate("readmission_30d", "2022-03") == (0, 2, 0)
