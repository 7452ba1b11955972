"""Building a :class:`PlanSnapshot` of a plan as it was at a point in time.

One query per model, from the recorded history: initiative versions, area memberships valid
at that time, the areas and the units. Today's rows are never read for past content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from fremdrift.core.models import OrgUnit
from fremdrift.portfolio.choices import Kind, Phase, WorkForm
from fremdrift.portfolio.models import (
    SECTION_WORDING_FIELDS,
    AreaMembership,
    InitiativeVersion,
    Plan,
)
from fremdrift.reports.snapshot import AreaSnapshot, InitiativeSnapshot, PlanSnapshot

# Other apps may mark initiatives in a snapshot, e.g. "not_reported" in the current update
# round: fn(plan, as_of, initiative_ids) -> {initiative_id: {"flag", …}}.
SNAPSHOT_FLAGS: list[Callable[[Plan, dt.datetime, list[int]], dict[int, set[str]]]] = []


def _label(choices: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def plan_snapshot(
    plan: Plan, as_of: dt.datetime | None = None, areas: Iterable[str] | None = None
) -> PlanSnapshot:
    """The plan as it was at ``as_of`` (default: now), optionally only some areas (slugs)."""
    as_of = as_of or timezone.now()
    area_filter = set(areas) if areas else None
    area_rows = [
        a
        for a in plan.areas.filter(created_at__lte=as_of)
        if area_filter is None or a.slug in area_filter
    ]
    memberships = list(
        AreaMembership.objects.filter(area__in=[a.pk for a in area_rows], valid_from__lte=as_of)
        .exclude(valid_to__lte=as_of)
        .order_by("area_id", "position", "valid_from", "id")
        .values_list("area_id", "initiative_id", *SECTION_WORDING_FIELDS)
    )
    ids = sorted({row[1] for row in memberships})
    latest: dict[int, InitiativeVersion] = {}
    versions = (
        InitiativeVersion.objects.filter(initiative_id__in=ids, valid_from__lte=as_of)
        .order_by("initiative_id", "valid_from", "version")
        .select_related("initiative")
    )
    for version in versions:
        latest[version.initiative_id] = version
    unit_ids = {
        pk for v in latest.values() for pks in (v.data.get("units") or {}).values() for pk in pks
    }
    names = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    flags: dict[int, set[str]] = {}
    for provider in SNAPSHOT_FLAGS:
        for pk, marks in provider(plan, as_of, ids).items():
            flags.setdefault(pk, set()).update(marks)
    initiatives = {
        pk: _initiative(version, names, flags.get(pk, set())) for pk, version in latest.items()
    }
    by_area: dict[int, list[int]] = {a.pk: [] for a in area_rows}
    wording: dict[int, list[tuple[str, ...]]] = {a.pk: [] for a in area_rows}
    for area_id, initiative_id, *words in memberships:
        if initiative_id in initiatives and initiative_id not in by_area[area_id]:
            by_area[area_id].append(initiative_id)
            wording[area_id].append(tuple(words))
    return PlanSnapshot(
        slug=plan.slug,
        title=plan.title,
        as_of=as_of,
        owner=plan.owner,
        period_start=plan.period_start,
        period_end=plan.period_end,
        purpose=tuple(plan.purpose or ()),
        background=tuple(plan.background or ()),
        areas=tuple(
            AreaSnapshot(
                id=a.pk,
                slug=a.slug,
                title=a.title,
                position=a.position,
                initiative_ids=tuple(by_area[a.pk]),
                **_section_wording(wording[a.pk]),
            )
            for a in area_rows
        ),
        initiatives=initiatives,
    )


def _section_wording(rows: list[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The area's wording columns (``SECTION_WORDING_FIELDS`` order), empty when unused."""
    names = ("themes", "titles", "statuses", "status_fors", "follow_ups")
    if not any(any(row) for row in rows):
        return {}
    return {name: tuple(row[n] for row in rows) for n, name in enumerate(names)}


def _initiative(
    version: InitiativeVersion, names: dict[int, str], flags: set[str]
) -> InitiativeSnapshot:
    data = version.data
    units = data.get("units") or {}

    def unit_names(role: str) -> tuple[str, ...]:
        return tuple(names[pk] for pk in units.get(role, []) if pk in names)

    lead = unit_names("lead")
    return InitiativeSnapshot(
        id=version.initiative_id,
        ref=version.initiative.ref,
        title=data.get("title", ""),
        theme=data.get("theme", ""),
        kind=data.get("kind", ""),
        kind_label=_label(Kind, data.get("kind", "")),
        work_form=data.get("work_form", ""),
        work_form_label=_label(WorkForm, data.get("work_form", "")),
        phase=data.get("phase", ""),
        phase_label=_label(Phase, data.get("phase", "")),
        phase_target=data.get("phase_target", ""),
        phase_target_label=_label(Phase, data.get("phase_target", "")),
        year_task=data.get("year_task", ""),
        status=data.get("status_text", ""),
        status_date=_date(data.get("status_date")),
        follow_up_text=data.get("follow_up_text", ""),
        local_units=unit_names("local"),
        common_units=unit_names("common"),
        lead=lead[0] if lead else "",
        flags=frozenset(flags),
    )
