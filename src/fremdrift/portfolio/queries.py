"""Read-side queries of the portfolio: the plan page and the search, in fixed query counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length

from fremdrift.portfolio.choices import PHASE_ORDER, FollowUpRole
from fremdrift.portfolio.models import Area, AreaMembership, Initiative, InitiativeUnit, Plan


@dataclass
class Row:
    """One initiative as a row of an area table.

    The page knows each row by its stamp (``key``) first and loads the initiative and its
    units (``load_rows``) only for rows it has to render anew (``core.fragments``).
    """

    initiative_id: int
    area_id: int
    stamp: tuple[Any, ...]
    theme: str = ""
    unit_stamp: tuple[Any, ...] = ()
    show_theme: bool = False
    # The section's own wording (AreaMembership: title, status_text, status_for,
    # follow_up_text); ``load_rows`` turns it into what the row shows.
    wording: tuple[str, ...] = ()
    title: str = ""
    status: str = ""
    follow_up_text: str = ""
    other_areas: list[Area] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    may_edit: bool = False
    initiative: Initiative | None = None
    lead: list[Any] = field(default_factory=list)
    common: list[Any] = field(default_factory=list)
    local: list[Any] = field(default_factory=list)
    html: str = ""

    def key(self, *page: Any) -> tuple[Any, ...]:
        """Everything the row shows: the initiative's version and time of change, its
        place, its units, its other areas, its notes, the user's permission on it
        (``may_edit``) and what of the ``page`` it depends on."""
        return (
            self.initiative_id,
            self.area_id,
            self.stamp,
            self.show_theme,
            self.theme,
            self.wording,
            self.unit_stamp,
            tuple((a.pk, a.slug, a.title) for a in self.other_areas),
            tuple(self.notes),
            self.may_edit,
            page,
        )


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


def unit_stamps(initiatives: QuerySet) -> dict[int, tuple[Any, ...]]:
    """What the follow-up units of the ``initiatives`` (a query of their ids) look like:
    role, unit and its names, as plain values in one query; part of a row's cache key."""
    stamps: dict[int, list[Any]] = defaultdict(list)
    links = (
        InitiativeUnit.objects.filter(initiative_id__in=initiatives)
        .order_by("initiative_id", "role", "position")
        .values_list("initiative_id", "role", "unit_id", "unit__name", "unit__short_name")
    )
    for initiative_id, *link in links:
        stamps[initiative_id].append(tuple(link))
    return {pk: tuple(values) for pk, values in stamps.items()}


def plan_tables(plan: Plan, editable: QuerySet) -> tuple[list[AreaTable], bool]:
    """The plan's areas in order, each with its current initiatives as rows known by their
    stamps, and whether any of them has a task for the year. ``editable``: the initiatives
    the user may change (``access.editable_initiatives``), for ``Row.may_edit``. Three
    queries; the rows' initiatives and units are loaded by ``load_rows``."""
    areas = list(plan.areas.all())
    current = AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
    memberships = list(
        current.annotate(
            year_task_length=Length("initiative__year_task"),
            may_edit=Exists(editable.filter(pk=OuterRef("initiative_id"))),
        )
        .order_by("area__position", "position", "id")
        .values_list(
            "area_id",
            "initiative_id",
            "initiative__version",
            "initiative__updated_at",
            "initiative__theme",
            "year_task_length",
            "may_edit",
            "theme",
            "title",
            "status_text",
            "status_for",
            "follow_up_text",
        )
    )
    units = unit_stamps(current.values("initiative_id"))
    areas_of: dict[int, list[Area]] = defaultdict(list)
    area_by_id = {a.pk: a for a in areas}
    for area_id, initiative_id, *_rest in memberships:
        areas_of[initiative_id].append(area_by_id[area_id])
    rows_by_area: dict[int, list[Row]] = defaultdict(list)
    for area_id, initiative_id, version, updated_at, theme, _length, may_edit, *own in memberships:
        rows_by_area[area_id].append(
            Row(
                initiative_id=initiative_id,
                area_id=area_id,
                stamp=(version, updated_at.isoformat()),
                theme=own[0] or theme,
                wording=tuple(own[1:]),
                unit_stamp=units.get(initiative_id, ()),
                other_areas=[a for a in areas_of[initiative_id] if a.pk != area_id],
                may_edit=may_edit,
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
    return tables, any(m[5] for m in memberships)


def load_rows(rows: list[Row]) -> None:
    """Load the initiatives and follow-up units of the rows to be rendered. Two queries."""
    ids = sorted({row.initiative_id for row in rows})
    initiatives = Initiative.objects.in_bulk(ids)
    units = units_by_initiative(ids)
    for row in rows:
        initiative = row.initiative = initiatives[row.initiative_id]
        title, status, status_for, follow_up_text = row.wording or ("", "", "", "")
        row.title = title or initiative.title
        # A section's own status stands until a newer status is recorded for the initiative.
        own_status = status and status_for == initiative.status_text
        row.status = status if own_status else initiative.status_text
        row.follow_up_text = follow_up_text or initiative.follow_up_text
        u = units[row.initiative_id]
        row.lead, row.common, row.local = u["lead"], u["common"], u["local"]


# Phases in the order of an initiative's life (afdækning → … → drift, afsluttet, stoppet),
# not by their names.
PHASE_RANK = Case(
    *(When(phase=code, then=Value(rank)) for code, rank in PHASE_ORDER.items()),
    default=Value(len(PHASE_ORDER)),
    output_field=IntegerField(),
)

SORTS = {
    "title": ("title__danish",),
    "-title": ("-title__danish",),
    "phase": (PHASE_RANK, "title__danish"),
    "status_date": ("status_date", "title__danish"),
    "-status_date": ("-status_date", "title__danish"),
    "plan": ("plan__title__danish", "title__danish"),
}


def _word_filter(word: str) -> Q:
    """Initiatives with ``word`` in a text a user reads of them: their own fields and the
    wording of the sections they sit in now (a section's status only while it still rewords
    the initiative's status). One subquery, so the search stays one query."""
    in_section = AreaMembership.objects.filter(
        Q(theme__icontains=word)
        | Q(title__icontains=word)
        | Q(follow_up_text__icontains=word)
        | Q(status_text__icontains=word, status_for=OuterRef("status_text")),
        initiative_id=OuterRef("pk"),
        valid_to__isnull=True,
    )
    return (
        Q(title__icontains=word)
        | Q(theme__icontains=word)
        | Q(status_text__icontains=word)
        | Q(year_task__icontains=word)
        | Q(description__icontains=word)
        | Q(follow_up_text__icontains=word)
        | Q(ref__icontains=word)
        | Exists(in_section)
    )


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
            qs = qs.filter(_word_filter(word))
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
