"""A job's progress address answers htmx's poll with the progress box alone; the browser's
cache and htmx's history restore must not take that box for the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.jobs import actions
from tests.jobs.test_views import _queued_run

pytestmark = pytest.mark.django_db

DA = {"HTTP_ACCEPT_LANGUAGE": "da"}
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/jobs/", **DA}
RESTORE = {"HTTP_HX_HISTORY_RESTORE_REQUEST": "true", **HTMX}


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def test_the_progress_answer_says_it_differs_for_htmx_and_the_page_it_polls_from(
    client, users, input_files, database_tasks
):
    _run, job = _queued_run(users["analyst"], input_files)
    client.force_login(users["analyst"])
    for headers in (DA, HTMX):
        response = client.get(reverse("jobs:progress", args=[job.pk]), **headers)
        assert response.status_code == 200
        assert {"hx-request", "hx-history-restore-request", "hx-current-url"} <= _vary(response)


def test_the_progress_address_restored_from_history_is_the_whole_job_page(
    client, users, input_files, database_tasks
):
    _run, job = _queued_run(users["analyst"], input_files)
    actions.fail(job.pk, error="Stop.")
    client.force_login(users["analyst"])
    response = client.get(reverse("jobs:progress", args=[job.pk]), **RESTORE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<h1>" in html and "Stop." in html
    assert "HX-Refresh" not in response  # the page itself: nothing to reload
    assert "hx-request" in _vary(response)
