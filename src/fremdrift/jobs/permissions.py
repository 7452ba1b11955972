"""Who may see and cancel which background jobs — one function each, for the access policy.

- administrators see every job;
- everyone sees the jobs they started;
- analysts (who may start indicator runs) see every indicator run's job, as they see every
  run;
- users who may read a plan see the jobs that issue its reports;
- jobs of the schedule (reminders, purges) are for administrators only, as are other
  users' meeting packs and imports (they hold what *that* user may see).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from fremdrift.core import access
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """The jobs ``user`` may see (one SQL filter)."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    acc = access.access_for(user)
    if acc.admin:
        return Job.objects.all()
    rule = Q(created_by=user)
    if acc.all_plans_coordinate or acc.coordinate_plan_ids:  # indicators.permissions.may_run
        rule |= Q(kind=JobKind.INDICATOR_RUN)
    rule |= Q(kind=JobKind.REPORT, plan__in=access.visible_plans(user).values("pk"))
    return Job.objects.filter(rule)


def may_cancel(user: Any, job: Job) -> bool:
    """Those who started a job (and administrators) may cancel it, where its kind allows."""
    from fremdrift.jobs import registry

    job_type = registry.TYPES.get(job.kind)
    if job_type is None or not job_type.cancellable or job.is_finished:
        return False
    if job.state == "running" and not job_type.cancel_running:
        return False
    return access.is_administrator(user) or (
        job.created_by_id is not None and job.created_by_id == getattr(user, "pk", None)
    )


def job_for_view(user: Any, pk: int) -> Job:
    """The job, or 404 when the user may not see it."""
    return get_object_or_404(jobs_visible_to(user), pk=pk)


def nav_allowed(user: Any) -> bool:
    return access.access_for(user).is_anyone
