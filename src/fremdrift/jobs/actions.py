"""The only writer of jobs and workers.

Enqueueing records a :class:`Job` and hands its id to the task through Django's tasks API.
The worker claims the job when the task starts (:func:`claim`), reports progress and renews
the job's lease (:func:`report_progress`, :func:`beat`), and ends it (:func:`finish`,
:func:`fail`). :func:`recover` finds jobs whose worker died: it queues them again where
retrying is safe, or fails them with the reason. Users may cancel (:func:`request_cancel`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.jobs import backend, conf, registry
from fremdrift.jobs.choices import FINISHED, JobState
from fremdrift.jobs.models import Job, JobLock, WorkerProcess

logger = logging.getLogger(__name__)


class AlreadyQueued(Exception):
    """The object already has a job of that kind that has not finished."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"job {job.pk} is not finished")
        self.job = job


@dataclass(frozen=True)
class JobOutput:
    """What a handler returns when its work is a file to download (a meeting pack)."""

    name: str
    media_type: str
    data: bytes
    result: Mapping[str, Any] | None = None


def _who(by: Any) -> tuple[Any, str]:
    if getattr(by, "is_authenticated", False):
        return by, by.get_username()
    return None, str(by or "")[:150]


def subject_of(obj: Any) -> tuple[str, str]:
    """How a job names the object it concerns (as the audit trail does)."""
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


# --------------------------------------------------------------------------- enqueueing


def enqueue(
    kind: str,
    *,
    by: Any,
    params: Mapping[str, Any] | None = None,
    title: str = "",
    subject: Any = None,
    plan: Any = None,
    schedule_key: str | None = None,
) -> Job:
    """Record a job and enqueue its task. Raises :class:`AlreadyQueued` when ``subject``
    already has an unfinished job of this kind.

    With the immediate backend (tests) the task has run when this returns; with the
    database backend a worker picks it up.
    """
    job_type = registry.job_type(kind)
    user, name = _who(by)
    subject_type, subject_id = subject_of(subject)
    if subject is not None:
        pending = (
            Job.objects.filter(kind=kind, subject_type=subject_type, subject_id=subject_id)
            .exclude(state__in=FINISHED)
            .first()
        )
        if pending is not None:
            raise AlreadyQueued(pending)
    job = Job.objects.create(
        kind=kind,
        title=title[:300],
        task_path=job_type.task.module_path,
        params=dict(params or {}),
        subject_type=subject_type,
        subject_id=subject_id,
        plan=plan,
        channel=audit.current_channel(),
        created_by=user,
        created_by_name=name,
        schedule_key=schedule_key,
    )
    _send(job, job_type.task)
    job.refresh_from_db()
    return job


def enqueue_scheduled(kind: str, schedule_key: str, *, title: str = "") -> Job | None:
    """Enqueue a periodic job once for its slot; None when another worker already did."""
    if Job.objects.filter(schedule_key=schedule_key).exists():
        return None
    try:
        with transaction.atomic():
            return enqueue(kind, by="schedule", title=title, schedule_key=schedule_key)
    except IntegrityError:
        return None


def _send(job: Job, task: Any, *, run_after: dt.datetime | None = None) -> None:
    """Hand the job to the tasks backend; remember the backend task's id."""
    if run_after is not None:
        task = task.using(run_after=run_after)
    try:
        result = task.enqueue(job.pk)
    except Exception:
        logger.exception("Job %s could not be enqueued", job.pk)
        fail(job.pk, error=_("The task could not be queued. Try again later."))
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


# --------------------------------------------------------------------------- running


CLAIMED, WAIT, SKIP = "claimed", "wait", "skip"


def claim(job_pk: int, *, worker: str, limit: int | None = None) -> tuple[str, Job | None]:
    """Start a queued job in ``worker``: ``(CLAIMED, job)``; ``(WAIT, job)`` when ``limit``
    jobs of the kind already run or wait before it; ``(SKIP, job)`` when it is not queued
    (cancelled, finished, or a duplicate delivery of its task)."""
    job = Job.objects.filter(pk=job_pk).first()
    if job is None:
        return SKIP, None
    if limit is not None:
        JobLock.objects.get_or_create(name=job.kind)
    now = timezone.now()
    with transaction.atomic():
        if limit is not None:
            # Take the kind's lock before reading anything (serialises the count).
            JobLock.objects.filter(name=job.kind).update(touched_at=now)
        job = Job.objects.select_for_update().get(pk=job_pk)
        if job.state != JobState.QUEUED:
            return SKIP, job
        if job.cancel_requested_at is not None:
            return SKIP, job
        if limit is not None:
            running = Job.objects.filter(kind=job.kind, state=JobState.RUNNING).count()
            if running + waiting_before(job) >= limit:
                return WAIT, job
        job.state = JobState.RUNNING
        job.started_at = now
        job.finished_at = None
        job.heartbeat_at = now
        job.worker = worker[:120]
        job.attempts += 1
        job.progress, job.step = 0.0, ""
        job.save(
            update_fields=[
                "state",
                "started_at",
                "finished_at",
                "heartbeat_at",
                "worker",
                "attempts",
                "progress",
                "step",
            ]
        )
    return CLAIMED, job


def waiting_before(job: Job) -> int:
    """How many queued jobs of the same kind were queued before this one."""
    return (
        Job.objects.filter(kind=job.kind, state=JobState.QUEUED)
        .filter(Q(created_at__lt=job.created_at) | Q(created_at=job.created_at, pk__lt=job.pk))
        .count()
    )


def place_in_line(job: Job) -> int | None:
    """1 for the next job of its kind to start, 2 for the one after … (queued jobs only)."""
    if job.state != JobState.QUEUED:
        return None
    return waiting_before(job) + 1


def wait_for_turn(job: Job) -> None:
    """The job may not start yet: ask again a little later, keeping its place in line."""
    job_type = registry.job_type(job.kind)
    later = timezone.now() + dt.timedelta(seconds=conf.wait_seconds())
    _send(job, job_type.task, run_after=later)


def report_progress(job_pk: int, step: str, fraction: float) -> bool:
    """Move the job's progress and renew its lease. True when a cancel was requested."""
    now = timezone.now()
    Job.objects.filter(pk=job_pk, state=JobState.RUNNING).update(
        step=step[:40], progress=max(0.0, min(1.0, float(fraction))), heartbeat_at=now
    )
    return Job.objects.filter(pk=job_pk, cancel_requested_at__isnull=False).exists()


def finish(job_pk: int, *, result: Mapping[str, Any] | None = None, output: Any = None) -> None:
    """The job's work is done."""
    values: dict[str, Any] = {
        "state": JobState.DONE,
        "finished_at": timezone.now(),
        "progress": 1.0,
        "result": dict(result or {}),
    }
    if output is not None:
        values.update(output=output.data, output_name=output.name[:200])
        values["output_media_type"] = output.media_type
    Job.objects.filter(pk=job_pk).exclude(state__in=FINISHED).update(**values)


def fail(job_pk: int, *, error: str, error_ref: str = "") -> bool:
    """The job ends failed with a safe summary. False when it had already ended."""
    return bool(
        Job.objects.filter(pk=job_pk)
        .exclude(state__in=FINISHED)
        .update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error=error,
            error_ref=error_ref[:16],
        )
    )


def run_failure_hook(job: Job, reason: str) -> None:
    """Let the job's kind clean up after a failure (e.g. mark the indicator run failed)."""
    hook = registry.job_type(job.kind).on_failure
    if hook is None:
        return
    try:
        with audit.channel(job.channel):
            hook(job, reason)
    except Exception:  # noqa: BLE001 - the job is failed already; the log tells the rest
        logger.exception("Cleaning up after job %s failed", job.pk)


# --------------------------------------------------------------------------- cancelling


@transaction.atomic
def request_cancel(job: Job, *, by: Any) -> Job:
    """Cancel a queued job at once; ask a running one to stop at its next progress report."""
    current = Job.objects.select_for_update().get(pk=job.pk)
    if current.is_finished or current.cancel_requested_at is not None:
        return current
    user, name = _who(by)
    current.cancel_requested_at = timezone.now()
    current.cancel_requested_by = name
    current.save(update_fields=["cancel_requested_at", "cancel_requested_by"])
    audit.record(by, AuditAction.UPDATED, current, after={"cancel_requested": True}, note="cancel")
    if current.state == JobState.QUEUED:
        reason = cancelled_reason(current)
        fail(current.pk, error=reason)
        current.refresh_from_db()
        run_failure_hook(current, reason)
    return current


def cancelled_reason(job: Job) -> str:
    return _("Cancelled by %(name)s.") % {"name": job.cancel_requested_by or _("a user")}


# --------------------------------------------------------------------------- workers


def worker_name() -> str:
    """A name unique across machines: host, process id and a random tail."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{get_random_string(6)}"


def machine_id() -> str:
    """This machine: its host name and the id of its current boot (Linux)."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            boot = handle.read().strip()
    except OSError:
        boot = ""
    return f"{socket.gethostname()[:100]}/{boot}"


def process_alive(pid: int) -> bool:
    """Is the process running (not gone, not a zombie)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def register_worker(name: str) -> WorkerProcess:
    host, pid, _tail = name.split(":")
    return WorkerProcess.objects.create(name=name, host=host, pid=int(pid), machine=machine_id())


def dead_here() -> set[str]:
    """Names of workers of this machine whose process has died without stopping."""
    return {
        worker.name
        for worker in WorkerProcess.objects.filter(stopped_at__isnull=True, machine=machine_id())
        if worker.pid != os.getpid() and not process_alive(worker.pid)
    }


def stop_worker(name: str) -> None:
    WorkerProcess.objects.filter(name=name).update(stopped_at=timezone.now())


def beat(name: str, job_pk: int | None) -> None:
    """The worker is alive, and so is its current job."""
    now = timezone.now()
    WorkerProcess.objects.filter(name=name).update(last_seen=now)
    if job_pk is not None:
        Job.objects.filter(pk=job_pk, state=JobState.RUNNING, worker=name).update(heartbeat_at=now)


# --------------------------------------------------------------------------- recovery


def lost_reason(job: Job) -> str:
    return _("The worker stopped while the task was running (attempt %(attempt)s of %(max)s).") % {
        "attempt": job.attempts,
        "max": registry.job_type(job.kind).max_attempts,
    }


def recover(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue again (or fail) the running jobs whose lease ran out, or whose worker on this
    machine has died (no need to wait for the lease), and enqueue queued jobs that never
    reached the backend. Safe to call from every worker at once."""
    now = now or timezone.now()
    cutoff = now - conf.lease()
    recovered = []
    dead = dead_here()
    stale = Job.objects.filter(state=JobState.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True) | Q(worker__in=dead)
    )
    for job in stale:
        expired = None if job.worker in dead else cutoff
        outcome = release(job, reason=lost_reason(job), expired_before=expired)
        if outcome is not None:
            recovered.append(outcome)
    if dead:
        WorkerProcess.objects.filter(name__in=dead).update(stopped_at=now)
    orphans = Job.objects.filter(state=JobState.QUEUED, task_id="", created_at__lt=cutoff)
    for job in orphans:
        if job.kind in registry.TYPES:
            _send(job, registry.job_type(job.kind).task)
            recovered.append(job)
    WorkerProcess.objects.filter(stopped_at__isnull=True, last_seen__lt=cutoff).update(
        stopped_at=now
    )
    return recovered


def release(job: Job, *, reason: str, expired_before: dt.datetime | None = None) -> Job | None:
    """A running job lost its worker: queue it again where that is safe, else fail it.

    With ``expired_before`` only a job whose lease ran out before then is taken (another
    worker may have been quicker, or the job may have come back to life)."""
    job_type = registry.TYPES.get(job.kind)
    retry = (
        job_type is not None
        and job_type.retry_safe
        and job.attempts < job_type.max_attempts
        and job.cancel_requested_at is None
    )
    claim_filter = Q(pk=job.pk, state=JobState.RUNNING, worker=job.worker)
    if expired_before is not None:
        claim_filter &= Q(heartbeat_at__lt=expired_before) | Q(heartbeat_at__isnull=True)
    now = timezone.now()
    if retry:
        taken = Job.objects.filter(claim_filter).update(
            state=JobState.QUEUED, worker="", heartbeat_at=None, progress=0.0, step=""
        )
    else:
        error = cancelled_reason(job) if job.cancel_requested_at else reason
        taken = Job.objects.filter(claim_filter).update(
            state=JobState.FAILED, finished_at=now, error=error
        )
    if not taken:
        return None
    logger.warning("Job %s (%s) lost its worker %s: %s", job.pk, job.kind, job.worker, reason)
    backend.abandon(job.task_id, reason)
    job.refresh_from_db()
    if retry:
        if job_type.on_requeue is not None:
            try:
                job_type.on_requeue(job)
            except Exception:  # noqa: BLE001
                logger.exception("Preparing job %s for another attempt", job.pk)
        _send(job, job_type.task)
        job.refresh_from_db()
    elif job_type is not None:
        run_failure_hook(job, job.error)
    return job


# --------------------------------------------------------------------------- housekeeping


def purge_outputs(*, older_than: dt.timedelta) -> int:
    """Remove the files of finished jobs older than ``older_than`` (the record stays)."""
    cutoff = timezone.now() - older_than
    return Job.objects.filter(finished_at__lt=cutoff, output__isnull=False).update(
        output=None, output_name="", output_media_type=""
    )


def forget_stopped_workers(*, older_than: dt.timedelta) -> int:
    """Remove the records of workers that stopped longer ago than ``older_than``."""
    cutoff = timezone.now() - older_than
    deleted, _per_model = WorkerProcess.objects.filter(stopped_at__lt=cutoff).delete()
    return deleted
