"""The web import: upload a file, read the preview, confirm near matches, apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.interchange import webimport
from fremdrift.interchange.forms import UploadForm
from fremdrift.interchange.models import ImportJob, ImportStatus
from fremdrift.jobs import actions as job_actions
from fremdrift.jobs.choices import JobKind, JobState


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    """Only the uploader (or an administrator) sees an import."""
    return access.fetch(request.user, Action.CHANGE, ImportJob.objects.all(), pk=pk)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    access.require_kind(request.user, Action.ADD, ImportJob)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = webimport.upload(
            content=upload_file.read(),
            filename=upload_file.name,
            plan_slug=form.cleaned_data["plan_slug"] or "",
            by=request.user,
        )
        return redirect(job)
    recent = ImportJob.objects.filter(uploaded_by=request.user).defer("content")[:10]
    return render(request, "interchange/upload.html", {"form": form, "recent": recent})


def _unreadable_parts(job: ImportJob) -> list[dict]:
    """Sheets or slides the preview could not read: the file cannot be applied as it is."""
    return [d for d in job.preview.get("diagnostics", []) if d.get("level") == "error"]


def preview(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    slug = job.preview.get("plan_slug", "")
    allowed = bool(slug) and webimport.import_refusal(request.user, slug) is None
    unreadable = _unreadable_parts(job)
    return render(
        request,
        "interchange/preview.html",
        {
            "job": job,
            "p": job.preview,
            "unreadable": unreadable,
            "may_create_units": webimport.may_create_units(request.user),
            "may_apply": allowed and job.status == ImportStatus.PREVIEW and not unreadable,
            "forbidden": bool(slug) and not allowed,
            "expired": (
                webimport.file_gone_message(job) if job.status == ImportStatus.EXPIRED else ""
            ),
        },
    )


def _confirmed_units(request: HttpRequest, job: ImportJob) -> list[str]:
    """The new units the user ticked, among those the preview offered."""
    if not webimport.may_create_units(request.user):
        return []
    offered = set(job.preview.get("unknown_units", []))
    return [name for name in request.POST.getlist("unit") if name in offered]


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    slug = job.preview.get("plan_slug", "")
    if not slug or webimport.import_refusal(request.user, slug) is not None:
        raise PermissionDenied
    if _unreadable_parts(job):
        message = _("Part of the file cannot be read; correct it and upload it again.")
        messages.error(request, message)
        return redirect(job)
    merges = []
    for value in request.POST.getlist("merge"):
        keep, _sep, drop = value.partition("|")
        if keep and drop:
            merges.append((keep, drop))
    try:
        task = job_actions.enqueue(
            JobKind.IMPORT,
            by=request.user,
            subject=job,
            title=_("Import of %(file)s") % {"file": job.filename},
            params={
                "import": job.pk,
                "merges": [list(pair) for pair in merges],
                "units": _confirmed_units(request, job),
            },
        )
    except job_actions.AlreadyQueued as exc:
        return redirect(exc.job)
    if task.state == JobState.FAILED:
        messages.error(request, task.error)
        return redirect(job)
    if task.state == JobState.DONE:
        messages.success(
            request,
            _("The import was applied: %(summary)s") % {"summary": task.result["summary"]},
        )
        return redirect("portfolio:plan-detail", slug=task.result["plan"])
    return redirect(task)  # a worker applies it; the task's page follows it


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if webimport.discard(job, by=request.user):
        messages.info(
            request, _("The import was discarded and the file deleted; nothing was written.")
        )
    return redirect("interchange:upload")
