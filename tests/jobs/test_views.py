"""The pages of background jobs: progress while queued and running, cancel, who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from fremdrift.indicators import runs
from fremdrift.indicators.engine import IndicatorParams
from fremdrift.jobs import actions
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db

DA = {"HTTP_ACCEPT_LANGUAGE": "da"}


def _queued_run(user: Any, input_files: dict[str, Any]) -> tuple[Any, Job]:
    return runs.enqueue_run(
        by=user,
        contacts=runs.InputFile("contacts", input_files["contacts"], "kontakter.csv"),
        fb_periods=runs.InputFile("fb_periods", input_files["fb_periods"], "fb.csv"),
        as_of=dt.datetime(2022, 3, 1, tzinfo=dt.UTC),
        params=IndicatorParams(),
    )


def test_a_queued_run_shows_its_place_in_line_and_a_cancel_button_to_its_owner(
    client, users, input_files, database_tasks
):
    _queued_run(users["admin"], input_files)
    run, job = _queued_run(users["analyst"], input_files)
    client.force_login(users["analyst"])
    page = client.get(run.get_absolute_url(), **DA).content.decode()
    assert "I kø" in page and "nummer 2 i køen" in page
    # on the run's page the job's progress polls through the run (which brings its status)
    assert f'hx-get="{reverse("indicators:run-progress", args=[run.pk])}"' in page
    assert "Annullér opgaven" in page


def test_the_progress_fragment_shows_step_percent_and_elapsed_time_while_running(
    client, users, input_files, database_tasks
):
    run, job = _queued_run(users["analyst"], input_files)
    actions.claim(job.pk, worker="w:1:x")
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(seconds=75))
    actions.report_progress(job.pk, "stays", 0.42)
    client.force_login(users["analyst"])
    html = client.get(reverse("jobs:progress", args=[job.pk]), **DA).content.decode()
    assert 'hx-trigger="fremdrift-poll"' in html and "data-poll" in html and 'value="42"' in html
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in html
    assert "samler kontakter til ophold" in html  # the engine's step in the user's words
    assert "1 min 15 s" in html
    assert "Annullér opgaven" in html  # an indicator run may stop mid-way


def test_a_finished_job_stops_polling_and_refreshes_the_page(
    client, users, input_files, database_tasks
):
    run, job = _queued_run(users["analyst"], input_files)
    actions.fail(job.pk, error="Stop.")
    client.force_login(users["analyst"])
    response = client.get(reverse("jobs:progress", args=[job.pk]), HTTP_HX_REQUEST="true", **DA)
    assert response["HX-Refresh"] == "true"
    html = response.content.decode()
    assert (
        "data-poll" not in html
        and "hx-get" not in html
        and "Stop." in html
        and 'role="alert"' in html
    )
    assert f'href="{run.get_absolute_url()}">Åbn kørslen' in html
    on_the_run_page = client.get(
        reverse("jobs:progress", args=[job.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{run.get_absolute_url()}",
    ).content.decode()
    assert run.get_absolute_url() not in on_the_run_page


def test_the_owner_cancels_a_queued_job_and_comes_back_to_the_page(
    client, users, input_files, database_tasks
):
    run, job = _queued_run(users["analyst"], input_files)
    client.force_login(users["analyst"])
    response = client.post(
        reverse("jobs:cancel", args=[job.pk]), {"next": run.get_absolute_url()}, **DA
    )
    assert response["Location"] == run.get_absolute_url()
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.state == "failed" and run.status == "failed"
    page = client.get(run.get_absolute_url(), **DA).content.decode()
    assert "Kørslen blev annulleret" in page


def test_another_analyst_sees_the_run_but_may_not_cancel_it(
    client, users, input_files, database_tasks, make_user
):
    from fremdrift.core.choices import Role

    run, job = _queued_run(users["analyst"], input_files)
    other = make_user("analytiker2", role=Role.INDICATOR_OFFICER)
    client.force_login(other)
    html = client.get(reverse("jobs:detail", args=[job.pk]), **DA).content.decode()
    assert "Annullér opgaven" not in html
    assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 403


def test_a_user_sees_only_their_own_jobs_and_those_on_what_they_may_see(
    client, users, input_files, database_tasks
):
    run, job = _queued_run(users["analyst"], input_files)
    client.force_login(users["reader"])
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    listing = client.get(reverse("jobs:list")).content.decode()
    assert f"/jobs/{job.pk}/" not in listing
    client.force_login(users["admin"])
    assert f"/jobs/{job.pk}/" in client.get(reverse("jobs:list")).content.decode()


def test_the_job_list_is_one_query_per_page_whatever_the_number_of_jobs(
    client, users, input_files, database_tasks, django_assert_max_num_queries
):
    for _n in range(5):
        _queued_run(users["analyst"], input_files)
    client.force_login(users["analyst"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("jobs:list")).status_code == 200


def test_a_finished_pack_downloads_with_its_danish_name(client, users):
    """The pack of a meeting of "Specialeråd voksne" keeps its name (RFC 5987 ``filename*``:
    a header of raw Latin-1 bytes made Chromium save it as "download")."""
    from fremdrift.jobs.choices import JobKind, JobState

    job = Job.objects.create(
        kind=JobKind.MEETING_PACK, title="Mødemateriale",
        task_path="fremdrift.governance.tasks.make_meeting_pack", state=JobState.DONE,
        created_by=users["admin"], created_by_name="admin", output=b"%PDF-1.4 pack",
        output_name="Specialeråd-voksne-2021-12-10-mødemateriale.pdf",
        output_media_type="application/pdf",
    )  # fmt: skip
    client.force_login(users["admin"])
    header = client.get(reverse("jobs:download", args=[job.pk]))["Content-Disposition"]
    assert header.isascii()
    assert "filename*=utf-8''Specialer%C3%A5d-voksne-2021-12-10-m%C3%B8demateriale.pdf" in header


def test_an_xlsx_download_keeps_its_danish_name():
    from fremdrift.core.xlsx import attachment, csv_response

    header = attachment(b"PK", "beslutninger-Specialeråd.xlsx")["Content-Disposition"]
    assert header.isascii() and "filename*=utf-8''beslutninger-Specialer%C3%A5d.xlsx" in header
    response, _writer = csv_response("søgning-ø.csv")
    assert "filename*=utf-8''s%C3%B8gning-%C3%B8.csv" in response["Content-Disposition"]
