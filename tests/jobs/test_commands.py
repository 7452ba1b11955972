"""``fremdrift jobs``, ``fremdrift indicators publish`` and ``fremdrift worker`` options."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.indicators.models import IndicatorRun
from fremdrift.jobs import actions
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _publish(files: dict[str, Path], *extra: str) -> str:
    return _run(
        "indicators",
        "publish",
        "--contacts",
        str(files["contacts"]),
        "--fb-periods",
        str(files["fb_periods"]),
        "--as-of",
        "2022-03-01T00:00:00+01:00",
        *extra,
    )


def test_publish_prints_the_job_id_last_and_the_validated_run_is_published(
    input_files, settings, tmp_path
):
    out = _publish(input_files, "--note", "Natlig indlæsning")
    job = Job.objects.get()
    assert out.splitlines()[-1] == str(job.pk)
    run = IndicatorRun.objects.get()
    assert run.status == "published" and run.source == "command"
    assert run.note == "Natlig indlæsning"
    assert input_files["contacts"].exists()  # read where it lies


def test_publish_refuses_a_missing_file_in_one_line_and_queues_nothing(input_files):
    with pytest.raises(CommandError, match="mangler.csv"):
        _publish({**input_files, "contacts": Path("/nowhere/mangler.csv")})
    with pytest.raises(CommandError, match="--as-of"):
        _run(
            "indicators", "publish", "--contacts", str(input_files["contacts"]),
            "--fb-periods", str(input_files["fb_periods"]), "--as-of", "i går",
        )  # fmt: skip
    assert not Job.objects.exists()


def test_publish_refuses_windows_the_dashboard_has_no_indicator_for(input_files):
    """A 90-day window makes ``readmission_90d``, which no page, schema or filter knows: the
    nightly load refuses it as the web form does, and queues nothing."""
    with pytest.raises(CommandError, match="90"):
        _publish(input_files, "--param", "windows=somatik:30;psykiatri:7,30,90")
    assert not Job.objects.exists() and not IndicatorRun.objects.exists()


def test_publish_wait_ends_with_the_job_id_and_fails_when_the_run_fails(input_files):
    broken = input_files["contacts"].with_name("tom.csv")
    broken.write_text("contact_id\n1\n")
    out = StringIO()
    with pytest.raises(CommandError, match="tom.csv"):
        call_command(
            "indicators", "publish", "--contacts", str(broken),
            "--fb-periods", str(input_files["fb_periods"]),
            "--as-of", "2022-03-01T00:00", "--wait", stdout=out, stderr=StringIO(),
        )  # fmt: skip
    assert out.getvalue().splitlines()[-1] == str(Job.objects.get().pk)


def test_jobs_json_lists_every_task_with_the_keys_of_the_interface(input_files, database_tasks):
    _publish(input_files)
    job = Job.objects.get()
    actions.claim(job.pk, worker="w:1:x")
    actions.report_progress(job.pk, "stays", 0.5)
    rows = json.loads(_run("jobs", "--json"))
    assert len(rows) == 1
    row = rows[0]
    assert {"id", "kind", "state", "progress", "started", "finished", "error"} <= set(row)
    assert (row["id"], row["kind"], row["state"], row["progress"]) == (
        job.pk,
        "indicator_run",
        "running",
        0.5,
    )
    assert row["started"] and row["finished"] is None and row["error"] == ""
    text = _run("jobs")
    assert text.startswith(f"{job.pk}\tindicator_run\trunning\t50 %\t")


def test_worker_refuses_a_concurrency_below_one():
    with pytest.raises(CommandError, match="--concurrency"):
        call_command("worker", "--concurrency", "0")
