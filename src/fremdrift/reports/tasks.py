"""Issuing a status report in the background: render the file, record it as issued.

The report's time is the moment the user asked for it (kept in the job), so the issued
report shows the plan exactly as it was then, however long the queue was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import UserError, register
from fremdrift.jobs.runner import perform
from fremdrift.portfolio.models import Plan
from fremdrift.reports import service


@task()
def issue_report(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def encode_options(options: dict[str, Any]) -> dict[str, Any]:
    """The report page's options as JSON (a date becomes ISO text)."""
    encoded = dict(options)
    if isinstance(encoded.get("since"), dt.date):
        encoded["since"] = encoded["since"].isoformat()
    return encoded


def decode_options(options: dict[str, Any]) -> dict[str, Any]:
    decoded = dict(options)
    if decoded.get("since"):
        decoded["since"] = dt.date.fromisoformat(decoded["since"])
    return decoded


def issue_job(job: Any, progress: Any) -> dict[str, Any]:
    p = job.params
    plan = Plan.objects.get(pk=p["plan"])
    progress("render", 0.1)
    try:
        generated = service.generate(
            plan,
            fmt=p["format"],
            as_of=dt.datetime.fromisoformat(p["as_of"]),
            **decode_options(p.get("options") or {}),
        )
    except service.ReportError as exc:
        raise UserError(str(exc)) from None
    progress("issue", 0.9)
    meeting = None
    if p.get("meeting"):
        from fremdrift.governance.models import Meeting

        meeting = Meeting.objects.filter(pk=p["meeting"]).first()
    report = service.issue(
        generated, by=job.created_by or job.created_by_name, title=p["title"], meeting=meeting
    )
    return {"report": report.pk, "plan": plan.slug}


def _link(job: Any) -> tuple[str, str] | None:
    if "report" not in job.result:
        return None
    return (
        _("Download the issued report"),
        reverse("reports:issued-download", args=[job.result["report"]]),
    )


register(
    JobKind.REPORT,
    issue_report,
    issue_job,
    retry_safe=True,  # the report is recorded in one transaction at the end
    cancel_running=True,
    result_link=_link,
)
