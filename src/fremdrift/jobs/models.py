"""Background jobs: one row per piece of long work, the workers that run them, and a lock.

The task queue itself belongs to the tasks backend (``django-tasks-db``: one row per
enqueued task). A :class:`Job` is Fremdrift's own record of the work a user or the schedule
asked for: its kind, state, progress, safe error summary, lease and result. A job may pass
through several backend tasks (a deferred indicator run, a retry after a worker died);
``task_id`` names the current one. ``jobs.actions`` is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.core.choices import Channel
from fremdrift.jobs.choices import FINISHED, JobKind, JobState


class Job(models.Model):
    """A piece of long work run by ``fremdrift worker``, with its state and progress."""

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    # The module path of the task function and the id of its current backend task.
    task_path = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # What the task needs: ids, options and file locations — never data values.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # What it concerns: "indicators.indicatorrun" / "42" (as the audit trail names objects).
    subject_type = models.CharField(_("object type"), max_length=100, blank=True)
    subject_id = models.CharField(_("object id"), max_length=64, blank=True)
    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.SYSTEM
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_name = models.CharField(_("started by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)
    step = models.CharField(_("step"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The lease: a running job's worker renews it; a job whose lease ran out is recovered.
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    cancel_requested_at = models.DateTimeField(_("cancel requested"), null=True, blank=True)
    cancel_requested_by = models.CharField(_("cancelled by"), max_length=150, blank=True)
    # A safe summary (never raw exception text, which may quote data values); the details
    # are in the worker's log under ``error_ref``.
    error = models.TextField(_("error"), blank=True)
    error_ref = models.CharField(_("log reference"), max_length=16, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    output = models.BinaryField(_("file"), null=True, blank=True)
    output_name = models.CharField(_("file name"), max_length=200, blank=True)
    output_media_type = models.CharField(_("media type of the result"), max_length=120, blank=True)
    # Periodic jobs ("reminders:2022-03-01") are enqueued once per slot, by whichever
    # worker gets there first.
    schedule_key = models.CharField(
        _("schedule slot"), max_length=80, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        indexes = [
            models.Index(fields=["state", "kind", "created_at"], name="job_state_kind"),
            models.Index(fields=["subject_type", "subject_id"], name="job_subject"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress)) * 100)

    @property
    def elapsed_seconds(self) -> int | None:
        """Seconds since the work started (until it finished), or since it was queued."""
        start = self.started_at or self.created_at
        end = self.finished_at or timezone.now()
        return max(0, int((end - start).total_seconds())) if start else None


class WorkerProcess(models.Model):
    """A running ``fremdrift worker`` process, seen through its heartbeat."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    host = models.CharField(_("host"), max_length=100)
    # Host name and boot id: a worker recognises the dead workers of its own machine.
    machine = models.CharField(_("machine"), max_length=140, blank=True)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.name


class JobLock(models.Model):
    """One row per kind: claiming a job of a limited kind updates it first, so that on
    PostgreSQL (row lock) and SQLite (write lock) two workers never count at once."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    touched_at = models.DateTimeField(_("touched"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("job lock")
        verbose_name_plural = _("job locks")

    def __str__(self) -> str:
        return self.name
