"""Filters of the API's list endpoints. Choices of plans, areas and initiatives are limited
to what the requesting user may see, so a filter never reveals that a hidden object exists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fremdrift.core import access
from fremdrift.core.choices import UnitKind
from fremdrift.core.models import OrgUnit
from fremdrift.indicators.choices import ComputedIndicator, GeoLevel, PeriodType, Sector
from fremdrift.indicators.models import IndicatorValue
from fremdrift.indicators.queries import period_bounds
from fremdrift.portfolio.choices import FollowUpRole, Phase, WorkForm
from fremdrift.portfolio.models import Area, Initiative, Plan, StatusUpdate


def _plans(request: Any) -> QuerySet:
    return access.visible_plans(request.user) if request else Plan.objects.none()


def _areas(request: Any) -> QuerySet:
    if request is None:
        return Area.objects.none()
    return Area.objects.filter(plan__in=access.visible_plans(request.user))


def _initiatives(request: Any) -> QuerySet:
    return access.visible_initiatives(request.user) if request else Initiative.objects.none()


def _words(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    """Keep rows that contain every word of ``value`` in one of ``fields``."""
    for word in value.split():
        query = Q()
        for name in fields:
            query |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(query)
    return queryset


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    parent = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all())

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "parent"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _words(queryset, ["name", "short_name"], value)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("Archived")
    )

    class Meta:
        model = Plan
        fields = ["q", "archived"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _words(queryset, ["title", "slug", "owner"], value)


class AreaFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=_plans)

    class Meta:
        model = Area
        fields = ["plan"]


class InitiativeFilter(django_filters.FilterSet):
    """The same filters as the search page: plan, area, phase, work form, unit and words."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    plan = django_filters.ModelChoiceFilter(queryset=_plans, method="filter_plan")
    area = django_filters.ModelChoiceFilter(queryset=_areas, method="filter_area")
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    work_form = django_filters.ChoiceFilter(choices=WorkForm.choices)
    unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), method="filter_unit")
    follow_up = django_filters.ChoiceFilter(
        choices=[("local", _("Local")), ("common", _("Common"))], method="filter_follow_up"
    )
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("Archived")
    )

    class Meta:
        model = Initiative
        fields = ["q", "plan", "area", "phase", "work_form", "unit", "follow_up", "archived"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        fields = ["title", "theme", "status_text", "year_task", "follow_up_text", "ref"]
        return _words(queryset, fields, value)

    def filter_plan(self, queryset: QuerySet, name: str, value: Plan) -> QuerySet:
        return queryset.filter(
            Q(plan=value) | Q(memberships__valid_to__isnull=True, memberships__area__plan=value)
        )

    def filter_area(self, queryset: QuerySet, name: str, value: Area) -> QuerySet:
        return queryset.filter(memberships__valid_to__isnull=True, memberships__area=value)

    def filter_unit(self, queryset: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return queryset.filter(unit_links__unit__path__startswith=value.path)

    def filter_follow_up(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        roles = (
            [FollowUpRole.LOCAL] if value == "local" else [FollowUpRole.COMMON, FollowUpRole.LEAD]
        )
        return queryset.filter(unit_links__role__in=roles)


class StatusUpdateFilter(django_filters.FilterSet):
    initiative = django_filters.ModelChoiceFilter(queryset=_initiatives)
    plan = django_filters.ModelChoiceFilter(queryset=_plans, field_name="initiative__plan")
    since = django_filters.DateFilter(field_name="status_date", lookup_expr="gte")

    class Meta:
        model = StatusUpdate
        fields = ["initiative", "plan", "since"]


PERIOD = re.compile(r"\d{4}-(?:0[1-9]|1[0-2]|W\d{2})")


def period_dates(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a month (``2022-01``) or ISO week (``2022-W05``); None for
    anything else (``2022-13``, ``2021-W53``: 2021 has 52 weeks)."""
    if not PERIOD.fullmatch(text):
        return None
    try:
        return period_bounds(PeriodType.WEEK if "W" in text else PeriodType.MONTH, text)
    except ValueError:
        return None


class PeriodField(forms.CharField):
    """A month or an ISO week, cleaned to its first and last day."""

    def clean(self, value: Any) -> tuple[dt.date, dt.date] | None:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        dates = period_dates(text.strip())
        if dates is None:
            raise forms.ValidationError(
                _("Give a month (2022-01) or an ISO week (2022-W05)."), code="invalid"
            )
        return dates


class PeriodBoundFilter(django_filters.CharFilter):
    """``period_from``/``period_to`` by time, not by text (``2022-W01`` sorts after
    ``2022-11``): weeks and months alike, every period that overlaps the time from the first
    day of the ``from`` bound, or up to the last day of the ``to`` bound."""

    field_class = PeriodField

    def __init__(self, *args: Any, bound: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bound = bound

    def filter(self, qs: QuerySet, value: tuple[dt.date, dt.date] | None) -> QuerySet:
        if value is None:
            return qs
        first, last = value
        periods = qs.order_by().values_list("period_type", "period").distinct()
        keep = set()
        for period_type, period in periods:
            start, end = period_bounds(period_type, period)
            if (end >= first) if self.bound == "from" else (start <= last):
                keep.add(period)
        return qs.filter(period__in=keep)


class IndicatorValueFilter(django_filters.FilterSet):
    """Indicator, sector, period and geography; the run (default: the latest published)."""

    run = django_filters.NumberFilter(field_name="run", label=_("Run"))
    indicator = django_filters.ChoiceFilter(choices=ComputedIndicator.choices)
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices)
    period = django_filters.CharFilter(label=_("Period (2022-01 or 2022-W05)"))
    period_from = PeriodBoundFilter(
        bound="from",
        label=_(
            "From period (2022-01 or 2022-W05): the months and weeks that end on or after "
            "its first day"
        ),
    )
    period_to = PeriodBoundFilter(
        bound="to",
        label=_(
            "To period (2022-01 or 2022-W05): the months and weeks that start on or before "
            "its last day"
        ),
    )
    geo_level = django_filters.ChoiceFilter(choices=GeoLevel.choices)
    geo_code = django_filters.CharFilter(label=_("Geography code"))

    class Meta:
        model = IndicatorValue
        fields = [
            "run",
            "indicator",
            "sector",
            "period_type",
            "period",
            "period_from",
            "period_to",
            "geo_level",
            "geo_code",
        ]
