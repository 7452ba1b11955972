"""Running one job inside its task: claim, wait for a place, work, report, end.

Every task function of Fremdrift is one line, ``return perform(job_id)``. Here the job is
claimed (so that a duplicate delivery does nothing), the kind's limit is honoured, the
handler gets a :class:`Progress` to report through, and whatever happens the job ends in a
known state:

- done, with the handler's result (and file);
- failed with the handler's :class:`~fremdrift.jobs.registry.UserError` message;
- failed with a safe summary and a log reference when anything else broke — the exception
  text, which may quote data values, goes to the worker's log only;
- queued again (or failed, where retrying is unsafe) when the worker is being stopped.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.jobs import actions, backend, registry
from fremdrift.jobs.models import Job

logger = logging.getLogger("fremdrift.jobs")


class Cancelled(BaseException):  # noqa: N818 - a signal, not an error
    """Raised from a progress report when a user cancelled the job.

    A ``BaseException`` so that a handler's ``except Exception`` does not swallow it."""


class JobFailed(Exception):  # noqa: N818 - the name the tasks backend records
    """What the tasks backend records for a failed job: the safe summary only."""


class Current:
    """The job this worker process is working on (read by its heartbeat thread)."""

    worker: str = "inline"
    job_pk: int | None = None


class Progress:
    """Handed to a handler: ``progress(step, fraction)`` moves the bar and renews the lease;
    it raises :class:`Cancelled` when the user cancelled a job that may stop mid-way."""

    def __init__(self, job: Job, job_type: registry.JobType) -> None:
        self.job_pk = job.pk
        self.cancel_running = job_type.cancel_running

    def __call__(self, step: str, fraction: float) -> None:
        if actions.report_progress(self.job_pk, step, fraction) and self.cancel_running:
            raise Cancelled


def perform(job_id: int) -> dict[str, Any]:
    """Do the job ``job_id`` (called by its task in the worker)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return {"skipped": "no such job"}
    job_type = registry.job_type(job.kind)
    limit = job_type.limit if backend.supports_waiting(job_type.task) else None
    outcome, job = actions.claim(job_id, worker=Current.worker, limit=limit)
    if outcome == actions.SKIP:
        return {"skipped": job.state if job else "missing"}
    if outcome == actions.WAIT:
        actions.wait_for_turn(job)
        return {"waiting": True}
    Current.job_pk = job.pk
    try:
        with audit.channel(job.channel):
            outcome_value = job_type.handler(job, Progress(job, job_type))
    except Cancelled:
        job.refresh_from_db()
        reason = actions.cancelled_reason(job)
        _end_failed(job, reason)
        raise JobFailed(reason) from None
    except registry.UserError as exc:
        _end_failed(job, str(exc))
        raise JobFailed(str(exc)) from None
    except Exception as exc:
        ref = secrets.token_hex(4)
        logger.exception("Job %s (%s) failed, log reference %s", job.pk, job.kind, ref)
        summary = _(
            "The task stopped with an unexpected error (%(error)s). The worker's log has the "
            "details under reference %(ref)s."
        ) % {"error": type(exc).__name__, "ref": ref}
        _end_failed(job, summary, ref)
        raise JobFailed(summary) from None
    except BaseException:
        # The worker is being stopped (second Ctrl+C, SystemExit): hand the job back.
        job.refresh_from_db()
        actions.release(job, reason=_("The worker was stopped while the task was running."))
        raise
    else:
        if isinstance(outcome_value, actions.JobOutput):
            actions.finish(job.pk, result=outcome_value.result, output=outcome_value)
            return dict(outcome_value.result or {})
        actions.finish(job.pk, result=outcome_value or {})
        return dict(outcome_value or {})
    finally:
        Current.job_pk = None


def _end_failed(job: Job, reason: str, ref: str = "") -> None:
    if actions.fail(job.pk, error=reason, error_ref=ref):
        actions.run_failure_hook(job, reason)
