"""Plain data describing a plan as it was at one point in time.

A snapshot is built once from the recorded history (``reports.asof``) and is the only
input of change detection and of every renderer: nothing below this module touches the
database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class InitiativeSnapshot:
    """One initiative's fields as they were at the snapshot time."""

    id: int
    ref: str
    title: str
    theme: str = ""
    kind: str = ""  # code: "implementering" | "udvikling"
    kind_label: str = ""
    work_form: str = ""  # code or ""
    work_form_label: str = ""
    phase: str = ""  # code, e.g. "udvikling"
    phase_label: str = ""  # e.g. "Udvikling"
    phase_target: str = ""  # code or ""
    phase_target_label: str = ""
    year_task: str = ""
    status: str = ""  # latest status text at the snapshot time
    status_date: date | None = None
    follow_up_text: str = ""  # the follow-up cell as written
    local_units: tuple[str, ...] = ()
    common_units: tuple[str, ...] = ()
    lead: str = ""
    # Markers set by other parts of the system, e.g. "not_reported" when the initiative
    # has not reported in the plan's current update round.
    flags: frozenset[str] = frozenset()

    @property
    def phase_text(self) -> str:
        """The phase as the decks write it: "Udvikling -> Implementering"."""
        if self.phase_target_label:
            return f"{self.phase_label} -> {self.phase_target_label}"
        return self.phase_label


@dataclass(frozen=True)
class AreaSnapshot:
    """An area (spor / afsnit) of the plan with its initiatives in their order."""

    id: int
    slug: str
    title: str
    position: int
    initiative_ids: tuple[int, ...] = ()
    # The section's own heading and wording of each initiative, in the order of
    # ``initiative_ids`` ("" where the section uses the initiative's own; empty tuples in
    # snapshots stored before sections had them).
    themes: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    status_fors: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()

    def worded(self, initiative: InitiativeSnapshot) -> InitiativeSnapshot:
        """The initiative as this section shows it: its heading and wording here."""
        try:
            index = self.initiative_ids.index(initiative.id)
        except ValueError:
            return initiative

        def at(values: tuple[str, ...]) -> str:
            return values[index] if index < len(values) else ""

        changes: dict[str, str] = {}
        if at(self.themes):
            changes["theme"] = at(self.themes)
        if at(self.titles):
            changes["title"] = at(self.titles)
        if at(self.statuses) and at(self.status_fors) == initiative.status:
            changes["status"] = at(self.statuses)
        if at(self.follow_ups):
            changes["follow_up_text"] = at(self.follow_ups)
        return dataclasses.replace(initiative, **changes) if changes else initiative


@dataclass(frozen=True)
class PlanSnapshot:
    """A plan, its areas in order and its initiatives, as they were at ``as_of``."""

    slug: str
    title: str
    as_of: datetime
    owner: str = ""
    period_start: date | None = None
    period_end: date | None = None
    purpose: tuple[str, ...] = ()
    background: tuple[str, ...] = ()
    areas: tuple[AreaSnapshot, ...] = ()
    initiatives: Mapping[int, InitiativeSnapshot] = field(default_factory=dict)

    @property
    def uses_year_tasks(self) -> bool:
        """Year plans ("Opgave i 2021") are laid out as Indsats | Opgave | Status."""
        return any(i.year_task for i in self.initiatives.values())


# -- storing a snapshot (an issued report keeps the one it showed) -------------------------

SNAPSHOT_FORMAT = 1


def _plain(value: Any) -> Any:
    """A snapshot value as JSON data: dates as ISO text, tuples and sets as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _fields_data(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def snapshot_to_data(plan: PlanSnapshot) -> dict[str, Any]:
    """The snapshot as JSON data, to store with an issued report."""
    data = _fields_data(dataclasses.replace(plan, areas=(), initiatives={}))
    data.pop("initiatives")
    data["format"] = SNAPSHOT_FORMAT
    data["areas"] = [_fields_data(a) for a in plan.areas]
    data["initiatives"] = [_fields_data(i) for i in plan.initiatives.values()]
    return data


def _typed(value: Any, annotation: str) -> Any:
    """A stored value back in the type its field is annotated with."""
    if value is None:
        return None
    if annotation.startswith("datetime"):
        return datetime.fromisoformat(value)
    if annotation.startswith("date"):
        return date.fromisoformat(value)
    if annotation.startswith("tuple"):
        return tuple(value)
    if annotation.startswith("frozenset"):
        return frozenset(value)
    return value


def _build(cls: type, data: Mapping[str, Any], **fixed: Any) -> Any:
    """An instance of a snapshot dataclass from stored data.

    Fields the data lacks take their defaults and keys the class no longer has are left out,
    so a snapshot stored by an older version of the application still reads.
    """
    hints = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    values = {
        name: _typed(data[name], hints[name])
        for name in hints
        if name in data and name not in fixed
    }
    return cls(**values, **fixed)


def snapshot_from_data(data: Mapping[str, Any]) -> PlanSnapshot:
    """A snapshot stored with :func:`snapshot_to_data`, as it was."""
    areas = tuple(_build(AreaSnapshot, a) for a in data.get("areas", ()))
    initiatives = {i["id"]: _build(InitiativeSnapshot, i) for i in data.get("initiatives", ())}
    return _build(PlanSnapshot, data, areas=areas, initiatives=initiatives)
