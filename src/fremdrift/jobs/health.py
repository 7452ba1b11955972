"""The detailed health of background work, for ``/healthz?detail`` (administrators only).

The public ``/healthz`` stays a plain ``ok``. Monitoring reads this form with an
administrator's API token: queue length, failed tasks, age of the oldest queued task,
workers alive (docs/operations.md says what to alert on).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from fremdrift.core import access
from fremdrift.jobs import conf
from fremdrift.jobs.choices import JobState
from fremdrift.jobs.models import Job, WorkerProcess


def queue_health(now: dt.datetime | None = None) -> dict[str, Any]:
    """Counts and ages of the queue, as numbers a monitoring system can compare."""
    now = now or timezone.now()
    cutoff = now - conf.lease()
    oldest = (
        Job.objects.filter(state=JobState.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return {
        "queued": Job.objects.filter(state=JobState.QUEUED).count(),
        "running": Job.objects.filter(state=JobState.RUNNING).count(),
        "running_without_sign_of_life": Job.objects.filter(
            state=JobState.RUNNING, heartbeat_at__lt=cutoff
        ).count(),
        "failed_last_24h": Job.objects.filter(
            state=JobState.FAILED, finished_at__gte=now - dt.timedelta(hours=24)
        ).count(),
        "oldest_queued_age_seconds": int((now - oldest).total_seconds()) if oldest else None,
        "workers_alive": WorkerProcess.objects.filter(
            stopped_at__isnull=True, last_seen__gte=cutoff
        ).count(),
    }


def _requesting_user(request: HttpRequest) -> Any:
    """The logged-in user, or the owner of the API token the request presents."""
    if getattr(request.user, "is_authenticated", False):
        return request.user
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        return Request(request, authenticators=authenticators).user
    except APIException:
        return None


def detailed_health(request: HttpRequest) -> dict[str, Any] | None:
    """The detailed form when an administrator asks for it (``?detail``), else None."""
    if "detail" not in request.GET:
        return None
    user = _requesting_user(request)
    if user is None or not access.is_administrator(user):
        return None
    return {"status": "ok", "database": "ok", "tasks": queue_health()}
