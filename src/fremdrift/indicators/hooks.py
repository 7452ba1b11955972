"""What the indicators add to shared pages, registered from ``IndicatorsConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fremdrift.core import access
from fremdrift.core.extensions import Link, Panel
from fremdrift.core.text import grouped_number
from fremdrift.indicators import charts, queries
from fremdrift.indicators.choices import Direction, RunSource
from fremdrift.indicators.models import IndicatorLink, ManualIndicator


@dataclass
class TrendRow:
    """One indicator on the initiative page: trend, latest value and target."""

    name: str
    where: str
    chart: SafeString
    latest: str
    latest_label: str
    preliminary: bool
    target: str
    on_target: bool | None
    direction: str
    url: str
    rows: list[tuple[str, str, bool]]
    illustrative: bool = False  # made up by the demo: synthetic data, invented targets


def nav_allowed(user: Any) -> bool:
    from fremdrift.indicators.models import IndicatorValue

    return access.may(user, access.Action.VIEW, IndicatorValue)


def initiative_actions(request: Any, initiative: Any) -> list[Link]:
    if not access.may_edit(request.user, initiative):
        return []
    return [
        Link(_("Indicators"), reverse("indicators:initiative-indicators", args=[initiative.pk]))
    ]


def _on_target(value: float | None, target: float | None, direction: str) -> bool | None:
    if value is None or target is None:
        return None
    return value <= target if direction == Direction.LOWER else value >= target


def _computed_rows(links: list[IndicatorLink], user: Any) -> list[TrendRow]:
    run = queries.latest_published_run() if links else None
    if run is None:
        return []
    series = queries.link_series(
        run,
        links,
        values=access.visible_indicator_values(user),
        public=not access.sees_raw_indicators(user),
    )
    rows = []
    for link in links:
        cells = series.get(link.pk, [])
        # judged by the stored counts, as the dashboard's month: a hidden cell does not tell
        # that it is still being judged, and must not become the latest value for that
        settled = [c for c in cells if c.provisional == 0 and not c.incomplete]
        latest = settled[-1] if settled else (cells[-1] if cells else None)
        target = (
            queries.format_value(link.indicator, link.target, 1) if link.target is not None else ""
        )
        name = str(link.get_indicator_display())
        where = f"{link.get_sector_display()}, {queries.geo_name(link.geo_level, link.geo_code)}"
        params = urlencode(
            {
                "run": run.pk,
                "indicator": link.indicator,
                "sector": link.sector,
                "period_type": link.period_type,
                "geo": f"{link.geo_level}:{link.geo_code}",
            }
        )
        rows.append(
            TrendRow(
                name=name,
                where=where,
                chart=charts.sparkline_svg(
                    [
                        charts.Point(c.label, c.shown_value, c.preliminary, c.hidden, c.text)
                        for c in cells
                    ],
                    title=_("%(indicator)s, %(where)s: trend")
                    % {"indicator": name, "where": where},
                    chart_id=f"link-{link.pk}",
                    target=link.target,
                ),
                latest=latest.text if latest else "–",
                latest_label=latest.label if latest else "",
                preliminary=bool(latest and latest.preliminary),
                target=target,
                on_target=_on_target(
                    latest.value if latest and not latest.hidden else None,
                    link.target,
                    link.direction,
                ),
                direction=str(link.get_direction_display()),
                url=reverse("indicators:dashboard") + "?" + params,
                rows=[(c.label, c.text, c.preliminary) for c in cells],
                illustrative=run.source == RunSource.DEMO,
            )
        )
    return rows


def _manual_rows(indicators: list[ManualIndicator]) -> list[TrendRow]:
    rows = []
    for indicator in indicators:
        values = list(indicator.values.all())[-12:]
        latest = values[-1] if values else None
        unit = indicator.unit
        target = (
            f"{grouped_number(indicator.target.normalize())} {unit}"
            if indicator.target is not None
            else ""
        )
        rows.append(
            TrendRow(
                name=indicator.name,
                where=_("Entered by hand"),
                chart=charts.sparkline_svg(
                    [charts.Point(str(v.date), float(v.value)) for v in values],
                    title=_("%(indicator)s: trend") % {"indicator": indicator.name},
                    chart_id=f"manual-{indicator.pk}",
                    target=float(indicator.target) if indicator.target is not None else None,
                ),
                latest=f"{grouped_number(latest.value.normalize())} {unit}" if latest else "–",
                latest_label=formats.date_format(latest.date, "j. F Y") if latest else "",
                preliminary=False,
                target=target,
                on_target=_on_target(
                    float(latest.value) if latest else None,
                    float(indicator.target) if indicator.target is not None else None,
                    indicator.direction,
                ),
                direction=str(indicator.get_direction_display()),
                url=indicator.get_absolute_url(),
                rows=[
                    (
                        formats.date_format(v.date, "j. F Y"),
                        f"{grouped_number(v.value.normalize())} {unit}",
                        False,
                    )
                    for v in values
                ],
                illustrative=indicator.illustrative,
            )
        )
    return rows


def initiative_panels(request: Any, initiative: Any) -> list[Panel]:
    links = list(initiative.indicator_links.all())
    manual = list(initiative.manual_indicators.prefetch_related("values"))
    if not links and not manual:
        return []
    return [
        Panel(
            _("Indicators"),
            "indicators/_initiative_panel.html",
            {
                "rows": _computed_rows(links, request.user) + _manual_rows(manual),
                "n_links": len(links),
                "initiative": initiative,
            },
            where="main",
            order=20,
        )
    ]
