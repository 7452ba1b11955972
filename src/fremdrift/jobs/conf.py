"""The timing settings of background jobs, read once where they are needed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def lease() -> dt.timedelta:
    """How long a running job stays "running" without a sign of life from its worker."""
    return dt.timedelta(seconds=max(2, int(settings.FREMDRIFT_TASK_LEASE_SECONDS)))


def heartbeat_seconds() -> float:
    """How often a worker renews its lease and looks for abandoned jobs (a sixth of it)."""
    return max(0.5, lease().total_seconds() / 6)


def wait_seconds() -> float:
    """How long a job that must wait for a free place (indicator runs) waits before it asks
    again."""
    return max(0.5, float(settings.FREMDRIFT_TASK_WAIT_SECONDS))
