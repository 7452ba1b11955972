"""Report pages: the report with its changes marked, downloads, issuing, before/after."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fremdrift.core import access
from fremdrift.core.downloads import attach
from fremdrift.jobs import actions as job_actions
from fremdrift.jobs.choices import JobKind, JobState
from fremdrift.reports import actions, service
from fremdrift.reports.forms import DeckOptionsForm, ReportForm
from fremdrift.reports.models import DeckOptions, IssuedReport
from fremdrift.reports.renderers import Branding
from fremdrift.reports.renderers.base import hex_colour
from fremdrift.reports.renderers.html import HtmlRenderer
from fremdrift.reports.renderers.web import indicator_figure
from fremdrift.reports.tasks import encode_options

FORMATS = [("pptx", "PowerPoint"), ("pdf", "PDF"), ("xlsx", "Excel")]


def _options(request: HttpRequest, plan) -> tuple[ReportForm, dict]:  # noqa: ANN001
    form = ReportForm(request.GET or None, plan=plan)
    options: dict = {}
    if request.GET and form.is_valid():
        options = form.baseline_options()
        if form.cleaned_data.get("areas"):
            options["areas"] = form.cleaned_data["areas"]
    return form, options


def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's status report in the browser, with the baseline of the user's choice."""
    plan = access.plan_for_view(request.user, slug)
    form, options = _options(request, plan)
    try:
        content, baseline_report, baseline_at = service.build(plan, **options)
    except service.ReportError as exc:
        form.add_error(None, str(exc))
        content, baseline_report, baseline_at = service.build(plan)
    fragment = HtmlRenderer().fragment(content, branding=Branding.from_settings())
    # the indicator charts the plan's decks have (its deck options), after the tables
    figures = [
        indicator_figure(chart, f"report-chart-{number}")
        for number, chart in enumerate(content.indicators)
    ]
    query = request.GET.urlencode()
    return render(
        request,
        "reports/page.html",
        {
            "plan": plan,
            "form": form,
            "fragment": fragment,
            "indicator_figures": figures,
            "content": content,
            "baseline_report": baseline_report,
            "baseline_at": baseline_at,
            "downloads": [
                (label, f"{reverse('reports:download', args=[plan.slug, fmt])}?{query}")
                for fmt, label in FORMATS
            ],
            "issued": plan.issued_reports.order_by("-as_of", "-id")[:20],
            "may_issue": access.may_coordinate(request.user, plan),
            "query": query,
        },
    )


def plan_for_deck_options(user, slug: str):  # noqa: ANN001, ANN201
    """Who may change a plan's deck layout: its coordinators (the plan's access policy)."""
    return access.plan_for_coordination(user, slug)


def deck_options(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's deck layout: opening slides, phase line, missing-report and change markers."""
    plan = access.plan_for_coordination(request.user, slug)
    current = DeckOptions.objects.filter(plan=plan).first() or DeckOptions(plan=plan)
    form = DeckOptionsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in actions.DECK_OPTION_FIELDS}
        actions.set_deck_options(plan, by=request.user, **values)
        messages.success(request, _("The deck layout was saved."))
        return redirect("reports:page", slug=plan.slug)
    return render(request, "reports/deck_options.html", {"plan": plan, "form": form})


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The report as a file, generated now with the page's options."""
    plan = access.plan_for_view(request.user, slug)
    form, options = _options(request, plan)
    try:
        generated = service.generate(plan, fmt=fmt, **options)
    except service.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:page", slug=plan.slug)
    response = HttpResponse(generated.data, content_type=generated.media_type)
    attach(response, generated.filename)
    return response


@require_POST
def issue(request: HttpRequest, slug: str) -> HttpResponse:
    """Issue the report (coordinators): it is kept unchanged and becomes the next baseline.

    Rendering runs as a background task (a large PDF takes a while); the page follows it."""
    plan = access.plan_for_coordination(request.user, slug)
    fmt = request.POST.get("format", "pptx")
    if fmt not in dict(FORMATS):
        fmt = "pptx"
    form = ReportForm(request.POST, plan=plan)
    options = form.baseline_options() if form.is_valid() else {}
    if form.is_valid() and form.cleaned_data.get("areas"):
        options["areas"] = form.cleaned_data["areas"]
    try:
        service.resolve_baseline(
            plan, since=options.get("since"), since_report=options.get("since_report")
        )
    except service.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:page", slug=plan.slug)
    job = job_actions.enqueue(
        JobKind.REPORT,
        by=request.user,
        plan=plan,
        title=_("Status report for %(plan)s (%(format)s)")
        % {"plan": plan.title, "format": dict(FORMATS)[fmt]},
        params={
            "plan": plan.pk,
            "format": fmt,
            "as_of": timezone.now().isoformat(),
            "options": encode_options(options),
            "title": request.POST.get("title", "")[:300],
        },
    )
    if job.state == JobState.DONE:
        messages.success(
            request, _("The report was issued. It is the baseline of the next report.")
        )
        page = reverse("reports:page", args=[plan.slug])
        return redirect(f"{page}#issued-{job.result['report']}")
    if job.state == JobState.FAILED:
        messages.error(request, job.error)
        return redirect("reports:page", slug=plan.slug)
    return redirect(job)


def issued_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued report, byte for byte as it was issued."""
    report = access.fetch(
        request.user, access.Action.VIEW, IssuedReport.objects.select_related("plan"), pk=pk
    )
    response = HttpResponse(bytes(report.file), content_type=report.media_type)
    attach(response, report.filename)
    return response


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """Before and after, field by field, since the chosen baseline (default: last report)."""
    plan = access.plan_for_view(request.user, slug)
    form, options = _options(request, plan)
    content = baseline_report = baseline_at = None
    if not form.errors:  # a baseline the user did not ask for would answer another question
        try:
            content, baseline_report, baseline_at = service.build(plan, **options)
        except service.ReportError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "reports/changes.html",
        {
            "plan": plan,
            "form": form,
            "content": content,
            "baseline_report": baseline_report,
            "baseline_at": baseline_at,
        },
    )


def report_css(request: HttpRequest) -> HttpResponse:
    """The report tables' styles as a stylesheet (the page may not carry inline styles)."""
    branding = Branding.from_settings()
    colours = {
        "colours": {
            "primary": "#" + hex_colour(branding.primary_colour),
            "text": "#" + hex_colour(branding.text_colour),
        }
    }
    css = render_to_string("reports/_report.css", colours) + render_to_string(
        "reports/_report_screen.css", colours
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response
