"""The web import: upload a file, read the preview, confirm near matches, apply."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.interchange import webimport
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.forms import UploadForm
from fremdrift.interchange.models import ImportJob, ImportStatus


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    """Only the uploader (or an administrator) sees an import."""
    job = get_object_or_404(ImportJob, pk=pk)
    from fremdrift.core.access import is_administrator

    if job.uploaded_by_id != request.user.pk and not is_administrator(request.user):
        raise PermissionDenied
    return job


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not webimport.may_upload(request.user):
        raise PermissionDenied
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
    allowed = bool(slug) and webimport.may_import_into(request.user, slug)
    unreadable = _unreadable_parts(job)
    return render(
        request,
        "interchange/preview.html",
        {
            "job": job,
            "p": job.preview,
            "unreadable": unreadable,
            "may_apply": allowed and job.status == ImportStatus.PREVIEW and not unreadable,
            "forbidden": bool(slug) and not allowed,
        },
    )


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    slug = job.preview.get("plan_slug", "")
    if not slug or not webimport.may_import_into(request.user, slug):
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
        report = webimport.apply(job, by=request.user, merges=merges)
    except ImportFailed as exc:
        messages.error(request, str(exc))
        return redirect(job)
    messages.success(
        request, _("The import was applied: %(summary)s") % {"summary": report.lines()[-1]}
    )
    return redirect("portfolio:plan-detail", slug=report.plan_slug)


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if job.status == ImportStatus.PREVIEW:
        job.status = ImportStatus.DISCARDED
        job.save(update_fields=["status"])
        messages.info(request, _("The import was discarded; nothing was written."))
    return redirect("interchange:upload")
