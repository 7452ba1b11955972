"""The daily jobs: reminders at the configured time and the purge, once a day whoever asks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from fremdrift.jobs import schedule
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def test_reminders_are_due_from_the_configured_time_and_the_purge_from_its_own(settings):
    settings.FREMDRIFT_REMINDER_TIME = "07:00"
    settings.FREMDRIFT_PURGE_TIME = "03:00"
    assert schedule.due(dt.datetime(2022, 3, 1, 2, 59, tzinfo=CPH)) == []
    kinds = [k for k, _key, _title in schedule.due(dt.datetime(2022, 3, 1, 6, 59, tzinfo=CPH))]
    assert kinds == ["purge_uploads"]
    keys = [key for _k, key, _t in schedule.due(dt.datetime(2022, 3, 1, 7, 0, tzinfo=CPH))]
    assert keys == ["reminders:2022-03-01", "purge:2022-03-01"]
    settings.FREMDRIFT_REMINDER_TIME = ""
    assert [k for k, *_ in schedule.due(dt.datetime(2022, 3, 1, 9, 0, tzinfo=CPH))] == [
        "purge_uploads"
    ]


def test_each_daily_job_runs_once_a_day_however_many_workers_ask(settings):
    settings.FREMDRIFT_REMINDER_TIME = "07:00"
    at = dt.datetime(2022, 3, 1, 8, 0, tzinfo=CPH)
    made = schedule.enqueue_due(at)
    assert sorted(j.kind for j in made) == ["purge_uploads", "reminders"]
    assert schedule.enqueue_due(at) == []
    assert schedule.enqueue_due(at + dt.timedelta(hours=3)) == []
    assert len(schedule.enqueue_due(at + dt.timedelta(days=1))) == 2
    reminders = Job.objects.filter(kind="reminders").order_by("pk").first()
    assert reminders.state == "done" and reminders.result == {"sent": 0}
    assert reminders.created_by is None and reminders.created_by_name == "schedule"
