"""The queue with its real worker loop (in this process): waiting, limits, recovery, errors."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fremdrift.indicators import runs
from fremdrift.indicators.choices import RunStatus
from fremdrift.indicators.engine import IndicatorParams
from fremdrift.indicators.models import IndicatorRun
from fremdrift.jobs import actions, conf
from fremdrift.jobs.choices import JobState
from fremdrift.jobs.models import Job, WorkerProcess
from fremdrift.jobs.runner import perform

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = dt.datetime(2022, 3, 1, tzinfo=dt.UTC)


def _enqueue(user: Any, files: dict[str, Path], *, upload: bool = False) -> tuple[Any, Job]:
    folder = runs.upload_folder() if upload else None
    contacts = runs.InputFile("contacts", files["contacts"], "kontakter.csv")
    if folder is not None:
        copy = folder / "contacts" / "kontakter.csv"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(files["contacts"].read_bytes())
        contacts = runs.InputFile("contacts", copy, "kontakter.csv")
    return runs.enqueue_run(
        by=user,
        contacts=contacts,
        fb_periods=runs.InputFile("fb_periods", files["fb_periods"], "fb.csv"),
        as_of=AS_OF,
        params=IndicatorParams(),
        cleanup=folder,
    )


def _fresh(job: Job) -> Job:
    return Job.objects.get(pk=job.pk)


def _take(job: Job, worker: str = "elsewhere:4242:abc") -> Job:
    """Let another (imaginary) worker start the job."""
    outcome, taken = actions.claim(job.pk, worker=worker)
    assert outcome == actions.CLAIMED
    return taken


def test_a_queued_run_waits_for_a_worker_and_the_worker_completes_it(
    users, input_files, database_tasks, process_queue
):
    run, job = _enqueue(users["analyst"], input_files)
    assert (run.status, job.state) == (RunStatus.QUEUED, JobState.QUEUED)
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    process_queue()
    job, run = _fresh(job), IndicatorRun.objects.get(pk=run.pk)
    assert (job.state, job.attempts, job.progress) == (JobState.DONE, 1, 1.0)
    assert run.status == RunStatus.VALIDATED and run.rows_written > 0
    assert job.started_at is not None and job.finished_at >= job.started_at


def test_one_indicator_run_works_at_a_time_and_the_others_keep_their_place_in_line(
    users, input_files, process_queue, settings
):
    settings.FREMDRIFT_INDICATOR_RUNS_AT_ONCE = 1
    settings.FREMDRIFT_TASK_WAIT_SECONDS = 0.5
    first = _enqueue(users["analyst"], input_files)[1]
    second = _enqueue(users["analyst"], input_files)[1]
    third = _enqueue(users["analyst"], input_files)[1]
    _take(first)  # works elsewhere
    process_queue()
    assert [_fresh(j).state for j in (first, second, third)] == ["running", "queued", "queued"]
    assert [actions.place_in_line(_fresh(j)) for j in (second, third)] == [1, 2]
    actions.finish(first.pk)
    for _attempt in range(20):
        if all(_fresh(j).is_finished for j in (second, third)):
            break
        time.sleep(0.6)
        process_queue()
    first, second, third = (_fresh(j) for j in (first, second, third))
    assert [second.state, third.state] == ["done", "done"]
    assert second.started_at >= first.finished_at
    assert third.started_at >= second.finished_at


def test_two_runs_may_work_at_once_when_the_setting_allows_it(
    users, input_files, process_queue, settings
):
    settings.FREMDRIFT_INDICATOR_RUNS_AT_ONCE = 2
    first = _enqueue(users["analyst"], input_files)[1]
    second = _enqueue(users["analyst"], input_files)[1]
    _take(first)
    process_queue()
    assert _fresh(second).state == JobState.DONE


def test_a_running_job_whose_lease_ran_out_is_run_again_and_its_backend_task_failed(
    users, input_files, process_queue
):
    run, job = _enqueue(users["analyst"], input_files)
    old_task = job.task_id
    _take(job)
    DBTaskResult.objects.filter(id=old_task).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - conf.lease() - dt.timedelta(seconds=1)
    )
    assert [j.pk for j in actions.recover()] == [job.pk]
    job = _fresh(job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert IndicatorRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"
    assert job.task_id != old_task
    process_queue()
    job = _fresh(job)
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert IndicatorRun.objects.get(pk=run.pk).status == RunStatus.VALIDATED


def test_a_job_alive_within_its_lease_is_left_alone(users, input_files, database_tasks):
    job = _enqueue(users["analyst"], input_files)[1]
    _take(job)
    assert actions.recover() == []
    assert _fresh(job).state == JobState.RUNNING


def test_a_run_that_has_used_its_attempts_fails_with_the_reason_and_its_uploads_go(
    users, input_files, database_tasks
):
    run, job = _enqueue(users["analyst"], input_files, upload=True)
    folder = Path(job.params["cleanup"])
    assert folder.is_dir()
    Job.objects.filter(pk=job.pk).update(attempts=1)
    _take(job)  # the second and last attempt
    Job.objects.filter(pk=job.pk).update(heartbeat_at=None)
    actions.recover()
    job, run = _fresh(job), IndicatorRun.objects.get(pk=run.pk)
    assert job.state == JobState.FAILED
    assert job.error == run.error
    assert "attempt 2 of 2" in job.error or "forsøg 2 af 2" in job.error
    assert run.status == RunStatus.FAILED
    assert not folder.exists()


def test_a_dead_worker_on_this_machine_is_recovered_without_waiting_for_the_lease(
    users, input_files, database_tasks
):
    gone = subprocess.Popen(["true"])
    gone.wait()
    name = f"here:{gone.pid}:dead"
    WorkerProcess.objects.create(name=name, host="here", pid=gone.pid, machine=actions.machine_id())
    job = _enqueue(users["analyst"], input_files)[1]
    _take(job, worker=name)  # its heartbeat is fresh
    assert [j.pk for j in actions.recover()] == [job.pk]
    assert _fresh(job).state == JobState.QUEUED
    assert WorkerProcess.objects.get(name=name).stopped_at is not None


def test_an_unexpected_error_is_stored_as_a_safe_summary_and_logged_in_full(
    users, input_files, process_queue, monkeypatch, caplog
):
    def broken_engine(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Conversion failed for patient_id 'P-0012345' in row 17")

    monkeypatch.setattr(runs, "run_engine", broken_engine)
    run, job = _enqueue(users["analyst"], input_files)
    with caplog.at_level(logging.ERROR, logger="fremdrift.jobs"):
        process_queue()
    job, run = _fresh(job), IndicatorRun.objects.get(pk=run.pk)
    assert job.state == JobState.FAILED and run.status == RunStatus.FAILED
    backend_row = DBTaskResult.objects.get(id=job.task_id)
    for stored in (job.error, run.error, backend_row.traceback):
        assert "P-0012345" not in stored
    assert "RuntimeError" in job.error and job.error_ref in job.error
    assert run.error == job.error
    logged = caplog.text
    assert "P-0012345" in logged and job.error_ref in logged


def test_a_refused_input_keeps_its_message_naming_the_file(users, input_files, process_queue):
    broken = input_files["contacts"].with_name("uden_kolonner.csv")
    broken.write_text("contact_id,patient_id\n1,p1\n")
    run, job = _enqueue(users["analyst"], {**input_files, "contacts": broken})
    process_queue()
    job = _fresh(job)
    assert job.state == JobState.FAILED
    assert "kontakter.csv" in job.error and job.error_ref == ""


def test_a_duplicate_delivery_of_a_task_does_nothing(users, input_files, process_queue):
    run, job = _enqueue(users["analyst"], input_files)
    process_queue()
    assert perform(job.pk) == {"skipped": "done"}
    assert _fresh(job).attempts == 1


def test_cancelling_a_queued_run_fails_it_and_its_run_at_once(users, input_files, process_queue):
    run, job = _enqueue(users["analyst"], input_files)
    actions.request_cancel(job, by=users["analyst"])
    job = _fresh(job)
    assert job.state == JobState.FAILED and "analytiker" in job.error
    assert IndicatorRun.objects.get(pk=run.pk).status == RunStatus.FAILED
    process_queue()  # its task finds nothing to do
    assert _fresh(job).attempts == 0


def test_cancelling_a_running_run_stops_it_at_its_next_step(
    users, input_files, process_queue, monkeypatch
):
    def engine_cancelled_midway(*args: Any, progress: Any, **kwargs: Any) -> None:
        job = Job.objects.get()
        actions.request_cancel(job, by=users["analyst"])
        progress("stays", 0.5)
        raise AssertionError("the run should have stopped")

    monkeypatch.setattr(runs, "run_engine", engine_cancelled_midway)
    run, job = _enqueue(users["analyst"], input_files)
    process_queue()
    job, run = _fresh(job), IndicatorRun.objects.get(pk=run.pk)
    assert job.state == JobState.FAILED and "analytiker" in job.error
    assert run.status == RunStatus.FAILED and run.values.count() == 0
