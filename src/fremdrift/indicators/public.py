"""The public indicator dashboard, ``/offentlig/indikatorer/`` (opt-in).

Open without a login only while ``FREMDRIFT_PUBLIC_INDICATORS`` is on (404 otherwise, for
everyone). It shows the latest published run, always suppressed
(``core.access.public_indicator_values``; the hidden cells of ``indicators.suppression``),
in Danish: a page per municipality with acute admissions, readmissions within 7 and 30 days
and færdigbehandlingsdage side by side, their trends, and a comparison within the cluster;
a CSV download of the same; and an embeddable variant (the only page another site may
frame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from fremdrift.core import access
from fremdrift.core.database import danish_key
from fremdrift.core.downloads import attach
from fremdrift.core.xlsx import csv_bytes
from fremdrift.indicators import charts, queries
from fremdrift.indicators.choices import (
    ComputedIndicator,
    GeoLevel,
    PeriodType,
    Sector,
)
from fremdrift.indicators.engine.geography import REGION_CODE, Municipality
from fremdrift.indicators.models import IndicatorRun

# What a municipality's page shows, side by side: (indicator, sector).
FIGURES: tuple[tuple[str, str], ...] = (
    (ComputedIndicator.ACUTE_ADMISSIONS, Sector.SOMATIC),
    (ComputedIndicator.ACUTE_ADMISSIONS, Sector.PSYCHIATRY),
    (ComputedIndicator.READMISSION_7D, Sector.PSYCHIATRY),
    (ComputedIndicator.READMISSION_30D, Sector.SOMATIC),
    (ComputedIndicator.READMISSION_30D, Sector.PSYCHIATRY),
    (ComputedIndicator.FB_DAYS, Sector.SOMATIC),
    (ComputedIndicator.FB_DAYS, Sector.PSYCHIATRY),
)
TREND_PERIODS = 12
PERIOD_TYPE = PeriodType.MONTH


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """404 unless the public dashboard is on; in Danish; GET and HEAD only."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if access.public_indicator_values() is None:
            raise Http404
        with translation.override("da"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response.headers["Content-Language"] = "da"
        return response

    return wrapper


def _municipality(code: str) -> Municipality:
    for m in queries.municipalities():
        if m.code == code:
            return m
    raise Http404


def _latest_run() -> IndicatorRun | None:
    return queries.latest_published_run()


@dataclass
class Figure:
    """One indicator and sector of the page: its cells over time and in the cluster."""

    indicator: str
    sector: str
    label: str
    trend: list[queries.Cell]
    latest: queries.Cell | None
    comparison: list[queries.Cell]
    chart: Any = None
    period_label: str = ""  # the month of ``latest`` when it is not the page's month

    @property
    def is_rate(self) -> bool:
        return self.indicator in (
            ComputedIndicator.READMISSION_7D,
            ComputedIndicator.READMISSION_30D,
        )


def _label(indicator: str, sector: str) -> str:
    return f"{ComputedIndicator(indicator).label}, {Sector(sector).label.lower()}"


def build(run: IndicatorRun, municipality: Municipality) -> dict[str, Any]:
    """Everything one municipality's page shows, in three queries."""
    values = access.public_indicator_values()
    assert values is not None
    pairs = {(i, s) for i, s in FIGURES}
    own = [
        r
        for r in values.filter(
            run=run,
            period_type=PERIOD_TYPE,
            geo_level=GeoLevel.MUNICIPALITY,
            geo_code=municipality.code,
        )
        if (r.indicator, r.sector) in pairs
    ]
    region_rows = list(
        values.filter(
            run=run,
            period_type=PERIOD_TYPE,
            geo_level=GeoLevel.REGION,
            indicator__in={i for i, _s in FIGURES},
        ).values_list("indicator", "sector", "period", "provisional")
    )
    # The extract covers the periods from the region's first acute admission on
    # (``queries.coverage_start``): earlier ones would show near-zero bars that are not data.
    region = {p for i, _s, p, _n in region_rows if i == ComputedIndicator.ACUTE_ADMISSIONS}
    # months in which the region still has readmissions to judge (as the dashboard's default)
    unjudged = {(i, s, p) for i, s, p, provisional in region_rows if provisional}
    known = sorted(queries.covered(region | {r.period for r in own}, min(region, default=None)))
    periods = queries.all_periods(PERIOD_TYPE, known[0], known[-1]) if known else []
    settled = [p for p in periods if not queries.is_incomplete(run, PERIOD_TYPE, p)]
    period = settled[-1] if settled else (periods[-1] if periods else None)
    trend_periods = [p for p in periods if period is None or p <= period][-TREND_PERIODS:]
    siblings = [m for m in queries.municipalities_by_name() if m.cluster == municipality.cluster]
    places = [(GeoLevel.MUNICIPALITY, m.code, m.name) for m in siblings]
    places += [
        (GeoLevel.CLUSTER, municipality.cluster, municipality.cluster),
        (GeoLevel.REGION, REGION_CODE, _("Region Midtjylland")),
    ]
    # each figure's month: the page's, or for readmissions the latest all of which are judged
    shown = {
        (indicator, sector): _judged_month(indicator, sector, trend_periods, unjudged) or period
        for indicator, sector in FIGURES
    }
    compared = (
        list(
            values.filter(
                run=run,
                period_type=PERIOD_TYPE,
                period__in=set(shown.values()),
                geo_level__in=[GeoLevel.MUNICIPALITY, GeoLevel.CLUSTER, GeoLevel.REGION],
                geo_code__in=[code for _level, code, _name in places],
            )
        )
        if period
        else []
    )
    by_key = {(r.indicator, r.sector, r.period): r for r in own}
    compared_by = {(r.indicator, r.sector, r.period, r.geo_level, r.geo_code): r for r in compared}
    geo = (GeoLevel.MUNICIPALITY, municipality.code, municipality.name)
    figures = []
    for indicator, sector in FIGURES:
        month = shown[(indicator, sector)]
        trend = [
            queries._cell(
                by_key.get((indicator, sector, p)),
                indicator=indicator,
                label=queries.period_label(PERIOD_TYPE, p),
                key=p,
                public=True,
                incomplete=queries.is_incomplete(run, PERIOD_TYPE, p),
                geo=geo,
                period=p,
            )
            for p in trend_periods
        ]
        comparison = (
            [
                queries._cell(
                    compared_by.get((indicator, sector, month, level, code)),
                    indicator=indicator,
                    label=name,
                    key=code,
                    public=True,
                    incomplete=queries.is_incomplete(run, PERIOD_TYPE, month),
                    geo=(level, code, name),
                    period=month,
                )
                for level, code, name in places
            ]
            if period
            else []
        )
        label = _label(indicator, sector)
        figure = Figure(
            indicator=indicator,
            sector=sector,
            label=label,
            trend=trend,
            latest=next((c for c in reversed(trend) if c.period == month), None),
            comparison=comparison,
            period_label=queries.period_label(PERIOD_TYPE, month) if month != period else "",
        )
        figure.chart = charts.sparkline_svg(
            [charts.Point(c.label, c.shown_value, c.preliminary, c.hidden, c.text) for c in trend],
            title=_("%(indicator)s, %(place)s: trend")
            % {"indicator": label, "place": municipality.name},
            chart_id=f"public-{indicator}-{sector}",
        )
        figures.append(figure)
    rows = [
        (name, code, [f.comparison[i] for f in figures if f.comparison])
        for i, (_level, code, name) in enumerate(places)
    ]
    return {
        "comparison_rows": rows,
        "run": run,
        "municipality": municipality,
        "period": period,
        "period_label": queries.period_label(PERIOD_TYPE, period) if period else "",
        "trend_labels": [queries.period_label(PERIOD_TYPE, p) for p in trend_periods],
        "figures": figures,
        "places": places,
    }


def _judged_month(
    indicator: str, sector: str, periods: list[str], unjudged: set[tuple[str, str, str]]
) -> str | None:
    """For a readmission figure, the latest of ``periods`` in which the region has no index
    admission still to be judged; None for other figures (they show the page's month)."""
    if indicator not in queries.RATE_INDICATORS:
        return None
    return next((p for p in reversed(periods) if (indicator, sector, p) not in unjudged), None)


def _context(code: str) -> dict[str, Any]:
    municipality = _municipality(code)
    run = _latest_run()
    context: dict[str, Any] = {"municipality": municipality, "run": run, "figures": []}
    if run is not None:
        context.update(build(run, municipality))
    return context


def _clusters() -> list[tuple[str, list[Municipality]]]:
    found: dict[str, list[Municipality]] = {}
    for m in queries.municipalities_by_name():
        found.setdefault(m.cluster, []).append(m)
    return sorted(found.items(), key=lambda item: danish_key(item[0]))


@public_page
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "indicators/public/index.html",
        {"clusters": _clusters(), "run": _latest_run()},
    )


@public_page
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "indicators/public/municipality.html", _context(code))


@public_page
@xframe_options_exempt
def embed(request: HttpRequest, code: str) -> HttpResponse:
    """The municipality's figures without the site's frame, for another site's page."""
    response = render(request, "indicators/public/embed.html", _context(code))
    origins = " ".join(settings.FREMDRIFT_PUBLIC_EMBED_ORIGINS) or "*"
    from fremdrift.core.middleware import ContentSecurityPolicyMiddleware

    policy = ContentSecurityPolicyMiddleware.POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {origins}"
    )
    response.headers["Content-Security-Policy"] = policy
    return response


CSV_COLUMNS = (
    "section",
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "geo_name",
    "numerator",
    "denominator",
    "value",
    "provisional",
    "suppressed",
)


def _csv_row(section: str, figure: Figure, cell: queries.Cell) -> list[Any]:
    hidden = cell.hidden
    rate = figure.is_rate
    blank = ""
    return [
        section,
        figure.indicator,
        figure.sector,
        PERIOD_TYPE,
        cell.period,
        cell.geo_level,
        cell.geo_code,
        cell.geo_name,
        blank if hidden else cell.numerator,
        blank if hidden or not rate else ("" if cell.denominator is None else cell.denominator),
        blank if hidden or cell.value is None else cell.value,
        blank if hidden else cell.provisional,
        "true" if hidden else "false",
    ]


@public_page
def download(request: HttpRequest, code: str) -> HttpResponse:
    """The page's figures as CSV: hidden cells blank, ``suppressed`` true."""
    context = _context(code)
    run = context["run"]
    rows = []
    for figure in context["figures"]:
        rows += [_csv_row("trend", figure, c) for c in figure.trend]
        rows += [_csv_row("cluster", figure, c) for c in figure.comparison]
    as_of = timezone.localtime(run.as_of).isoformat() if run else ""  # as the page says it
    body = csv_bytes(
        [*CSV_COLUMNS, "run", "as_of"],
        [[*row, run.pk if run else "", as_of] for row in rows],
        delimiter=",",
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"indikatorer-{context['municipality'].code}"
    attach(response, f"{name}.csv")
    return response
