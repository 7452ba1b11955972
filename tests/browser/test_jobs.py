"""Background work in the browser: a run waits in line, a worker takes it while the page
polls, and the page shows the result by itself; a queued report is cancelled from its page.

The queue is real (the database backend); the worker loop runs in the test's process so that
it shares the in-memory test database with the live server."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from fremdrift.jobs.models import Job
from fremdrift.jobs.runner import Current
from tests.indicators_web.indicators_web_helpers import (
    CONTACT_COLUMNS,
    PERIOD_COLUMNS,
    contact_rows,
    write_csv,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def queue(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.FREMDRIFT_INDICATOR_UPLOADS = tmp_path / "uploads"


def work_off_the_queue() -> None:
    Current.worker = "browser-test:1:w"
    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id=Current.worker, excluded_queue_names=[],
    ).run()  # fmt: skip


def test_a_queued_run_shows_its_place_then_its_validation_report_when_a_worker_is_done(
    page, live_server, demo_data, login, queue, tmp_path
):
    contacts = write_csv(tmp_path / "kontakter-april.csv", CONTACT_COLUMNS, contact_rows())
    periods = write_csv(
        tmp_path / "fb-april.csv",
        PERIOD_COLUMNS,
        [[1, "p1", "2022-01-04T10:00:00+01:00", "2022-01-05T08:00:00+01:00", "somatik", "730"]],
    )
    login("analytiker")
    page.goto(f"{live_server.url}/indicators/runs/new/")
    page.locator("#id_contacts_file").set_input_files(str(contacts))
    page.locator("#id_fb_file").set_input_files(str(periods))
    page.locator("#id_as_of").fill("2022-03-01T00:00")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector("#job-progress")
    progress = page.locator("#job-progress").inner_text()
    assert "I kø" in progress and "nummer 1 i køen" in progress
    assert page.get_by_role("button", name="Annullér opgaven").is_visible()
    shot(page, "jobs-run-queued")
    work_off_the_queue()  # the page is still open and polling
    page.wait_for_selector("#validation-h", timeout=20_000)
    assert (
        "kontakter-april.csv"
        in page.locator("section[aria-labelledby=files-h] table").text_content()
    )
    assert page.locator("#job-progress").count() == 0


def test_the_coordinator_cancels_a_queued_report_from_its_page(
    page, live_server, demo_data, login, queue
):
    from fremdrift.reports.models import IssuedReport

    issued_before = IssuedReport.objects.count()  # the demo issues the deck of 24 Nov 2021
    login("koordinator")
    page.goto(f"{live_server.url}/reports/plans/vinterplan-2021/")
    page.locator("form[action$='/issue/'] button[type=submit]").first.click()
    page.wait_for_selector("#job-progress")
    assert "I kø" in page.locator("#job-progress").inner_text()
    page.get_by_role("button", name="Annullér opgaven").click()
    page.wait_for_selector("#job-progress.job-failed")
    assert "Annulleret af koordinator" in page.locator("#job-progress").inner_text()
    assert Job.objects.get(kind="report").state == "failed"
    work_off_the_queue()
    assert IssuedReport.objects.count() == issued_before
