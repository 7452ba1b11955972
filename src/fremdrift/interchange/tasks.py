"""Applying an uploaded import in the background (all or nothing, in one transaction)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from fremdrift.interchange import webimport
from fremdrift.interchange.apply import PreviewOutdated
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.models import ImportJob, ImportStatus
from fremdrift.jobs.choices import JobKind
from fremdrift.jobs.registry import UserError, register
from fremdrift.jobs.runner import perform


@task()
def apply_import(job_id: int) -> dict[str, Any]:
    return perform(job_id)


def apply_job(job: Any, progress: Any) -> dict[str, Any]:
    upload = ImportJob.objects.get(pk=job.params["import"])
    if job.created_by is None:
        raise UserError(_("The user who asked for the import no longer exists."))
    if upload.status == ImportStatus.APPLIED and upload.result:
        # An earlier attempt committed before its worker died: nothing more to do.
        return {"plan": upload.result["plan_slug"], "summary": upload.result["summary"]}
    merges = [tuple(pair) for pair in job.params.get("merges", [])]
    progress("apply", 0.1)
    try:
        report = webimport.apply(
            upload, by=job.created_by, merges=merges, new_units=job.params.get("units", [])
        )
    except PreviewOutdated as exc:
        # Someone changed the plan since the preview: show the preview again, as it is now.
        webimport.refresh_preview(upload, by=job.created_by)
        raise UserError(str(exc)) from None
    except ImportFailed as exc:
        raise UserError(str(exc)) from None
    return {"plan": report.plan_slug, "summary": report.lines()[-1]}


def _link(job: Any) -> tuple[str, str]:
    if "plan" not in job.result:
        return _("Open the import"), reverse("interchange:preview", args=[job.params["import"]])
    return _("Open the plan"), reverse("portfolio:plan-detail", args=[job.result["plan"]])


register(
    JobKind.IMPORT,
    apply_import,
    apply_job,
    retry_safe=True,  # one transaction; a second attempt finds the import applied or not
    cancel_running=False,
    result_link=_link,
)
