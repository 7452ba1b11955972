"""The content of a status report: plain data built once, laid out by every renderer.

:func:`build_content` turns the current snapshot of a plan and the baseline snapshot (the
plan as it was when the previous report was issued) into a :class:`ReportContent` with the
changed sentences marked. It is a pure function: no database, no files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext

from .changes import (
    FIELDS,
    ChangeKind,
    InitiativeChange,
    area_slugs_by_initiative,
    detect_changes,
    follow_up_text,
)
from .marking import MarkedText, mark_changes
from .snapshot import AreaSnapshot, InitiativeSnapshot, PlanSnapshot

LAYOUT_STATUS = "status"  # Initiativer | Status | Opfølgning: Lokal/Fælles
LAYOUT_YEAR_TASK = "year_task"  # Indsats | Opgave | Status
NOT_REPORTED_FLAG = "not_reported"


@dataclass(frozen=True)
class DeckSettings:
    """A plan's choices for the layout of its decks (``reports.models.DeckOptions``)."""

    show_background: bool = True  # a "Baggrund" slide opens the deck
    show_purpose: bool = True  # a "Formål" slide follows
    show_phase: bool = False  # "Fase: …" under each status (status layout)
    show_not_reported: bool = False  # "[Ikke indrapporteret]" in PPTX and PDF
    change_marker: str = "underline"  # besides red: "underline", "bold", "italic", "none"
    show_indicators: bool = False  # a chart slide per linked indicator and measure


@dataclass(frozen=True)
class IndicatorPoint:
    """One period (or date) of an indicator chart; a hidden value is None, shown as "*"."""

    label: str
    value: float | None
    text: str
    hidden: bool = False
    preliminary: bool = False


@dataclass(frozen=True)
class IndicatorChart:
    """An indicator an initiative is meant to move, as a deck draws it: computed (from the
    latest published run, small numbers hidden) or entered by hand, with its target."""

    title: str
    where: str
    initiative: str
    points: tuple[IndicatorPoint, ...]
    rate: bool = False
    unit: str = ""
    target: float | None = None
    target_text: str = ""
    latest_text: str = ""
    latest_label: str = ""
    source: str = ""
    name: str = ""  # the indicator's own name (the title may start with an agenda item)
    illustrative: bool = False  # made up by the demo: synthetic data, invented targets

    @property
    def has_hidden(self) -> bool:
        return any(p.hidden for p in self.points)


@dataclass(frozen=True)
class ReportRow:
    """One initiative as a row of an area's table, with the changes since the baseline marked."""

    initiative_id: int
    ref: str
    theme: str
    title: MarkedText
    status: MarkedText
    phase: MarkedText
    follow_up: MarkedText
    year_task: MarkedText
    is_new: bool = False  # not in the plan at the baseline
    new_in_area: bool = False  # in the plan at the baseline, but not in this area
    not_reported: bool = False  # has not reported in the current update round
    kind: str = ""  # "implementering" | "udvikling"
    theme_changed: bool = False  # the heading is not the one it had at the baseline

    @property
    def has_changes(self) -> bool:
        """True when anything in the row is marked as changed."""
        cells = (self.title, self.status, self.phase, self.follow_up, self.year_task)
        return self.theme_changed or any(c.has_changes for c in cells)

    @property
    def theme_group(self) -> str:
        """The key of the row's theme group: rows under one heading share it, and a changed
        heading is a group of its own, so that it is marked without marking its neighbours'."""
        return f"{self.theme}\x00changed" if self.theme_changed and self.theme else self.theme


@dataclass(frozen=True)
class AreaContent:
    """An area (spor / afsnit) of the report with its rows in plan order."""

    slug: str
    title: str
    rows: tuple[ReportRow, ...]

    @property
    def has_themes(self) -> bool:
        """True when any row carries a theme heading."""
        return any(r.theme for r in self.rows)


@dataclass(frozen=True)
class RemovedRow:
    """An initiative that was in the baseline but is no longer in the plan or in an area."""

    initiative_id: int
    title: str
    area_title: str
    removed_from_plan: bool  # False: still in the plan, but no longer in this area


@dataclass(frozen=True)
class FieldChange:
    """One line of the "Ændringer" list: a field of an initiative before and after."""

    initiative_title: str
    area_title: str
    field: str  # translated label
    before: str
    after: str


@dataclass(frozen=True)
class ReportContent:
    """Everything a renderer lays out; renderers never look at snapshots or models."""

    plan_slug: str
    plan_title: str
    as_of: datetime
    baseline_label: str | None
    baseline_as_of: datetime | None
    purpose: tuple[str, ...]
    areas: tuple[AreaContent, ...]
    removed: tuple[RemovedRow, ...]
    changes: tuple[FieldChange, ...]
    layout: str = LAYOUT_STATUS
    background: tuple[str, ...] = ()
    period_start: date | None = None
    options: DeckSettings = field(default_factory=DeckSettings)
    indicators: tuple[IndicatorChart, ...] = ()

    @property
    def row_count(self) -> int:
        """Number of rows over all areas (an initiative in two areas counts twice)."""
        return sum(len(a.rows) for a in self.areas)

    @property
    def has_marks(self) -> bool:
        """True when anything in the report is marked as changed (the legend's condition)."""
        return bool(self.removed) or any(r.has_changes for a in self.areas for r in a.rows)


def build_content(
    current: PlanSnapshot,
    baseline: PlanSnapshot | None,
    *,
    areas: Sequence[str] | None = None,
    baseline_label: str | None = None,
    options: DeckSettings | None = None,
) -> ReportContent:
    """Build the report content of ``current`` with the changes since ``baseline`` marked.

    ``areas`` limits the report to these area slugs (in plan order). Without a baseline
    (the first report of a plan) nothing is marked as changed.
    """
    wanted = _selected_areas(current, areas)
    old_areas = area_slugs_by_initiative(baseline) if baseline is not None else {}
    area_contents = tuple(
        AreaContent(a.slug, a.title, _rows(a, current, baseline, old_areas)) for a in wanted
    )
    selected = {a.slug for a in wanted} | _baseline_only_slugs(current, baseline, areas)
    return ReportContent(
        plan_slug=current.slug,
        plan_title=current.title,
        as_of=current.as_of,
        baseline_label=baseline_label if baseline is not None else None,
        baseline_as_of=baseline.as_of if baseline is not None else None,
        purpose=tuple(p for p in current.purpose if p.strip()),
        areas=area_contents,
        removed=_removed_rows(current, baseline, selected),
        changes=_field_changes(current, baseline, selected),
        layout=LAYOUT_YEAR_TASK if current.uses_year_tasks else LAYOUT_STATUS,
        background=tuple(p for p in current.background if p.strip()),
        period_start=current.period_start,
        options=options or DeckSettings(),
    )


def _ordered(plan: PlanSnapshot) -> list[AreaSnapshot]:
    """The plan's areas in their order."""
    return sorted(plan.areas, key=lambda a: a.position)


def _selected_areas(plan: PlanSnapshot, slugs: Sequence[str] | None) -> list[AreaSnapshot]:
    """The areas to report on, in plan order."""
    if slugs is None:
        return _ordered(plan)
    wanted = set(slugs)
    return [a for a in _ordered(plan) if a.slug in wanted]


def _baseline_only_slugs(
    current: PlanSnapshot, baseline: PlanSnapshot | None, slugs: Sequence[str] | None
) -> set[str]:
    """Slugs of baseline areas that no longer exist, when all areas are reported."""
    if baseline is None:
        return set()
    gone = {a.slug for a in baseline.areas} - {a.slug for a in current.areas}
    return gone if slugs is None else gone & set(slugs)


def _rows(
    area: AreaSnapshot,
    current: PlanSnapshot,
    baseline: PlanSnapshot | None,
    old_areas: dict[int, tuple[str, ...]],
) -> tuple[ReportRow, ...]:
    """The rows of one area."""
    rows = []
    old_area = (
        next((a for a in baseline.areas if a.slug == area.slug), None)
        if baseline is not None
        else None
    )
    for initiative_id in area.initiative_ids:
        new = current.initiatives.get(initiative_id)
        if new is None:
            continue
        new = area.worded(new)  # the section's own heading and wording
        old = baseline.initiatives.get(initiative_id) if baseline is not None else None
        if old is not None and old_area is not None:
            old = old_area.worded(old)
        new_in_area = old is not None and area.slug not in old_areas.get(initiative_id, ())
        rows.append(_row(new, old, baseline is None, new_in_area))
    return tuple(rows)


def _row(
    new: InitiativeSnapshot, old: InitiativeSnapshot | None, no_baseline: bool, new_in_area: bool
) -> ReportRow:
    """One row: each cell marked against the baseline version of the initiative."""

    def mark(value_of: Callable[[InitiativeSnapshot], str]) -> MarkedText:
        if no_baseline:
            return MarkedText.plain(value_of(new))
        return mark_changes(None if old is None else value_of(old), value_of(new))

    title = mark(lambda i: i.title)
    if new_in_area and not title.has_changes:
        title = MarkedText.all_changed(new.title)
    return ReportRow(
        initiative_id=new.id,
        ref=new.ref,
        theme=new.theme,
        title=title,
        status=mark(lambda i: i.status),
        phase=mark(lambda i: i.phase_text),
        follow_up=mark(follow_up_text),
        year_task=mark(lambda i: i.year_task),
        is_new=old is None and not no_baseline,
        new_in_area=new_in_area,
        not_reported=NOT_REPORTED_FLAG in new.flags,
        kind=new.kind,
        theme_changed=(
            old is not None and not no_baseline and bool(new.theme) and new.theme != old.theme
        ),
    )


def _area_titles(plan: PlanSnapshot) -> dict[str, str]:
    """Area titles by slug."""
    return {a.slug: a.title for a in plan.areas}


def _removed_rows(
    current: PlanSnapshot, baseline: PlanSnapshot | None, selected: set[str]
) -> tuple[RemovedRow, ...]:
    """Initiatives that left the plan, or left one of the selected areas."""
    if baseline is None:
        return ()
    titles = _area_titles(baseline)
    rows = []
    for change in detect_changes(baseline, current):
        for slug in change.left_areas:
            if slug in selected:
                old = baseline.initiatives[change.initiative_id]
                rows.append(
                    RemovedRow(
                        change.initiative_id, old.title, titles[slug], change.removed_from_plan
                    )
                )
    return tuple(rows)


def _field_changes(
    current: PlanSnapshot, baseline: PlanSnapshot | None, selected: set[str]
) -> tuple[FieldChange, ...]:
    """The flat list of changes for the "Ændringer" sheet, in plan order."""
    if baseline is None:
        return ()
    new_titles = _area_titles(current)
    old_titles = _area_titles(baseline)
    new_areas = area_slugs_by_initiative(current)
    old_areas = area_slugs_by_initiative(baseline)
    result: list[FieldChange] = []
    for change in detect_changes(baseline, current):
        slugs = new_areas.get(change.initiative_id, ()) or old_areas.get(change.initiative_id, ())
        if not set(slugs) & selected and not set(change.left_areas) & selected:
            continue
        area_title = ", ".join(new_titles.get(s) or old_titles.get(s, s) for s in slugs)
        result.extend(_changes_of(change, current, baseline, area_title, old_titles, new_titles))
    return tuple(result)


def _changes_of(
    change: InitiativeChange,
    current: PlanSnapshot,
    baseline: PlanSnapshot,
    area_title: str,
    old_titles: dict[str, str],
    new_titles: dict[str, str],
) -> list[FieldChange]:
    """The field changes of one initiative."""
    if change.kind is ChangeKind.NEW:
        return [FieldChange(change.title, area_title, gettext("New initiative"), "", change.title)]
    if change.kind is ChangeKind.REMOVED:
        label = gettext("Removed from the plan")
        return [FieldChange(change.title, area_title, label, change.title, "")]
    old = baseline.initiatives[change.initiative_id]
    new = current.initiatives[change.initiative_id]
    result = [
        FieldChange(
            change.title, area_title, f.label, _lines(f.display(old)), _lines(f.display(new))
        )
        for f in FIELDS
        if f.code in change.fields
    ]
    for slug in change.joined_areas:
        label = gettext("Added to the area")
        result.append(
            FieldChange(change.title, new_titles.get(slug, slug), label, "", change.title)
        )
    for slug in change.left_areas:
        label = gettext("Removed from the area")
        result.append(
            FieldChange(change.title, old_titles.get(slug, slug), label, change.title, "")
        )
    return result


def _lines(text: str) -> str:
    """Text for a list of changes: a soft line break (a vertical tab) as a line break."""
    return text.replace("\x0b", "\n")
