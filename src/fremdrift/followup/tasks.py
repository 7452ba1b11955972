"""The daily reminder e-mails as a periodic background job (``send-reminders`` stays for
cron; both are idempotent, so running both does no harm)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from fremdrift.followup import actions
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import register
from fremdrift.jobs.runner import perform


@task()
def send_reminders(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def reminders_job(job: Any, progress: Any) -> dict[str, Any]:
    sent = actions.send_due_reminders(by="worker")
    return {"sent": len(sent)}


register(JobKind.REMINDERS, send_reminders, reminders_job, cancellable=False)
