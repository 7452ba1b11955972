"""Pages of background jobs: the user's list, one job with its progress (htmx), cancel and
the file a job made. ``core.access`` decides who sees what; ``actions`` writes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fremdrift.core import access, htmx
from fremdrift.core.downloads import attach
from fremdrift.jobs import actions, registry
from fremdrift.jobs.models import Job


def may_cancel(user: Any, job: Job) -> bool:
    """May ``user`` cancel ``job`` now? The policy says who (whoever started it, and
    administrators); the job's kind and state say whether cancelling is safe."""
    job_type = registry.TYPES.get(job.kind)
    if job_type is None or not job_type.cancellable or job.is_finished:
        return False
    if job.state == "running" and not job_type.cancel_running:
        return False
    return access.may(user, access.Action.CHANGE, job)


def nav_allowed(user: Any) -> bool:
    return access.may(user, access.Action.VIEW, Job)


def duration(seconds: int | None) -> str:
    """``75`` → "1 min 15 s" (the elapsed time of a job)."""
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": secs}
    return _("%(s)d s") % {"s": secs}


def progress_context(request: HttpRequest, job: Job) -> dict[str, Any]:
    """What the progress fragment shows of a job."""
    job_type = registry.TYPES.get(job.kind)
    link = job_type.result_link(job) if job_type and job_type.result_link else None
    step = job.step
    if job_type is not None and job_type.step_label is not None and step:
        step = job_type.step_label(step)
    return_to = request.get_full_path()
    if request.headers.get("HX-Request"):  # polled: come back to the page, not the fragment
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        return_to = current.path + (f"?{current.query}" if current.query else "")
    if link is not None and urlsplit(link[1]).path == urlsplit(return_to).path:
        link = None  # shown on the result's own page
    return {
        "job": job,
        "return_to": return_to,
        "place": actions.place_in_line(job),
        "elapsed": duration(job.elapsed_seconds),
        "step_label": step or "…",
        "may_cancel": may_cancel(request.user, job),
        "result_link": link,
        "has_output": job.state == "done" and bool(job.output_name),
    }


def job_list(request: HttpRequest) -> HttpResponse:
    access.require_list(request.user, Job)
    jobs = (
        access.restrict(Job.objects.all(), request.user)
        .defer("output", "params", "result")
        .order_by("-created_at", "-id")
    )
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.fetch(request.user, access.Action.VIEW, Job, pk=pk)
    return render(request, "jobs/job_detail.html", progress_context(request, job))


def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment alone, polled by htmx until the job has ended; the whole page
    when htmx restores the address from the browser's history."""
    if htmx.history_restore(request):
        return htmx.vary(job_detail(request, pk), "HX-Current-URL")
    job = access.fetch(request.user, access.Action.VIEW, Job, pk=pk)
    response = render(request, "jobs/_progress.html", progress_context(request, job))
    if job.is_finished and htmx.wants_fragment(request):
        response["HX-Refresh"] = "true"
    # the fragment's way back (``return_to``) is the page it polls from: HX-Current-URL
    return htmx.vary(response, "HX-Current-URL")


@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.fetch(request.user, access.Action.VIEW, Job, pk=pk)
    if not may_cancel(request.user, job):
        raise PermissionDenied
    job = actions.request_cancel(job, by=request.user)
    if job.is_finished:
        messages.info(request, _("The task was cancelled."))
    else:
        messages.info(request, _("The task stops at its next step; nothing of it is kept."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = job.get_absolute_url()
    return redirect(target)


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file the job made (a meeting pack)."""
    job = access.fetch(request.user, access.Action.VIEW, Job, pk=pk)
    if job.state != "done" or job.output is None or not job.output_name:
        raise Http404
    response = HttpResponse(bytes(job.output), content_type=job.output_media_type)
    return attach(response, job.output_name)
