"""The daily purge: stale import uploads, indicator upload folders left behind, the files of
finished jobs and the backend's finished task rows, all older than
``FREMDRIFT_UPLOAD_RETENTION_DAYS``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django_tasks import task

from fremdrift.jobs import actions, backend
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import register
from fremdrift.jobs.runner import perform


@task()
def purge_stale_uploads(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def purge_job(job: Any, progress: Any) -> dict[str, Any]:
    from fremdrift.indicators import runs
    from fremdrift.interchange import webimport

    retention = dt.timedelta(days=settings.FREMDRIFT_UPLOAD_RETENTION_DAYS)
    return {
        "imports": webimport.purge_stale_uploads(older_than=retention),
        "indicator_folders": runs.purge_stale_upload_folders(older_than=retention),
        "job_files": actions.purge_outputs(older_than=retention),
        "task_results": backend.prune(older_than=retention),
        "workers": actions.forget_stopped_workers(older_than=retention),
    }


register(JobKind.PURGE_UPLOADS, purge_stale_uploads, purge_job, cancellable=False)
