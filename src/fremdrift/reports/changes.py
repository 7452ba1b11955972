"""Change detection between two snapshots of a plan: a pure function of two points in time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from .snapshot import InitiativeSnapshot, PlanSnapshot


class ChangeKind(StrEnum):
    """What happened to an initiative between the baseline and the current snapshot."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"  # no longer in the plan


def follow_up_text(initiative: InitiativeSnapshot) -> str:
    """The follow-up cell as the decks write it.

    The follow-up text as written wins; without it the cell is composed from the local and
    common units ("Lokalt: …" / "Fælles: …").
    """
    if initiative.follow_up_text.strip():
        return initiative.follow_up_text
    lines = []
    if initiative.local_units:
        lines.append(gettext("Local: %(units)s") % {"units": ", ".join(initiative.local_units)})
    if initiative.common_units:
        lines.append(gettext("Common: %(units)s") % {"units": ", ".join(initiative.common_units)})
    return "\n".join(lines)


def _follow_up_key(initiative: InitiativeSnapshot) -> str:
    """Follow-up text and units together: a change to either is a change."""
    return "\n".join(
        [
            initiative.follow_up_text,
            "|".join(initiative.local_units),
            "|".join(initiative.common_units),
        ]
    )


@dataclass(frozen=True)
class Field:
    """A compared field: its code, its label (an English msgid) and how to read it."""

    code: str
    label_msgid: str
    display: Callable[[InitiativeSnapshot], str]
    key: Callable[[InitiativeSnapshot], str]

    @property
    def label(self) -> str:
        """The translated label, e.g. "Status" or "Opfølgning"."""
        return gettext(self.label_msgid)


FIELDS: tuple[Field, ...] = (
    Field("title", gettext_noop("Title"), lambda i: i.title, lambda i: i.title),
    Field("theme", gettext_noop("Theme"), lambda i: i.theme, lambda i: i.theme),
    Field("status", gettext_noop("Status"), lambda i: i.status, lambda i: i.status),
    Field(
        "phase",
        gettext_noop("Phase"),
        lambda i: i.phase_text,
        lambda i: f"{i.phase}>{i.phase_target}|{i.phase_text}",
    ),
    Field("follow_up", gettext_noop("Follow-up"), follow_up_text, _follow_up_key),
    Field(
        "year_task", gettext_noop("Task for the year"), lambda i: i.year_task, lambda i: i.year_task
    ),
)
FIELDS_BY_CODE: dict[str, Field] = {f.code: f for f in FIELDS}


def _normalise(value: str) -> str:
    """Whitespace differences are not changes."""
    return " ".join(value.split())


def changed_fields(old: InitiativeSnapshot, new: InitiativeSnapshot) -> tuple[str, ...]:
    """Codes of the compared fields that differ between two versions of an initiative."""
    return tuple(f.code for f in FIELDS if _normalise(f.key(old)) != _normalise(f.key(new)))


@dataclass(frozen=True)
class InitiativeChange:
    """What changed for one initiative between the baseline and now."""

    initiative_id: int
    title: str
    kind: ChangeKind
    fields: tuple[str, ...] = ()  # codes from FIELDS
    joined_areas: tuple[str, ...] = ()  # area slugs it was added to
    left_areas: tuple[str, ...] = ()  # area slugs it was removed from

    @property
    def removed_from_plan(self) -> bool:
        """True when the initiative is no longer in the plan."""
        return self.kind is ChangeKind.REMOVED

    @property
    def removed_from_area(self) -> bool:
        """True when the initiative left at least one area (still in the plan or not)."""
        return bool(self.left_areas)


def area_slugs_by_initiative(plan: PlanSnapshot) -> dict[int, tuple[str, ...]]:
    """For each initiative, the slugs of the areas it sits in, in area order."""
    result: dict[int, list[str]] = {}
    for area in sorted(plan.areas, key=lambda a: a.position):
        for initiative_id in area.initiative_ids:
            result.setdefault(initiative_id, []).append(area.slug)
    return {k: tuple(v) for k, v in result.items()}


def _in_plan(plan: PlanSnapshot) -> list[int]:
    """Ids of the initiatives in the plan: those in an area first, in order, then the rest."""
    ids = list(area_slugs_by_initiative(plan))
    ids.extend(i for i in plan.initiatives if i not in set(ids))
    return [i for i in ids if i in plan.initiatives]


def detect_changes(baseline: PlanSnapshot, current: PlanSnapshot) -> list[InitiativeChange]:
    """Report per initiative what changed from ``baseline`` to ``current``.

    Initiatives of the current plan come first in plan order, then those that were removed
    from the plan, in their baseline order.
    """
    old_areas = area_slugs_by_initiative(baseline)
    new_areas = area_slugs_by_initiative(current)
    changes = [_change_of(i, baseline, current, old_areas, new_areas) for i in _in_plan(current)]
    for initiative_id in _in_plan(baseline):
        if initiative_id not in current.initiatives:
            old = baseline.initiatives[initiative_id]
            changes.append(
                InitiativeChange(
                    initiative_id,
                    old.title,
                    ChangeKind.REMOVED,
                    left_areas=old_areas.get(initiative_id, ()),
                )
            )
    return changes


def _change_of(
    initiative_id: int,
    baseline: PlanSnapshot,
    current: PlanSnapshot,
    old_areas: dict[int, tuple[str, ...]],
    new_areas: dict[int, tuple[str, ...]],
) -> InitiativeChange:
    """The change record of one initiative that is in the current plan."""
    new = current.initiatives[initiative_id]
    old = baseline.initiatives.get(initiative_id)
    if old is None:
        return InitiativeChange(
            initiative_id, new.title, ChangeKind.NEW, joined_areas=new_areas.get(initiative_id, ())
        )
    before = old_areas.get(initiative_id, ())
    after = new_areas.get(initiative_id, ())
    joined = tuple(a for a in after if a not in before)
    left = tuple(a for a in before if a not in after)
    fields = changed_fields(old, new)
    kind = ChangeKind.CHANGED if fields or joined or left else ChangeKind.UNCHANGED
    return InitiativeChange(initiative_id, new.title, kind, fields, joined, left)
