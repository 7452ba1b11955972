"""Spec §2 and §3: contacts linked into stays, admissions, acute admissions."""

from __future__ import annotations

from .indicator_helpers import contact


def test_nested_contacts_are_merged_by_the_running_maximum_end(run_engine):
    # B is nested in A; C starts 3 h after A ends but two days after B ends: the running
    # maximum (A's end), not the previous contact's end, decides, so all three are one stay.
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-05T08:00:00Z"),
            contact(2, "p", "2022-03-02T08:00:00Z", "2022-03-03T08:00:00Z"),
            contact(3, "p", "2022-03-05T11:00:00Z", "2022-03-06T08:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1
    assert outcome.counter("contacts", "merged_into_stay") == 2
    assert outcome.validation["contacts"]["merged_into_stay"]["examples"] == ["2", "3"]
    assert outcome.validation["summary"]["stays"] == 1


def test_a_contact_starting_exactly_4_hours_after_the_stay_end_joins_the_stay(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T00:00:00Z", "2022-03-01T12:00:00Z"),
            contact(2, "p", "2022-03-01T16:00:00Z", "2022-03-02T06:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1


def test_a_contact_starting_4_hours_and_1_microsecond_later_starts_a_new_stay(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T00:00:00Z", "2022-03-01T12:00:00Z"),
            contact(2, "p", "2022-03-01T16:00:00.000001Z", "2022-03-02T06:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 2
    assert outcome.counter("contacts", "merged_into_stay") == 0


def test_the_link_gap_is_a_parameter(run_engine):
    rows = [
        contact(1, "p", "2022-03-01T00:00:00Z", "2022-03-01T12:00:00Z"),
        contact(2, "p", "2022-03-01T17:00:00Z", "2022-03-02T06:00:00Z"),
    ]
    assert run_engine(rows).count("acute_admissions", "2022-03") == 2
    assert run_engine(rows, link_gap_hours=5).count("acute_admissions", "2022-03") == 1


def test_a_stay_of_exactly_12_hours_is_an_admission_and_one_microsecond_less_is_not(run_engine):
    outcome = run_engine(
        [
            contact(1, "a", "2022-03-01T00:00:00Z", "2022-03-01T12:00:00Z"),
            contact(2, "b", "2022-03-01T00:00:00.000001Z", "2022-03-01T12:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1
    assert outcome.validation["summary"] == {"stays": 2, "admissions": 1, "ongoing_stays": 0}


def test_the_admission_threshold_is_a_parameter(run_engine):
    rows = [contact(1, "a", "2022-03-01T00:00:00Z", "2022-03-01T06:00:00Z")]
    assert run_engine(rows).count("acute_admissions", "2022-03") == 0
    assert run_engine(rows, admission_min_hours=6).count("acute_admissions", "2022-03") == 1


def test_a_stay_across_the_autumn_change_is_measured_in_absolute_time(run_engine):
    # 22:00 summer time to 09:00 winter time is 11 h on the wall clock but 12 h of real time.
    outcome = run_engine(
        [contact(1, "p", "2022-10-29T22:00:00+02:00", "2022-10-30T09:00:00+01:00")]
    )
    assert outcome.count("acute_admissions", "2022-10") == 1


def test_a_stay_across_the_spring_change_is_measured_in_absolute_time(run_engine):
    # 22:00 winter time to 10:30 summer time is 12.5 h on the wall clock but 11.5 h of real time.
    outcome = run_engine(
        [contact(1, "p", "2022-03-26T22:00:00+01:00", "2022-03-27T10:30:00+02:00")]
    )
    assert outcome.count("acute_admissions", "2022-03") == 0


def test_a_local_time_in_the_repeated_autumn_hour_is_read_as_summer_time(run_engine):
    # 02:30 summer time is 00:30 UTC; 14:00 winter time is 13:00 UTC: 12.5 h, an admission.
    # Read as winter time (01:30 UTC) it would be 11.5 h and not an admission.
    outcome = run_engine([contact(1, "p", "2022-10-30T02:30:00", "2022-10-30T14:00:00")])
    assert outcome.count("acute_admissions", "2022-10") == 1


def test_a_local_time_in_the_skipped_spring_hour_moves_forward(run_engine):
    # 02:30 does not exist on 27 March 2022; it is read as 03:30 summer time (01:30 UTC),
    # so a stay to 13:30 summer time (11:30 UTC) lasts 10 h, not 11 h or 12 h.
    rows = [contact(1, "p", "2022-03-27T02:30:00", "2022-03-27T13:30:00")]
    assert run_engine(rows, admission_min_hours=10).count("acute_admissions", "2022-03") == 1
    assert run_engine(rows, admission_min_hours=10.01).count("acute_admissions", "2022-03") == 0


def test_acute_admissions_are_dated_by_the_copenhagen_date_of_the_stay_start(run_engine):
    # 31 January 23:30 UTC is 1 February 00:30 in Copenhagen.
    outcome = run_engine([contact(1, "p", "2022-01-31T23:30:00Z", "2022-02-02T08:00:00Z")])
    assert outcome.count("acute_admissions", "2022-02") == 1
    assert outcome.count("acute_admissions", "2022-01") == 0
    assert outcome.count("acute_admissions", "2022-W05") == 1


def test_an_open_contact_makes_an_ongoing_stay_that_counts_once_it_has_lasted_12_hours(run_engine):
    as_of = "2022-06-01T12:00:00Z"
    outcome = run_engine(
        [
            contact(1, "long", "2022-05-31T20:00:00Z", None),  # 16 h at as_of
            contact(2, "short", "2022-06-01T02:00:00Z", None),  # 10 h at as_of
        ],
        as_of=as_of,
    )
    assert outcome.count("acute_admissions", "2022-06") == 0
    assert outcome.count("acute_admissions", "2022-05") == 1
    assert outcome.counter("contacts", "open_contacts") == 2
    assert outcome.validation["summary"]["ongoing_stays"] == 2


def test_an_open_contact_extends_its_stay_to_as_of(run_engine):
    # The closed contact ends 2 June; the open transfer started 1 June keeps the stay going,
    # so a contact on 3 June (within 4 h of as_of) still belongs to it.
    outcome = run_engine(
        [
            contact(1, "p", "2022-05-31T08:00:00Z", "2022-06-02T08:00:00Z"),
            contact(2, "p", "2022-06-01T08:00:00Z", None, priority="ATA3"),
            contact(3, "p", "2022-06-03T09:00:00Z", "2022-06-03T10:00:00Z"),
        ],
        as_of="2022-06-03T08:00:00Z",
    )
    assert outcome.validation["summary"]["stays"] == 1


def test_a_stay_is_acute_when_its_first_contact_is_acute(run_engine):
    rows = [
        contact(1, "planned", "2022-03-01T08:00:00Z", "2022-03-02T08:00:00Z", priority="ATA3"),
        contact(2, "planned", "2022-03-02T09:00:00Z", "2022-03-04T08:00:00Z", priority="ATA1"),
        contact(3, "acute", "2022-03-01T08:00:00Z", "2022-03-02T08:00:00Z", priority="ATA1"),
        contact(4, "acute", "2022-03-02T09:00:00Z", "2022-03-04T08:00:00Z", priority="ATA3"),
    ]
    assert run_engine(rows).count("acute_admissions", "2022-03") == 1
    any_contact = run_engine(rows, acute_rule="any_contact")
    assert any_contact.count("acute_admissions", "2022-03") == 2


def test_among_contacts_with_the_same_start_the_latest_end_is_the_first_contact(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-01T20:00:00Z", priority="ATA3"),
            contact(2, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z", priority="ATA1"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1


def test_ties_on_start_and_end_go_to_the_smallest_id_compared_as_numbers(run_engine):
    # 9 < 10 as numbers (as text "10" < "9"): contact 9 is first, and it is acute.
    outcome = run_engine(
        [
            contact(10, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z", priority="ATA3"),
            contact(9, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z", priority="ATA1"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 1


def test_ties_compare_ids_as_text_when_any_id_is_not_an_integer(run_engine):
    # "K10" < "K9" as text: K10 is first, and it is planned.
    outcome = run_engine(
        [
            contact("K10", "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z", priority="ATA3"),
            contact("K9", "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z", priority="ATA1"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 0


def test_the_municipality_at_admission_is_that_of_the_first_contact(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-02T08:00:00Z", municipality="730"),
            contact(2, "p", "2022-03-02T08:00:00Z", "2022-03-04T08:00:00Z", municipality="751"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03", "730") == 1
    assert outcome.count("acute_admissions", "2022-03", "751") == 0
    assert outcome.count("acute_admissions", "2022-03", "Randersklyngen") == 1


def test_stays_are_linked_per_sector_unless_linking_across_sectors(run_engine):
    rows = [
        contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-02T08:00:00Z", sector="somatik"),
        contact(2, "p", "2022-03-02T09:00:00Z", "2022-03-05T08:00:00Z", sector="psykiatri"),
    ]
    separate = run_engine(rows)
    assert separate.count("acute_admissions", "2022-03", sector="somatik") == 1
    assert separate.count("acute_admissions", "2022-03", sector="psykiatri") == 1
    linked = run_engine(rows, link_across_sectors=True)
    assert linked.count("acute_admissions", "2022-03", sector="somatik") == 1
    assert linked.count("acute_admissions", "2022-03", sector="psykiatri") == 0
    assert linked.counter("contacts", "merged_into_stay") == 1


def test_contacts_other_than_alca00_do_not_build_or_bridge_stays(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T00:00:00Z", "2022-03-01T12:00:00Z"),
            contact(2, "p", "2022-03-01T12:00:00Z", "2022-03-01T20:00:00Z", contact_type="ALCA10"),
            contact(3, "p", "2022-03-01T18:00:00Z", "2022-03-02T08:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-03") == 2
    assert outcome.counter("contacts", "not_alca00") == 1


def test_a_transfer_between_hospitals_is_never_a_readmission(run_engine):
    outcome = run_engine(
        [
            contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z"),
            contact(2, "p", "2022-03-03T10:00:00Z", "2022-03-06T08:00:00Z"),
        ]
    )
    assert outcome.rate("readmission_30d", "2022-03") == (0, 1, 0)


def test_of_contacts_with_the_same_start_and_end_the_smallest_id_is_first_not_merged(run_engine):
    # 9 and 10 start and end together: 9 (the smaller id) is the stay's first contact, so 10
    # and 11 are the contacts merged into it, whatever the order of the file.
    rows = [
        contact(10, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z"),
        contact(11, "p", "2022-03-02T08:00:00Z", "2022-03-02T09:00:00Z"),
        contact(9, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z"),
        # a second stay with twins after its start: both are merged
        contact(20, "p", "2022-04-01T08:00:00Z", "2022-04-03T08:00:00Z"),
        contact(22, "p", "2022-04-02T08:00:00Z", "2022-04-02T09:00:00Z"),
        contact(21, "p", "2022-04-02T08:00:00Z", "2022-04-02T09:00:00Z"),
    ]
    for order in (rows, rows[::-1]):
        outcome = run_engine(order)
        merged = outcome.validation["contacts"]["merged_into_stay"]
        assert merged["count"] == 4
        assert sorted(merged["examples"]) == ["10", "11", "21", "22"]
        assert outcome.validation["summary"]["stays"] == 2


def test_stays_are_dated_in_copenhagen_time_in_summer_and_before_1970_too(run_engine):
    # 30 June 22:30 UTC is 1 July 00:30 summer time; 31 December 1969 23:30 UTC is already
    # 1 January 1970 in Copenhagen (dates before 1970 are converted row by row).
    outcome = run_engine(
        [
            contact(1, "p", "2022-06-30T22:30:00Z", "2022-07-02T08:00:00Z"),
            contact(2, "q", "1969-12-31T23:30:00Z", "1970-01-02T08:00:00Z"),
            contact(3, "r", "2022-06-30T21:30:00Z", "2022-07-02T08:00:00Z"),
        ]
    )
    assert outcome.count("acute_admissions", "2022-07") == 1
    assert outcome.count("acute_admissions", "2022-06") == 1
    assert outcome.count("acute_admissions", "1970-01") == 1
    assert outcome.count("acute_admissions", "1969-12") == 0


def test_an_offset_with_seconds_is_read_as_an_offset(run_engine):
    # 23:30 at +01:00:00 is 22:30 UTC, 00:30 on 1 July in Copenhagen (as Python reads it);
    # read as local time it would stay in June.
    outcome = run_engine([contact(1, "p", "2022-06-30T23:30:00+01:00:00", "2022-07-02T08:00:00Z")])
    assert outcome.count("acute_admissions", "2022-07") == 1
    assert outcome.count("acute_admissions", "2022-06") == 0
