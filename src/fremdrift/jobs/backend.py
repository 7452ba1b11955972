"""The one place that knows the tasks backend beyond Django's tasks API.

Everything else enqueues through ``Task.enqueue`` / ``Task.using(...)``. Two things the API
does not offer: telling whether the configured backend runs tasks at once (the immediate
backend of the tests), marking a backend task failed whose worker was killed (the
database backend would otherwise show it "RUNNING" for ever), and pruning old finished
backend tasks (Fremdrift's own record of the work is the job). Moving to Django 6's
``django.tasks`` changes the imports below, nothing else.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

logger = logging.getLogger(__name__)

WORKER_LOST = "fremdrift.jobs.errors.WorkerLost"


def supports_waiting(task: Any) -> bool:
    """Can the task's backend run a task later (``run_after``)? The immediate backend
    cannot: it runs every task inside ``enqueue``, so there is nothing to wait for."""
    return bool(task.get_backend().supports_defer)


def abandon(task_id: str, reason: str) -> None:
    """Mark a database-backend task failed whose worker stopped without saying so."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: nothing of ours to correct
        return
    try:
        DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=WORKER_LOST,
            traceback=reason,
        )
    except (ValidationError, ValueError):  # not an id of the database backend
        logger.debug("Task id %s is not a database task", task_id)


def prune(*, older_than: dt.timedelta) -> int:
    """Delete the database backend's finished tasks older than ``older_than``."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return 0
    cutoff = timezone.now() - older_than
    deleted, _per_model = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff
    ).delete()
    return deleted
