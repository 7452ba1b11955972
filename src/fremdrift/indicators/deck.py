"""The indicators of initiatives as decks draw them (``reports.content.IndicatorChart``).

Computed indicators come from the latest published run and are always suppressed (a deck
goes to meetings and may be passed on): hidden cells are ``None`` and written "*".
Hand-entered measures come with their target.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import formats
from django.utils.translation import gettext as _

from fremdrift.core.database import danish_key
from fremdrift.core.text import grouped_number
from fremdrift.indicators import queries
from fremdrift.indicators.choices import RunSource
from fremdrift.indicators.models import IndicatorLink, ManualIndicator
from fremdrift.reports.content import IndicatorChart, IndicatorPoint

PERIODS = 12


def indicator_charts(
    initiative_ids: Iterable[int], *, prefix: str = ""
) -> tuple[IndicatorChart, ...]:
    """A chart per linked indicator and per hand-entered measure of the initiatives, in the
    order given; ``prefix`` starts every title (a meeting pack's agenda item)."""
    ids = list(dict.fromkeys(initiative_ids))
    if not ids:
        return ()
    order = {pk: n for n, pk in enumerate(ids)}
    links = sorted(
        IndicatorLink.objects.filter(initiative__in=ids).select_related("initiative"),
        key=lambda link: (order[link.initiative_id], link.pk),
    )
    manual = sorted(
        ManualIndicator.objects.filter(initiative__in=ids)
        .select_related("initiative")
        .prefetch_related("values"),
        key=lambda m: (order[m.initiative_id], danish_key(m.name)),
    )
    charts = _computed(links, prefix) + [_manual(m, prefix) for m in manual]
    return tuple(chart for _pk, chart in sorted(charts, key=lambda item: order[item[0]]))


def _title(prefix: str, name: str) -> str:
    return f"{prefix}: {name}" if prefix else name


def _computed(links: list[IndicatorLink], prefix: str) -> list[tuple[int, IndicatorChart]]:
    run = queries.latest_published_run() if links else None
    if run is None:
        return []
    series = queries.link_series(run, links, PERIODS, public=True)
    found = []
    for link in links:
        cells = series.get(link.pk, [])
        settled = [c for c in cells if not c.preliminary]
        latest = settled[-1] if settled else (cells[-1] if cells else None)
        rate = link.indicator in queries.RATE_INDICATORS
        name = str(link.get_indicator_display())
        where = f"{link.get_sector_display()}, {queries.geo_name(link.geo_level, link.geo_code)}"
        found.append(
            (
                link.initiative_id,
                IndicatorChart(
                    title=_title(prefix, name),
                    name=name,
                    where=where,
                    initiative=link.initiative.title,
                    points=tuple(
                        IndicatorPoint(c.label, c.shown_value, c.text, c.hidden, c.preliminary)
                        for c in cells
                    ),
                    rate=rate,
                    unit="%" if rate else "",
                    target=link.target,
                    target_text=link.target_text if link.target is not None else "",
                    latest_text=latest.text if latest else "–",
                    latest_label=latest.label if latest else "",
                    source=_(
                        "Data as of %(date)s; numbers from 1 to 4, and those that would "
                        "reveal them, are hidden (*)."
                    )
                    % {"date": formats.date_format(queries.as_of_date(run), "j. F Y")},
                    illustrative=run.source == RunSource.DEMO,
                ),
            )
        )
    return found


def _manual(indicator: ManualIndicator, prefix: str) -> tuple[int, IndicatorChart]:
    values = list(indicator.values.all())[-PERIODS:]
    latest = values[-1] if values else None
    unit = indicator.unit
    target = float(indicator.target) if indicator.target is not None else None
    return (
        indicator.initiative_id,
        IndicatorChart(
            title=_title(prefix, indicator.name),
            name=indicator.name,
            where=_("Entered by hand"),
            initiative=indicator.initiative.title,
            points=tuple(
                IndicatorPoint(
                    formats.date_format(v.date, "j. N Y"),
                    float(v.value),
                    f"{grouped_number(v.value.normalize())} {unit}",
                )
                for v in values
            ),
            unit=unit,
            target=target,
            target_text=(
                f"{grouped_number(indicator.target.normalize())} {unit}"
                if indicator.target is not None
                else ""
            ),
            latest_text=f"{grouped_number(latest.value.normalize())} {unit}" if latest else "–",
            latest_label=formats.date_format(latest.date, "j. F Y") if latest else "",
            illustrative=indicator.illustrative,
        ),
    )
