"""Pages of the indicators: runs (start, progress, validation, publish), the dashboard and its
downloads, and the indicators of an initiative. Thin: forms validate, ``core.access`` fetches
and authorises, ``actions`` (through ``runs`` for the engine) writes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.core import access, htmx
from fremdrift.core.access import Action
from fremdrift.core.downloads import attach
from fremdrift.core.forms import add_errors
from fremdrift.core.templatetags.fremdrift import danish_datetime, format_date
from fremdrift.core.uploads import upload_limit
from fremdrift.indicators import actions, charts, export, queries, runs
from fremdrift.indicators.choices import (
    ComputedIndicator,
    GeoLevel,
    PeriodType,
    RunSource,
    RunStatus,
    Sector,
)
from fremdrift.indicators.engine.geography import REGION_CODE
from fremdrift.indicators.forms import (
    DashboardForm,
    LinkForm,
    ManualIndicatorForm,
    ManualValueForm,
    RunForm,
)
from fremdrift.indicators.labels import SECTION_LABELS, VALIDATION_LABELS
from fremdrift.indicators.models import (
    IndicatorLink,
    IndicatorRun,
    IndicatorValue,
    ManualIndicator,
    ManualValue,
)
from fremdrift.jobs import views as job_views


def _manual(user: Any, action: str, pk: int) -> ManualIndicator:
    queryset = ManualIndicator.objects.select_related("initiative", "initiative__plan")
    return access.fetch(user, action, queryset, pk=pk)


# --------------------------------------------------------------------------- runs


def run_list(request: HttpRequest) -> HttpResponse:
    access.require_kind(request.user, Action.ADD, IndicatorRun)
    run_rows = IndicatorRun.objects.select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(run_rows, 50).get_page(request.GET.get("page"))
    return render(request, "indicators/run_list.html", {"runs": page.object_list, "page": page})


@upload_limit("FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES")
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    access.require_kind(request.user, Action.ADD, IndicatorRun)
    form = RunForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        folder = None
        try:
            if data["contacts_file"] or data["fb_file"]:
                folder = runs.upload_folder()
            contacts = (
                runs.save_upload("contacts", data["contacts_file"], folder)
                if data["contacts_file"]
                else runs.inbox_file("contacts", data["contacts_inbox"])
            )
            fb_periods = (
                runs.save_upload("fb_periods", data["fb_file"], folder)
                if data["fb_file"]
                else runs.inbox_file("fb_periods", data["fb_inbox"])
            )
        except ValidationError as exc:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            form.add_error(None, exc.messages)
        else:
            source = RunSource.UPLOAD if folder is not None else RunSource.INBOX
            run, _job = runs.enqueue_run(
                by=request.user,
                contacts=contacts,
                fb_periods=fb_periods,
                as_of=data["as_of"],
                params=form.params,
                source=source,
                cleanup=folder,
                note=data.get("note") or "",
            )
            return redirect(run)
    return render(
        request, "indicators/run_form.html", {"form": form, "inbox": str(runs.inbox_dir())}
    )


def _validation_sections(run: IndicatorRun) -> list[dict[str, Any]]:
    report = run.validation or {}
    sections = []
    for key, label in SECTION_LABELS.items():
        rows = []
        for name, value in (report.get(key) or {}).items():
            count = value if isinstance(value, int) else value.get("count", 0)
            examples = [] if isinstance(value, int) else value.get("examples", [])
            rows.append(
                {
                    "label": VALIDATION_LABELS.get(name, name),
                    "key": name,
                    "count": count,
                    "examples": examples,
                }
            )
        sections.append({"label": label, "rows": rows})
    return sections


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.fetch(request.user, Action.VIEW, IndicatorRun, pk=pk)
    job = runs.job_of(run)
    return render(
        request,
        "indicators/run_detail.html",
        {
            **(job_views.progress_context(request, job) if job is not None else {}),
            # one poll follows the run: the progress box's, which brings the status too
            "poll_url": reverse("indicators:run-progress", args=[run.pk]),
            "progress_box": (job is not None and not job.is_finished) or run.is_running,
            "job": job,
            "run": run,
            "sections": _validation_sections(run),
            "summary": (run.validation or {}).get("summary", {}),
            "param_rows": queries.format_params(run.params),
        },
    )


# What a poll of a run's progress reads besides the htmx headers: which part it asks for,
# and the page it polls from (the job's way back).
POLL_HEADERS = ("HX-Target", "HX-Current-URL")


def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress box alone, polled while the run works (runs of the queue show their
    job's progress: place in line, elapsed time, cancel), with the status beside the title
    (swapped out of band: one request per poll). Without a progress box on the page the
    status polls here alone (htmx names it in ``HX-Target``) and gets the status alone; when
    the run has ended the whole page is shown again. htmx restoring the address from the
    browser's history gets the whole page."""
    if htmx.history_restore(request):
        return htmx.vary(run_detail(request, pk), *POLL_HEADERS)
    run = access.fetch(request.user, Action.VIEW, IndicatorRun, pk=pk)
    if request.headers.get("HX-Target") == "run-status":
        response = render(request, "indicators/_run_status.html", {"run": run})
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            response["HX-Refresh"] = "true"
        return htmx.vary(response, *POLL_HEADERS)
    job = runs.job_of(run)
    if job is not None:
        context = job_views.progress_context(request, job)
        context["poll_url"] = reverse("indicators:run-progress", args=[run.pk])
        response = render(request, "jobs/_progress.html", context)
        ended = job.is_finished
    else:
        response = render(request, "indicators/_progress.html", {"run": run})
        ended = not run.is_running
    if htmx.wants_fragment(request):
        if ended:
            response["HX-Refresh"] = "true"
        else:
            status = render_to_string(
                "indicators/_run_status.html", {"run": run, "oob": True}, request=request
            )
            response.content += status.encode()
    return htmx.vary(response, *POLL_HEADERS)


@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.fetch(request.user, Action.CHANGE, IndicatorRun, pk=pk)
    try:
        actions.publish_run(run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(run)
    messages.success(request, _("The run was published. The dashboard now shows it."))
    return redirect(reverse("indicators:dashboard") + f"?run={run.pk}")


# --------------------------------------------------------------------------- dashboard


def _selection(request: HttpRequest, public: bool) -> tuple[queries.Selection | None, Any, list]:
    """What to show. Hidden cells show as "*" for everyone who does not see raw figures;
    indicator officers and administrators may ask for the public view (``public``)."""
    raw = access.sees_raw_indicators(request.user)
    published = queries.published_runs()
    choices = [
        (
            r.pk,
            _("Data as of %(date)s (published %(published)s)")
            % {
                "date": danish_datetime(r.as_of),
                "published": format_date(r.published_at),
            },
        )
        for r in published
    ]
    defaults = {
        "run": str(published[0].pk) if published else "",
        "indicator": ComputedIndicator.READMISSION_30D,
        "sector": Sector.SOMATIC,
        "period_type": PeriodType.MONTH,
        "geo": f"{GeoLevel.REGION}:{REGION_CODE}",
        "tab": "municipalities" if public else "series",
    }
    asked = {**defaults, **request.GET.dict()}
    if asked.get("indicator") == ComputedIndicator.READMISSION_7D:
        asked["sector"] = Sector.PSYCHIATRY  # computed for psychiatry only: the box says so
    places = access.indicator_places(request.user)
    form = DashboardForm(asked, runs_choices=choices, places=places, raw=raw)
    if not form.is_valid():
        # A choice the page cannot honour (a place the user may not see, a run no longer
        # published) falls back alone; the other choices stay, and the boxes show it.
        asked.update({name: defaults.get(name, "") for name in form.errors})
        form = DashboardForm(asked, runs_choices=choices, places=places, raw=raw)
        form.is_valid()
    data = form.cleaned_data
    if not published:
        return None, form, published
    by_pk = {r.pk: r for r in published}
    run = by_pk.get(data.get("run") or 0, published[0])
    level, _sep, code = (data.get("geo") or f"{GeoLevel.REGION}:{REGION_CODE}").partition(":")
    selection = queries.Selection(
        run=run,
        indicator=data.get("indicator") or ComputedIndicator.READMISSION_30D,
        sector=data.get("sector") or Sector.SOMATIC,
        period_type=data.get("period_type") or PeriodType.MONTH,
        geo_level=level,
        geo_code=code,
        period=data.get("period") or None,
        public=not raw or public or bool(data.get("public")),
        values=access.visible_indicator_values(request.user),
        places=places,
    )
    if (
        selection.indicator == ComputedIndicator.READMISSION_7D
        and selection.sector != Sector.PSYCHIATRY
    ):
        selection.sector = Sector.PSYCHIATRY
    return selection, form, published


def dashboard(request: HttpRequest, public: bool = False) -> HttpResponse:
    access.require_kind(request.user, Action.VIEW, IndicatorValue)
    selection, form, published = _selection(request, public)
    if selection is None:
        return render(
            request,
            "indicators/dashboard.html",
            {"form": form, "board": None, "municipal_view": public},
        )
    board = queries.dashboard(selection)
    indicator_label = ComputedIndicator(selection.indicator).label
    sector_label = Sector(selection.sector).label
    geo_label = queries.geo_name(selection.geo_level, selection.geo_code)
    series_title = _("%(indicator)s, %(sector)s, %(geo)s, per %(per)s") % {
        "indicator": indicator_label,
        "sector": sector_label,
        "geo": geo_label,
        "per": PeriodType(selection.period_type).label.lower(),
    }
    period_label = queries.period_label(selection.period_type, board.period) if board.period else ""
    municipal_title = _("%(indicator)s, %(sector)s, by municipality, %(period)s") % {
        "indicator": indicator_label,
        "sector": sector_label,
        "period": period_label,
    }
    cluster_title = _("%(indicator)s, %(sector)s, by cluster, %(period)s") % {
        "indicator": indicator_label,
        "sector": sector_label,
        "period": period_label,
    }

    def chart(draw: Callable, cells: list[queries.Cell], title: str, chart_id: str) -> str:
        """The chart of ``cells``, wide and narrow (charts.responsive)."""
        points = [
            charts.Point(c.label, c.shown_value, c.preliminary, c.hidden, c.text) for c in cells
        ]
        return charts.responsive(draw, points, title=title, chart_id=chart_id, rate=board.is_rate)

    raw = access.sees_raw_indicators(request.user)
    query = request.GET.copy()
    query.pop("public", None)
    query.pop("tab", None)  # the other pages open on their own first view
    if selection.public and raw:
        query["public"] = "on"
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": form,
            "board": board,
            "run": selection.run,
            "published": published,
            "municipal_view": public,
            "series_title": series_title,
            "municipal_title": municipal_title,
            "cluster_title": cluster_title,
            "period_label": period_label,
            "period_choices": [
                (p, queries.period_label(selection.period_type, p)) for p in board.periods
            ],
            "series_chart": chart(charts.series_svg, board.series, series_title, "series"),
            "municipal_chart": chart(
                charts.bars_svg, board.municipalities, municipal_title, "municipalities"
            ),
            "cluster_chart": chart(charts.bars_svg, board.clusters, cluster_title, "clusters"),
            "param_rows": queries.format_params(selection.run.params),
            "sector_label": sector_label,
            "query": query.urlencode(),
            "may_run": access.may(request.user, Action.ADD, IndicatorRun),
            "raw": raw,
            "tab": form.cleaned_data.get("tab") or ("municipalities" if public else "series"),
        },
    )


def municipalities(request: HttpRequest) -> HttpResponse:
    """The municipalities' view: always with hidden cells as "*"."""
    return dashboard(request, public=True)


def download(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_kind(request.user, Action.VIEW, IndicatorValue)
    selection, _form, _published = _selection(request, False)
    if selection is None:
        raise Http404
    board = queries.dashboard(selection)
    name = f"indikatorer-{selection.indicator}-{selection.sector}-{selection.period_type}"
    if selection.public:
        name += "-offentlig"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(board), content_type="text/csv; charset=utf-8")
        attach(response, f"{name}.csv")
        return response
    response = HttpResponse(
        export.to_xlsx(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    attach(response, f"{name}.xlsx")
    return response


# --------------------------------------------------------------------------- initiatives


@require_http_methods(["GET", "POST"])
def initiative_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_edit(request.user, pk)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.link_indicator(initiative, by=request.user, **form.link_values())
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The indicator was linked to the initiative."))
            return redirect("indicators:initiative-indicators", pk=initiative.pk)
    return render(
        request,
        "indicators/initiative_indicators.html",
        {
            "initiative": initiative,
            "form": form,
            "links": initiative.indicator_links.all(),
            "manual": initiative.manual_indicators.all(),
        },
    )


@require_POST
def link_delete(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    initiative = access.initiative_for_edit(request.user, pk)
    link = get_object_or_404(IndicatorLink, pk=link_pk, initiative=initiative)
    actions.unlink_indicator(link, by=request.user)
    messages.success(request, _("The indicator was removed from the initiative."))
    return redirect("indicators:initiative-indicators", pk=initiative.pk)


@require_http_methods(["GET", "POST"])
def manual_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_edit(request.user, pk)
    form = ManualIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.create_manual_indicator(
                initiative, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The indicator was created. Add its values below."))
            return redirect(indicator)
    return render(request, "indicators/manual_form.html", {"form": form, "initiative": initiative})


@require_http_methods(["GET", "POST"])
def manual_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _manual(request.user, Action.CHANGE, pk)
    initial = {f: getattr(indicator, f) for f in actions.MANUAL_FIELDS}
    form = ManualIndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_manual_indicator(indicator, by=request.user, changes=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(indicator)
    return render(
        request,
        "indicators/manual_form.html",
        {"form": form, "initiative": indicator.initiative, "indicator": indicator},
    )


@require_http_methods(["GET", "POST"])
def manual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _manual(request.user, Action.VIEW, pk)
    may_edit = access.may_edit(request.user, indicator.initiative)
    form = ManualValueForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_manual_value(indicator, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The value was recorded."))
                return redirect(indicator)
    values = list(indicator.values.all())
    for row in values:
        row.text = queries.format_decimal(row.value)
    chart = charts.sparkline_svg(
        [charts.Point(str(v.date), float(v.value)) for v in values],
        title=indicator.name,
        chart_id=f"manual-{indicator.pk}",
        target=float(indicator.target) if indicator.target is not None else None,
    )
    return render(
        request,
        "indicators/manual_detail.html",
        {
            "indicator": indicator,
            "target_text": (
                queries.format_decimal(indicator.target) if indicator.target is not None else ""
            ),
            "values": values,
            "form": form,
            "may_edit": may_edit,
            "chart": chart,
        },
    )


@require_POST
def manual_value_delete(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    indicator = _manual(request.user, Action.CHANGE, pk)
    row = get_object_or_404(ManualValue, pk=value_pk, indicator=indicator)
    actions.delete_manual_value(row, by=request.user)
    messages.success(request, _("The value was removed."))
    return redirect(indicator)
