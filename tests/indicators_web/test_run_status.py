"""The status beside a run's title follows the run while the page is open: queued, then
running, then its outcome."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from fremdrift.indicators import actions
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span id="run-status"[^>]*>([^<]*)</span>')


def _queued_run_with_its_job():
    run = actions.create_run(
        by="t", as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC), params={}, files=[], queued=True
    )
    job = Job.objects.create(
        kind="indicator_run",
        task_path="fremdrift.indicators.tasks.compute_indicator_run",
        params={"run": run.pk},
        subject_type="indicators.indicatorrun",
        subject_id=str(run.pk),
    )
    return run, job


def _badge(html: str) -> str:
    found = BADGE.search(html)
    assert found, html
    return found.group(0)


def _poll(client, run, target="run-status"):
    """What the page asks for while the run works (htmx names the element it replaces)."""
    return client.get(
        reverse("indicators:run-progress", args=[run.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=target,
        HTTP_ACCEPT_LANGUAGE="da",
    )


def test_the_status_of_a_working_run_follows_it_until_it_ends(client, users):
    run, job = _queued_run_with_its_job()
    client.force_login(users["analyst"])
    page = client.get(reverse("indicators:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="da")
    html = page.content.decode()
    badge = _badge(html)
    assert ">I kø<" in badge
    # one poll for the page: the progress box asks, the status comes along with its answer
    assert "hx-get" not in badge
    box = re.search(r'<div id="job-progress"[^>]*>', html).group(0)
    assert f'hx-get="{reverse("indicators:run-progress", args=[run.pk])}"' in box
    assert "data-poll" in box and "every" not in box

    actions.start_run_work(run.pk)
    Job.objects.filter(pk=job.pk).update(state="running")
    actions.report_progress(run.pk, "stays", 0.9)
    response = _poll(client, run, target="job-progress")
    html = response.content.decode()
    badge = _badge(html)
    assert ">I gang<" in badge and 'hx-swap-oob="true"' in badge and "hx-get" not in badge
    assert 'id="job-progress"' in html and "I kø" not in html
    assert "HX-Refresh" not in response

    actions.fail_run(run.pk, by="t", error="stop")
    Job.objects.filter(pk=job.pk).update(state="failed")
    response = _poll(client, run, target="job-progress")
    assert response["HX-Refresh"] == "true"
    page = client.get(reverse("indicators:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="da")
    badge = _badge(page.content.decode())
    assert ">Afvist<" in badge and "hx-get" not in badge


def test_without_a_progress_box_the_status_polls_alone(client, users):
    run = actions.create_run(
        by="t", as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC), params={}, files=[], queued=True
    )
    client.force_login(users["analyst"])
    page = client.get(reverse("indicators:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="da")
    html = page.content.decode()
    badge = _badge(html)
    assert ">I kø<" in badge and "data-poll" in badge
    assert f'hx-get="{reverse("indicators:run-progress", args=[run.pk])}"' in badge
    assert 'id="run-progress"' not in html and 'id="job-progress"' not in html

    actions.start_run_work(run.pk)
    response = _poll(client, run)
    badge = _badge(response.content.decode())
    assert ">I gang<" in badge
    assert "HX-Refresh" not in response

    actions.fail_run(run.pk, by="t", error="stop")
    response = _poll(client, run)
    assert response["HX-Refresh"] == "true"
    assert ">Afvist<" in _badge(response.content.decode())


def test_a_finished_runs_status_does_not_poll(client, users, make_run):
    run = make_run([], publish=False)
    client.force_login(users["analyst"])
    page = client.get(reverse("indicators:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="da")
    badge = _badge(page.content.decode())
    assert ">Valideret<" in badge and "hx-get" not in badge


def test_the_progress_box_is_what_its_own_poll_gets_with_the_status_beside_it(client, users):
    run = actions.create_run(
        by="t", as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC), params={}, files=[]
    )
    actions.report_progress(run.pk, "stays", 0.42)
    client.force_login(users["analyst"])
    html = client.get(
        reverse("indicators:run-progress", args=[run.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="run-progress",
        HTTP_ACCEPT_LANGUAGE="da",
    ).content.decode()
    assert 'id="run-progress"' in html and 'value="42"' in html
    badge = _badge(html)  # swapped in place of the one beside the title, polling not itself
    assert ">I gang<" in badge and 'hx-swap-oob="true"' in badge and "hx-get" not in badge
