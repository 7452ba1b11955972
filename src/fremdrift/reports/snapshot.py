"""Plain data describing a plan as it was at one point in time.

A snapshot is built once from the recorded history (``reports.asof``) and is the only
input of change detection and of every renderer: nothing below this module touches the
database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime


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
    areas: tuple[AreaSnapshot, ...] = ()
    initiatives: Mapping[int, InitiativeSnapshot] = field(default_factory=dict)

    @property
    def uses_year_tasks(self) -> bool:
        """Year plans ("Opgave i 2021") are laid out as Indsats | Opgave | Status."""
        return any(i.year_task for i in self.initiatives.values())
