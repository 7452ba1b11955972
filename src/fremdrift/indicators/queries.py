"""Reading published aggregates for the dashboard, the downloads and the initiative panel.

A fixed number of queries per page: the published runs, one series, the region rows of the
sector (all indicators: periods and region totals), and the geography bars of one period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fremdrift.core.database import danish_key
from fremdrift.core.text import grouped_number
from fremdrift.indicators.choices import (
    RATE_INDICATORS,
    ComputedIndicator,
    GeoLevel,
    PeriodType,
    RunStatus,
)
from fremdrift.indicators.engine.geography import (
    OTHER_REGIONS,
    REGION_CODE,
    UNKNOWN,
    Municipality,
    load_municipalities,
)
from fremdrift.indicators.models import IndicatorRun, IndicatorValue

HIDDEN = "*"  # one mark for every hidden cell: which are small is not told


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """The reference municipalities (the engine's packaged table)."""
    return tuple(load_municipalities())


def clusters() -> list[str]:
    """The clusters' names, in Danish alphabetical order."""
    return sorted({m.cluster for m in municipalities()}, key=danish_key)


def municipalities_by_name() -> list[Municipality]:
    """The municipalities in Danish alphabetical order of their names (Æ, Ø, Å after Z)."""
    return sorted(municipalities(), key=lambda m: danish_key(m.name))


def geo_choices(places: Any = None) -> list[tuple[str, str]]:
    """``(level:code, label)`` for the region, each cluster and each municipality (only
    the ``places`` of a municipality partner, when given)."""
    choices = [(f"{GeoLevel.REGION}:{REGION_CODE}", _("Region Midtjylland (all)"))]
    choices += [
        (f"{GeoLevel.CLUSTER}:{c}", c) for c in clusters() if places is None or c in places.clusters
    ]
    choices += [
        (f"{GeoLevel.MUNICIPALITY}:{m.code}", f"{m.name} ({m.code})")
        for m in municipalities_by_name()
        if places is None or m.code in places.municipalities
    ]
    return choices


def geo_name(level: str, code: str) -> str:
    if level == GeoLevel.REGION:
        return _("Region Midtjylland")
    if level == GeoLevel.MUNICIPALITY:
        names = {m.code: m.name for m in municipalities()}
        return names.get(code, code)
    return code


def published_runs() -> list[IndicatorRun]:
    return list(
        IndicatorRun.objects.filter(status=RunStatus.PUBLISHED).order_by("-published_at", "-id")
    )


def format_params(params: dict[str, Any]) -> list[tuple[str, str]]:
    """The run's settings as ``(Danish label, readable value)`` rows, labelled as in the form."""
    from fremdrift.indicators.forms import ACUTE_RULE_LABELS, RunForm

    rows = []
    for name, value in params.items():
        field = RunForm.base_fields.get(name)
        label = str(field.label) if field is not None else name.replace("_", " ").capitalize()
        if isinstance(value, bool):
            text = _("yes") if value else _("no")
        elif name == "acute_rule" and value in ACUTE_RULE_LABELS:
            text = str(ACUTE_RULE_LABELS[value])
        elif isinstance(value, dict):
            text = "; ".join(f"{k}: {', '.join(str(d) for d in v)}" for k, v in value.items())
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value) or "–"
        else:
            text = formats.localize(value) if isinstance(value, int | float) else str(value)
        rows.append((label, text))
    return rows


# --------------------------------------------------------------------------- periods


def period_bounds(period_type: str, period: str) -> tuple[dt.date, dt.date]:
    """First and last calendar day of ``2022-W05`` or ``2022-01``."""
    if period_type == PeriodType.WEEK:
        year, week = period.split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
        return start, start + dt.timedelta(days=6)
    year, month = (int(x) for x in period.split("-"))
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def period_label(period_type: str, period: str) -> str:
    """``uge 5 2022`` or ``januar 2022``."""
    if period_type == PeriodType.WEEK:
        year, week = period.split("-W")
        return f"{_('week %(number)d') % {'number': int(week)}} {year}"
    start, _end = period_bounds(period_type, period)
    return formats.date_format(start, "F Y")


def all_periods(period_type: str, first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` (absent cells mean zero)."""
    start, _e = period_bounds(period_type, first)
    end, _e2 = period_bounds(period_type, last)
    periods = []
    day = start
    while day <= end:
        if period_type == PeriodType.WEEK:
            iso = day.isocalendar()
            periods.append(f"{iso[0]}-W{iso[1]:02d}")
            day += dt.timedelta(days=7)
        else:
            periods.append(f"{day:%Y-%m}")
            day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return periods


def coverage_start(rows: Iterable[Any]) -> str | None:
    """The first period the contact extract covers: that of the first acute admission in
    ``rows`` (region rows; admissions count where a stay starts, and the extract holds the
    stays that start in it). Earlier periods hold only the tails of stays and of
    færdigbehandling periods that began before the extract: near-zero figures that are not
    data. None when ``rows`` hold no acute admissions."""
    return min(
        (
            r.period
            for r in rows
            if r.indicator == ComputedIndicator.ACUTE_ADMISSIONS and r.geo_level == GeoLevel.REGION
        ),
        default=None,
    )


def covered(periods: Iterable[str], start: str | None) -> list[str]:
    """``periods`` from ``start`` on (all of them when the start is not known)."""
    return [p for p in periods if start is None or p >= start]


# --------------------------------------------------------------------------- cells


@dataclass
class Cell:
    """One figure as the dashboard shows it."""

    label: str
    key: str
    indicator: str
    numerator: int = 0
    denominator: int | None = None
    value: float | None = None
    provisional: int = 0
    suppressed: bool = False
    public: bool = False
    incomplete: bool = False
    geo_level: str = ""
    geo_code: str = ""
    geo_name: str = ""
    period: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_rate(self) -> bool:
        return self.indicator in RATE_INDICATORS

    @property
    def hidden(self) -> bool:
        return self.public and self.suppressed

    @property
    def preliminary(self) -> bool:
        """Foreløbig: indexes not yet judgeable, or a period not yet over at the data time
        (a hidden cell tells only the latter)."""
        return (self.provisional > 0 and not self.hidden) or self.incomplete

    @property
    def shown_value(self) -> float | None:
        """The value a chart may draw: none for a hidden cell."""
        return None if self.hidden else self.value

    @property
    def text(self) -> str:
        if self.hidden:
            return HIDDEN
        return format_value(self.indicator, self.value, self.denominator)

    def number(self, value: int | None) -> str:
        if self.hidden:
            return HIDDEN
        if value is None:
            return "–"
        return grouped_number(value, 0)

    @property
    def numerator_text(self) -> str:
        return self.number(self.numerator)

    @property
    def provisional_text(self) -> str:
        return self.number(self.provisional)

    @property
    def denominator_text(self) -> str:
        return self.number(self.denominator) if self.is_rate else ""


def format_decimal(value: Decimal) -> str:
    """A hand-entered number as typed: ``12,5``, not ``12,500`` (grouped: ``1.234,5``)."""
    return grouped_number(value.normalize())


def format_value(indicator: str, value: float | None, denominator: int | None = None) -> str:
    if indicator in RATE_INDICATORS:
        if value is None:
            return "–"
        # (number_format cuts the decimals it leaves out: round first)
        return formats.number_format(round(value * 100, 1), 1, use_l10n=True) + " %"
    return grouped_number(value or 0, 0)


def _cell(
    row: IndicatorValue | None,
    *,
    indicator: str,
    label: str,
    key: str,
    public: bool,
    incomplete: bool,
    geo: tuple[str, str, str],
    period: str,
) -> Cell:
    cell = Cell(
        label=label,
        key=key,
        indicator=indicator,
        public=public,
        incomplete=incomplete,
        geo_level=geo[0],
        geo_code=geo[1],
        geo_name=geo[2],
        period=period,
    )
    if row is None:
        cell.value = None if indicator in RATE_INDICATORS else 0.0
        cell.denominator = 0 if indicator in RATE_INDICATORS else None
        return cell
    cell.numerator, cell.denominator, cell.value = row.numerator, row.denominator, row.value
    # ``hidden``: primary and complementary suppression (indicators.suppression).
    cell.provisional, cell.suppressed = row.provisional, row.hidden
    return cell


def as_of_date(run: IndicatorRun) -> dt.date:
    return timezone.localtime(run.as_of).date()


def is_incomplete(run: IndicatorRun, period_type: str, period: str) -> bool:
    """A period that had not ended at the data time."""
    _start, end = period_bounds(period_type, period)
    return end >= as_of_date(run)


# --------------------------------------------------------------------------- dashboard


@dataclass
class Selection:
    run: IndicatorRun
    indicator: str
    sector: str
    period_type: str
    geo_level: str
    geo_code: str
    period: str | None
    # Hidden cells show as "*": for everyone but indicator officers and administrators,
    # and for them when they ask for the public view.
    public: bool
    # The values the user may read (``core.access.visible_indicator_values``), and the
    # places a municipality partner's figures are limited to (None: all).
    values: Any = None
    places: Any = None

    def shows(self, level: str, code: str) -> bool:
        if self.places is None or level == GeoLevel.REGION:
            return True
        if level == GeoLevel.CLUSTER:
            return code in self.places.clusters
        return code in self.places.municipalities

    @property
    def rows(self) -> Any:
        return self.values if self.values is not None else IndicatorValue.objects.all()


@dataclass
class Dashboard:
    """Everything the dashboard page, CSV and XLSX show for one selection."""

    selection: Selection
    periods: list[str]
    period: str | None
    series: list[Cell]
    municipalities: list[Cell]
    clusters: list[Cell]
    region_totals: list[Cell]

    @property
    def is_rate(self) -> bool:
        return self.selection.indicator in RATE_INDICATORS


def dashboard(selection: Selection) -> Dashboard:
    """Build the dashboard data with three queries."""
    run, s = selection.run, selection
    region_rows = list(
        s.rows.filter(
            run=run, sector=s.sector, period_type=s.period_type, geo_level=GeoLevel.REGION
        ).order_by("period")
    )
    own = [r for r in region_rows if r.indicator == s.indicator]
    known = sorted(covered({r.period for r in own or region_rows}, coverage_start(region_rows)))
    periods = all_periods(s.period_type, known[0], known[-1]) if known else []
    settled = {r.period for r in own if r.provisional == 0}
    period = (
        s.period if s.period in periods else _default_period(run, s.period_type, periods, settled)
    )
    series_rows = {
        r.period: r
        for r in s.rows.filter(
            run=run,
            indicator=s.indicator,
            sector=s.sector,
            period_type=s.period_type,
            geo_level=s.geo_level,
            geo_code=s.geo_code,
        )
    }
    geo = (s.geo_level, s.geo_code, geo_name(s.geo_level, s.geo_code))
    series = [
        _cell(
            series_rows.get(p),
            indicator=s.indicator,
            label=period_label(s.period_type, p),
            key=p,
            public=s.public,
            incomplete=is_incomplete(run, s.period_type, p),
            geo=geo,
            period=p,
        )
        for p in periods
    ]
    municipality_cells: list[Cell] = []
    cluster_cells: list[Cell] = []
    totals: list[Cell] = []
    if period:
        incomplete = is_incomplete(run, s.period_type, period)
        bar_rows = s.rows.filter(
            run=run,
            indicator=s.indicator,
            sector=s.sector,
            period_type=s.period_type,
            period=period,
            geo_level__in=[GeoLevel.MUNICIPALITY, GeoLevel.CLUSTER],
        )
        by_geo = {(r.geo_level, r.geo_code): r for r in bar_rows}
        municipality_cells = [
            _cell(
                by_geo.get((GeoLevel.MUNICIPALITY, m.code)),
                indicator=s.indicator,
                label=m.name,
                key=m.code,
                public=s.public,
                incomplete=incomplete,
                geo=(GeoLevel.MUNICIPALITY, m.code, m.name),
                period=period,
            )
            for m in municipalities_by_name()
            if s.shows(GeoLevel.MUNICIPALITY, m.code)
        ]
        for code in (OTHER_REGIONS, UNKNOWN):
            row = by_geo.get((GeoLevel.MUNICIPALITY, code))
            if row is not None and s.shows(GeoLevel.MUNICIPALITY, code):
                municipality_cells.append(
                    _cell(
                        row,
                        indicator=s.indicator,
                        label=code,
                        key=code,
                        public=s.public,
                        incomplete=incomplete,
                        geo=(GeoLevel.MUNICIPALITY, code, code),
                        period=period,
                    )
                )
        cluster_cells = [
            _cell(
                by_geo.get((GeoLevel.CLUSTER, c)),
                indicator=s.indicator,
                label=c,
                key=c,
                public=s.public,
                incomplete=incomplete,
                geo=(GeoLevel.CLUSTER, c, c),
                period=period,
            )
            for c in clusters()
            if s.shows(GeoLevel.CLUSTER, c)
        ]
        region_by_indicator = {r.indicator: r for r in region_rows if r.period == period}
        region = (GeoLevel.REGION, REGION_CODE, geo_name(GeoLevel.REGION, REGION_CODE))
        totals = [
            _cell(
                region_by_indicator.get(ind.value),
                indicator=ind.value,
                label=str(ind.label),
                key=ind.value,
                public=s.public,
                incomplete=incomplete,
                geo=region,
                period=period,
            )
            for ind in ComputedIndicator
            if ind.value in {r.indicator for r in region_rows}
        ]
    return Dashboard(selection, periods, period, series, municipality_cells, cluster_cells, totals)


def _default_period(
    run: IndicatorRun, period_type: str, periods: Sequence[str], settled: set[str]
) -> str | None:
    """The latest period that is over and has no readmissions still to be judged."""
    for p in reversed(periods):
        if p in settled and not is_incomplete(run, period_type, p):
            return p
    return periods[-1] if periods else None


# --------------------------------------------------------------------------- initiative panel


def latest_published_run() -> IndicatorRun | None:
    return (
        IndicatorRun.objects.filter(status=RunStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .first()
    )


def link_series(
    run: IndicatorRun,
    links: Iterable[Any],
    count: int = 12,
    *,
    values: Any = None,
    public: bool = True,
) -> dict[int, list[Cell]]:
    """The last ``count`` periods of each link's indicator that the extract covers, in one
    query, from ``values`` (what the user may read); hidden cells show as "*" when
    ``public``."""
    links = list(links)
    if not links:
        return {}
    # The region's acute admissions tell where the extract starts (``coverage_start``).
    query = Q(
        indicator=ComputedIndicator.ACUTE_ADMISSIONS,
        geo_level=GeoLevel.REGION,
        period_type__in={link.period_type for link in links},
    )
    for link in links:
        query |= Q(
            indicator=link.indicator,
            sector=link.sector,
            period_type=link.period_type,
            geo_level=link.geo_level,
            geo_code=link.geo_code,
        )
    rows: dict[tuple, dict[str, IndicatorValue]] = {}
    starts: dict[tuple[str, str], list[IndicatorValue]] = {}
    source = values if values is not None else IndicatorValue.objects.all()
    for row in source.filter(query, run=run):
        key = (row.indicator, row.sector, row.period_type, row.geo_level, row.geo_code)
        rows.setdefault(key, {})[row.period] = row
        if row.indicator == ComputedIndicator.ACUTE_ADMISSIONS and row.geo_level == GeoLevel.REGION:
            starts.setdefault((row.sector, row.period_type), []).append(row)
    result: dict[int, list[Cell]] = {}
    for link in links:
        key = (link.indicator, link.sector, link.period_type, link.geo_level, link.geo_code)
        start = coverage_start(starts.get((link.sector, link.period_type), ()))
        found = rows.get(key, {})
        known = sorted(covered(found, start))
        if not known:
            result[link.pk] = []
            continue
        periods = all_periods(link.period_type, known[0], known[-1])[-count:]
        geo = (link.geo_level, link.geo_code, link.geo_name)
        result[link.pk] = [
            _cell(
                found.get(p),
                indicator=link.indicator,
                label=period_label(link.period_type, p),
                key=p,
                public=public,
                incomplete=is_incomplete(run, link.period_type, p),
                geo=geo,
                period=p,
            )
            for p in periods
        ]
    return result
