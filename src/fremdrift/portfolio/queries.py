"""Read-side queries of the portfolio: the plan page and the search, in fixed query counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import Area, AreaMembership, Initiative, InitiativeUnit, Plan


@dataclass
class Row:
    """One initiative as a row of an area table."""

    initiative: Initiative
    lead: list[Any] = field(default_factory=list)
    common: list[Any] = field(default_factory=list)
    local: list[Any] = field(default_factory=list)
    show_theme: bool = False
    # The heading and wording this section shows (its own, or the initiative's).
    theme: str = ""
    title: str = ""
    status: str = ""
    follow_up_text: str = ""
    other_areas: list[Area] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class AreaTable:
    area: Area
    rows: list[Row]


def units_by_initiative(initiative_ids: list[int]) -> dict[int, dict[str, list[Any]]]:
    """Follow-up units of many initiatives in one query, by initiative and role."""
    result: dict[int, dict[str, list[Any]]] = defaultdict(
        lambda: {role.value: [] for role in FollowUpRole}
    )
    links = (
        InitiativeUnit.objects.filter(initiative_id__in=initiative_ids)
        .select_related("unit")
        .order_by("initiative_id", "role", "position")
    )
    for link in links:
        result[link.initiative_id][link.role].append(link.unit)
    return result


def plan_tables(plan: Plan) -> list[AreaTable]:
    """The plan's areas in order, each with its current initiatives and their units."""
    areas = list(plan.areas.all())
    memberships = list(
        AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
        .select_related("initiative")
        .order_by("area__position", "position", "id")
    )
    units = units_by_initiative([m.initiative_id for m in memberships])
    areas_of: dict[int, list[Area]] = defaultdict(list)
    area_by_id = {a.pk: a for a in areas}
    for m in memberships:
        areas_of[m.initiative_id].append(area_by_id[m.area_id])
    rows_by_area: dict[int, list[Row]] = defaultdict(list)
    for m in memberships:
        u = units[m.initiative_id]
        rows_by_area[m.area_id].append(
            Row(
                initiative=m.initiative,
                lead=u["lead"],
                common=u["common"],
                local=u["local"],
                other_areas=[a for a in areas_of[m.initiative_id] if a.pk != m.area_id],
                theme=m.theme or m.initiative.theme,
                title=m.title or m.initiative.title,
                status=(
                    m.status_text
                    if m.status_text and m.status_for == m.initiative.status_text
                    else m.initiative.status_text
                ),
                follow_up_text=m.follow_up_text or m.initiative.follow_up_text,
            )
        )
    tables = []
    for area in areas:
        rows = rows_by_area.get(area.pk, [])
        previous = None
        for row in rows:
            row.show_theme = bool(row.theme) and row.theme != previous
            previous = row.theme
        tables.append(AreaTable(area=area, rows=rows))
    return tables


SORTS = {
    "title": ("title",),
    "-title": ("-title",),
    "phase": ("phase", "title"),
    "status_date": ("status_date", "title"),
    "-status_date": ("-status_date", "title"),
    "plan": ("plan__title", "title"),
}


def search_initiatives(
    base: QuerySet,
    *,
    q: str = "",
    plan: Plan | None = None,
    area: Area | None = None,
    phase: str = "",
    work_form: str = "",
    unit: Any = None,
    follow_up: str = "",
    include_archived: bool = False,
    sort: str = "title",
) -> QuerySet:
    """Filter the initiatives the user may see by the search form's fields."""
    qs = base if include_archived else base.filter(archived_at__isnull=True)
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(theme__icontains=word)
                | Q(status_text__icontains=word)
                | Q(year_task__icontains=word)
                | Q(follow_up_text__icontains=word)
                | Q(ref__icontains=word)
            )
    if plan is not None:
        qs = qs.filter(
            Q(plan=plan) | Q(memberships__valid_to__isnull=True, memberships__area__plan=plan)
        )
    if area is not None:
        qs = qs.filter(memberships__valid_to__isnull=True, memberships__area=area)
    if phase:
        qs = qs.filter(phase=phase)
    if work_form:
        qs = qs.filter(work_form=work_form)
    if unit is not None:
        unit_filter = Q(unit_links__unit__path__startswith=unit.path)
        if follow_up == "local":
            unit_filter &= Q(unit_links__role=FollowUpRole.LOCAL)
        elif follow_up == "common":
            unit_filter &= Q(unit_links__role__in=[FollowUpRole.COMMON, FollowUpRole.LEAD])
        qs = qs.filter(unit_filter)
    elif follow_up == "local":
        qs = qs.filter(unit_links__role=FollowUpRole.LOCAL)
    elif follow_up == "common":
        qs = qs.filter(unit_links__role__in=[FollowUpRole.COMMON, FollowUpRole.LEAD])
    qs = Initiative.objects.filter(pk__in=qs.values("pk")).select_related("plan")
    return qs.order_by(*SORTS.get(sort, SORTS["title"]))
