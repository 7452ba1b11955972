"""Periodic jobs: the daily reminders and the daily purge of stale uploads.

Every worker asks :func:`enqueue_due` every few seconds; a job is enqueued once per day and
kind (its ``schedule_key`` is unique), by whichever worker asks first. A worker that starts
after the configured time catches up the same day. Both jobs are idempotent, and
``fremdrift send-reminders`` stays for those who prefer cron.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.jobs import actions
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.models import Job


def parse_time(value: str | None) -> dt.time | None:
    """``"07:00"`` → 07:00; empty → None (switched off)."""
    if not value:
        return None
    hours, _sep, minutes = value.strip().partition(":")
    return dt.time(int(hours), int(minutes or 0))


def due(now: dt.datetime | None = None) -> list[tuple[str, str, str]]:
    """The periodic jobs due now: ``(kind, schedule_key, title)``."""
    local = timezone.localtime(now or timezone.now())
    today = local.date().isoformat()
    found = []
    reminders_at = parse_time(settings.FREMDRIFT_REMINDER_TIME)
    if reminders_at is not None and local.time() >= reminders_at:
        found.append((JobKind.REMINDERS, f"reminders:{today}", _("Daily reminder e-mails")))
    purge_at = parse_time(settings.FREMDRIFT_PURGE_TIME)
    if purge_at is not None and local.time() >= purge_at:
        found.append((JobKind.PURGE_UPLOADS, f"purge:{today}", _("Daily purge of stale uploads")))
    return found


def enqueue_due(now: dt.datetime | None = None) -> list[Job]:
    """Enqueue what is due and not yet enqueued today."""
    made = []
    for kind, key, title in due(now):
        job = actions.enqueue_scheduled(kind, key, title=title)
        if job is not None:
            made.append(job)
    return made
