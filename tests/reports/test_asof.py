"""Snapshots of a plan as it was: built from history, never from today's rows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fremdrift.portfolio import actions
from fremdrift.reports.asof import plan_snapshot

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=CPH)


@pytest.fixture
def history(units):
    plan = actions.create_plan(by="t", slug="p", title="Plan", at=at("2021-10-01"))
    staff = actions.create_area(plan, by="t", title="Personale", at=at("2021-10-01"))
    kommuner = actions.create_area(plan, by="t", title="Kommuner", at=at("2021-10-01"))
    one = actions.create_initiative(
        plan,
        by="t",
        title="Flere SPV'er",
        areas=[staff, kommuner],
        units={"lead": [units["hr"]]},
        phase="afdækning",
        at=at("2021-10-02"),
    )
    actions.record_status(
        one,
        by="t",
        seen_version=None,
        text="Oplæg behandles.",
        at=at("2021-11-24"),
        status_date=dt.date(2021, 11, 24),
    )
    actions.record_status(
        one,
        by="t",
        seen_version=None,
        text="Oplæg behandles. HR-forum godkendte.",
        phase="implementering",
        at=at("2022-02-08"),
        status_date=dt.date(2022, 2, 8),
    )
    actions.unlink_from_area(one, kommuner, by="t", at=at("2022-01-05"))
    later = actions.create_initiative(
        plan, by="t", title="Ny indsats", areas=[staff], at=at("2022-01-10")
    )
    actions.edit_initiative(
        one,
        by="t",
        seen_version=None,
        changes={"title": "Uddanne flere SPV'er"},
        units={"lead": [units["hr"]], "local": [units["hospital"]]},
        at=at("2022-02-01"),
    )
    return plan, one, later


def test_the_snapshot_shows_the_status_phase_and_title_as_they_were(history):
    plan, one, _later = history
    before = plan_snapshot(plan, at("2021-12-01"))
    now = plan_snapshot(plan, at("2022-03-01"))
    assert before.initiatives[one.pk].status == "Oplæg behandles."
    assert before.initiatives[one.pk].phase == "afdækning"
    assert before.initiatives[one.pk].title == "Flere SPV'er"
    assert before.initiatives[one.pk].local_units == ()
    assert now.initiatives[one.pk].status.endswith("HR-forum godkendte.")
    assert now.initiatives[one.pk].phase == "implementering"
    assert now.initiatives[one.pk].title == "Uddanne flere SPV'er"
    assert now.initiatives[one.pk].local_units == ("Regionshospitalet Randers",)
    assert now.initiatives[one.pk].lead == "Koncern HR"


def test_area_memberships_follow_the_history(history):
    plan, one, later = history
    before = plan_snapshot(plan, at("2021-12-01"))
    now = plan_snapshot(plan, at("2022-03-01"))
    assert [a.initiative_ids for a in before.areas] == [(one.pk,), (one.pk,)]
    assert [a.initiative_ids for a in now.areas] == [(one.pk, later.pk), ()]
    assert later.pk not in before.initiatives


def test_a_snapshot_can_be_limited_to_some_areas(history):
    plan, _one, _later = history
    snapshot = plan_snapshot(plan, at("2022-03-01"), areas=["kommuner"])
    assert [a.slug for a in snapshot.areas] == ["kommuner"]


def test_building_a_snapshot_takes_a_fixed_number_of_queries(history, units):
    plan, _one, _later = history
    with CaptureQueriesContext(connection) as few:
        plan_snapshot(plan)
    area = plan.areas.first()
    for n in range(20):
        actions.create_initiative(
            plan, by="t", title=f"Indsats {n}", areas=[area], units={"local": [units["department"]]}
        )
    with CaptureQueriesContext(connection) as many:
        plan_snapshot(plan)
    assert len(many.captured_queries) == len(few.captured_queries) <= 5


def test_a_back_dated_status_never_hides_a_later_change(history):
    plan, one, _later = history
    actions.record_status(
        one,
        by="t",
        seen_version=None,
        text="Gammel status fundet i en mail.",
        at=at("2021-11-01"),
        status_date=dt.date(2021, 11, 1),
    )
    now = plan_snapshot(plan, at("2022-03-01"))
    assert now.initiatives[one.pk].title == "Uddanne flere SPV'er"
    assert now.initiatives[one.pk].status.endswith("HR-forum godkendte.")
    one.refresh_from_db()
    assert one.status_text.endswith("HR-forum godkendte.")
