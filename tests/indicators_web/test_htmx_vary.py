"""A run's progress address answers htmx's poll with the progress box alone; the browser's
cache and htmx's history restore must not take that box for the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.indicators import actions

pytestmark = pytest.mark.django_db

DA = {"HTTP_ACCEPT_LANGUAGE": "da"}
HTMX = {"HTTP_HX_REQUEST": "true", **DA}
RESTORE = {"HTTP_HX_HISTORY_RESTORE_REQUEST": "true", **HTMX}


def _running_run():
    run = actions.create_run(
        by="t", as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC), params={}, files=[]
    )
    actions.report_progress(run.pk, "stays", 0.42)
    return run


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def test_the_progress_answer_says_it_differs_for_htmx_and_its_target(client, users):
    run = _running_run()
    client.force_login(users["analyst"])
    url = reverse("indicators:run-progress", args=[run.pk])
    for headers in (DA, HTMX, {"HTTP_HX_TARGET": "run-status", **HTMX}):
        response = client.get(url, **headers)
        assert response.status_code == 200
        assert {"hx-request", "hx-history-restore-request", "hx-target"} <= _vary(response)


def test_the_progress_address_restored_from_history_is_the_whole_run_page(client, users):
    run = _running_run()
    client.force_login(users["analyst"])
    response = client.get(reverse("indicators:run-progress", args=[run.pk]), **RESTORE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<h1" in html and 'id="run-progress"' in html
    assert 'hx-swap-oob="true"' not in html  # the page, not the poll's answer
    assert "hx-request" in _vary(response)


def test_an_ended_run_restored_from_history_is_the_page_without_a_refresh(client, users):
    run = _running_run()
    actions.fail_run(run.pk, by="t", error="stop")
    client.force_login(users["analyst"])
    response = client.get(reverse("indicators:run-progress", args=[run.pk]), **RESTORE)
    assert "<html" in response.content.decode()
    assert "HX-Refresh" not in response
