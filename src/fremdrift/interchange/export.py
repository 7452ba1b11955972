"""Writing a plan in the interchange format ``fremdrift-plan/1`` (see spec/interfaces.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import yaml

from fremdrift.core.database import danish_key
from fremdrift.core.models import OrgUnit
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import AreaMembership, Initiative, Plan, StatusUpdate

FORMAT = "fremdrift-plan/1"


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan, its areas, its current initiatives and their history as one document."""
    areas = list(plan.areas.all())
    memberships = list(
        AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
        .select_related("initiative__parent")
        .order_by("area__position", "position", "id")
    )
    refs_by_area: dict[int, list[str]] = defaultdict(list)
    areas_of: dict[int, list[str]] = defaultdict(list)
    initiatives: dict[int, Initiative] = {}
    area_slug = {a.pk: a.slug for a in areas}
    area_themes: dict[int, dict[str, str]] = defaultdict(dict)
    variants: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in memberships:
        refs_by_area[m.area_id].append(m.initiative.ref)
        areas_of[m.initiative_id].append(area_slug[m.area_id])
        initiatives.setdefault(m.initiative_id, m.initiative)
        if m.theme:
            area_themes[m.initiative_id][area_slug[m.area_id]] = m.theme
        variant = section_variant(m)
        if variant:
            variants[m.initiative_id].append({"area": area_slug[m.area_id], **variant})
    ids = list(initiatives)
    units: dict[int, dict[str, list[str]]] = defaultdict(
        lambda: {r.value: [] for r in FollowUpRole}
    )
    used_units: set[int] = set()
    for link in (
        Initiative.units.through.objects.filter(initiative_id__in=ids)
        .select_related("unit")
        .order_by("initiative_id", "role", "position")
    ):
        units[link.initiative_id][link.role].append(link.unit.name)
        used_units.add(link.unit_id)
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for update in StatusUpdate.objects.filter(initiative_id__in=ids).order_by(
        "initiative_id", "recorded_at", "id"
    ):
        entry = {"date": _date(update.status_date), "phase": update.phase, "status": update.text}
        if update.phase_target:
            entry["phase_target"] = update.phase_target
        history[update.initiative_id].append(entry)

    def initiative_entry(i: Initiative) -> dict[str, Any]:
        u = units[i.pk]
        return {
            "ref": i.ref,
            "theme": i.theme or None,
            "title": i.title,
            "short_title": i.short_title or None,
            "kind": i.kind,
            "work_form": i.work_form or None,
            "previous_work_form": i.previous_work_form or None,
            "phase": i.phase,
            "phase_target": i.phase_target or None,
            "year_task": i.year_task or None,
            "description": i.description or None,
            "background": i.background or None,
            "status": i.status_text or None,
            "status_date": _date(i.status_date),
            "start_date": _date(i.start_date),
            "end_date": _date(i.end_date),
            "parent": i.parent.ref if i.parent_id and i.parent.plan_id == plan.pk else None,
            "follow_up": {
                "local": u["local"],
                "common": u["common"],
                "lead": u["lead"][0] if u["lead"] else None,
                "text": i.follow_up_text or None,
            },
            "areas": areas_of[i.pk],
            "area_themes": area_themes.get(i.pk) or None,
            "variants": variants.get(i.pk) or None,
            "history": history[i.pk],
        }

    return {
        "format": FORMAT,
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "owner": plan.owner or None,
            "period_start": _date(plan.period_start),
            "period_end": _date(plan.period_end),
            "purpose": list(plan.purpose or []),
            "background": list(plan.background or []),
        },
        "areas": [
            {"slug": a.slug, "title": a.title, "initiatives": refs_by_area[a.pk]} for a in areas
        ],
        "initiatives": [initiative_entry(initiatives[pk]) for pk in ids],
        "units": units_document(used_units),
    }


def section_variant(membership: AreaMembership) -> dict[str, str]:
    """A section's own wording of an initiative, as an interchange ``variants`` entry."""
    variant = {}
    if membership.title:
        variant["title"] = membership.title
    if membership.status_text:
        variant["status"] = membership.status_text
        variant["status_for"] = membership.status_for
    if membership.follow_up_text:
        variant["follow_up"] = membership.follow_up_text
    return variant


def units_document(unit_ids: set[int]) -> list[dict[str, Any]]:
    """The named units and their ancestors, parents first, so an empty database can rebuild them."""
    if not unit_ids:
        return []
    all_units = {u.pk: u for u in OrgUnit.objects.all()}
    wanted: set[int] = set()
    for pk in unit_ids:
        unit = all_units.get(pk)
        while unit is not None and unit.pk not in wanted:
            wanted.add(unit.pk)
            unit = all_units.get(unit.parent_id) if unit.parent_id else None
    ordered = sorted((all_units[pk] for pk in wanted), key=lambda u: (u.depth, danish_key(u.name)))
    return [
        {
            "name": u.name,
            "short_name": u.short_name or None,
            "kind": u.kind,
            "parent": all_units[u.parent_id].name if u.parent_id else None,
        }
        for u in ordered
    ]


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value seen twice out in full: the importer refuses anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dumps(document: dict[str, Any], fmt: str) -> str:
    """Serialise a document as ``json`` or ``yaml`` text."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.dump(
            document, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100
        )
    raise ValueError(f"Unknown format {fmt!r}")
