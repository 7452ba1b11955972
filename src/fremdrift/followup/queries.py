"""Read-side queries of follow-up, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.core import access
from fremdrift.core.database import danish_key
from fremdrift.core.models import OrgUnit
from fremdrift.followup.choices import LOW_SCORE, ReadinessDimension, RequestState
from fremdrift.followup.models import (
    LocalStatus,
    ReadinessAssessment,
    UpdateAnswer,
    UpdateRequest,
    UpdateRound,
)
from fremdrift.portfolio.choices import PHASE_ORDER, FollowUpRole, Phase
from fremdrift.portfolio.models import AreaMembership, Initiative, InitiativeUnit, Plan

# --------------------------------------------------------------------------- rounds


def not_reported_flags(
    plan: Plan, as_of: dt.datetime, initiative_ids: list[int]
) -> dict[int, set[str]]:
    """``reports.asof.SNAPSHOT_FLAGS`` provider: an initiative is "not_reported" when one of
    its responsible units had not reported (an accepted answer) by ``as_of`` in the current
    round, the plan's latest round opened at or before ``as_of``. One query."""
    if not initiative_ids:
        return {}
    latest_round = (
        UpdateRound.objects.filter(plan=plan, opened_at__lte=as_of)
        .order_by("-opened_at", "-id")
        .values("pk")[:1]
    )
    rows = UpdateRequest.objects.filter(
        round_id=Subquery(latest_round), initiative_id__in=initiative_ids
    ).values_list("initiative_id", "reported_at")
    flags: dict[int, set[str]] = {}
    for initiative_id, reported_at in rows:
        if reported_at is None or reported_at > as_of:
            flags[initiative_id] = {"not_reported"}
    return flags


def latest_answers(requests: list[UpdateRequest]) -> dict[int, UpdateAnswer]:
    """The latest answer of each request, in one query."""
    latest: dict[int, UpdateAnswer] = {}
    answers = (
        UpdateAnswer.objects.filter(request__in=[r.pk for r in requests])
        .select_related("submitted_by", "reviewed_by")
        .order_by("request_id", "submitted_at", "id")
    )
    for answer in answers:
        latest[answer.request_id] = answer
    return latest


@dataclass
class UnitProgress:
    unit: OrgUnit | None
    requests: list[UpdateRequest] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return sum(1 for r in self.requests if r.is_reported)

    @property
    def total(self) -> int:
        return len(self.requests)

    @property
    def done(self) -> bool:
        return self.reported == self.total


@dataclass
class Progress:
    round: UpdateRound
    requests: list[UpdateRequest]
    by_unit: list[UnitProgress]
    by_initiative: list[tuple[Initiative, list[UpdateRequest]]]
    pending: list[UpdateAnswer]

    @property
    def reported(self) -> int:
        return sum(1 for r in self.requests if r.is_reported)

    @property
    def total(self) -> int:
        return len(self.requests)

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.requests if r.state == RequestState.SUBMITTED)

    @property
    def owed(self) -> int:
        return sum(1 for r in self.requests if r.is_owed)

    def only_owed(self) -> Progress:
        """The round narrowed to the requests still missing an answer (not answered, or
        sent back), and to the units that owe one (with all their requests, so that their
        count stays right). No queries."""
        by_unit = [u for u in self.by_unit if any(r.is_owed for r in u.requests)]
        by_initiative = [
            (initiative, owed)
            for initiative, requests in self.by_initiative
            if (owed := [r for r in requests if r.is_owed])
        ]
        requests = [r for r in self.requests if r.is_owed]
        return Progress(self.round, requests, by_unit, by_initiative, self.pending)


def round_progress(update_round: UpdateRound) -> Progress:
    """Reported / not reported per unit and per initiative, with each request's latest
    answer on ``request.latest`` and the answers awaiting review. Two queries."""
    requests = list(
        update_round.requests.select_related("initiative", "unit").order_by(
            "initiative__title", "unit__name"
        )
    )
    latest = latest_answers(requests)
    units: dict[int | None, UnitProgress] = {}
    initiatives: dict[int, tuple[Initiative, list[UpdateRequest]]] = {}
    for r in requests:
        r.latest = latest.get(r.pk)
        units.setdefault(r.unit_id, UnitProgress(r.unit)).requests.append(r)
        initiatives.setdefault(r.initiative_id, (r.initiative, []))[1].append(r)
    by_unit = sorted(
        units.values(), key=lambda u: (u.done, danish_key(u.unit.name if u.unit else ""))
    )
    pending = [
        r.latest for r in requests if r.state == RequestState.SUBMITTED and r.latest is not None
    ]
    return Progress(update_round, requests, by_unit, list(initiatives.values()), pending)


def my_requests(user: Any) -> list[UpdateRequest]:
    """Requests of open rounds that the user answers for: those of the units the user edits,
    and for coordinators those without a unit. Owed ones first, by deadline. Two queries."""
    editor_units = access.grants_for(user).editor_unit_ids
    mine = Q(unit__isnull=True) | Q(unit__in=sorted(editor_units))
    answerable = access.restrict(
        UpdateRequest.objects.filter(mine, round__closed_at__isnull=True),
        user,
        access.Action.CHANGE,
    )
    requests = list(
        answerable.select_related("round__plan", "initiative", "unit").order_by(
            "round__deadline", "round_id", "initiative__title", "unit__name"
        )
    )
    latest = latest_answers(requests)
    for r in requests:
        r.latest = latest.get(r.pk)
    return sorted(requests, key=lambda r: (not r.is_owed, r.round.deadline))


# --------------------------------------------------------------------------- local status


def local_units(initiative_ids: list[int]) -> dict[int, list[OrgUnit]]:
    result: dict[int, list[OrgUnit]] = defaultdict(list)
    for link in (
        InitiativeUnit.objects.filter(initiative_id__in=initiative_ids, role=FollowUpRole.LOCAL)
        .select_related("unit")
        .order_by("initiative_id", "position")
    ):
        result[link.initiative_id].append(link.unit)
    return result


def latest_local(initiative_ids: list[int]) -> dict[tuple[int, int], LocalStatus]:
    """The latest local status per (initiative, unit), in one query."""
    latest: dict[tuple[int, int], LocalStatus] = {}
    for status in (
        LocalStatus.objects.filter(initiative_id__in=initiative_ids)
        .select_related("author")
        .order_by("recorded_at", "id")
    ):
        latest[(status.initiative_id, status.unit_id)] = status
    return latest


def phase_label(code: str) -> str:
    return str(Phase(code).label).lower() if code in Phase.values else code


def rollup_notes(initiative_ids: list[int]) -> dict[int, list[str]]:
    """ "4 af 6 enheder i implementering, 2 i afprøvning" (or "1 af 1 enhed i …") for
    initiatives with local units of which at least one has recorded a local status.
    One query."""
    latest_phase = (
        LocalStatus.objects.filter(
            initiative_id=OuterRef("initiative_id"), unit_id=OuterRef("unit_id")
        )
        .order_by("-recorded_at", "-id")
        .values("phase")[:1]
    )
    links = (
        InitiativeUnit.objects.filter(initiative_id__in=initiative_ids, role=FollowUpRole.LOCAL)
        .annotate(local_phase=Subquery(latest_phase))
        .values_list("initiative_id", "local_phase")
        .order_by()  # counted, not listed: no sorting by the links' joined default order
    )
    phases_of: dict[int, list[str | None]] = defaultdict(list)
    for pk, phase in links:
        phases_of[pk].append(phase)
    notes: dict[int, list[str]] = {}
    for pk, unit_phases in phases_of.items():
        phases = Counter(p for p in unit_phases if p)
        if not phases:
            continue
        ordered = sorted(phases.items(), key=lambda item: (-item[1], PHASE_ORDER.get(item[0], 99)))
        first_phase, first_count = ordered[0]
        total = len(unit_phases)
        parts = [
            # The noun agrees with the total: "1 af 1 enhed", "1 af 3 enheder".
            ngettext(
                "%(count)d of %(total)d unit in %(phase)s",
                "%(count)d of %(total)d units in %(phase)s",
                total,
            )
            % {"count": first_count, "total": total, "phase": phase_label(first_phase)}
        ]
        parts += [
            _("%(count)d in %(phase)s") % {"count": n, "phase": phase_label(p)}
            for p, n in ordered[1:]
        ]
        without = total - sum(phases.values())
        if without:
            parts.append(_("%(count)d without local status") % {"count": without})
        notes[pk] = [_("Local: %(summary)s") % {"summary": ", ".join(parts)}]
    return notes


@dataclass
class HeatmapRow:
    initiative: Initiative
    cells: list[LocalStatus | str | None]  # a status, "missing" (local unit, no status) or None


@dataclass
class Heatmap:
    units: list[OrgUnit]
    rows: list[HeatmapRow]


def heatmap(initiatives: QuerySet, plan: Plan | None = None, area: Any = None) -> Heatmap:
    """Initiatives with local units × those units, each cell the unit's latest local phase.
    Three queries (initiatives, local links, local statuses)."""
    if area is not None:
        initiatives = initiatives.filter(
            pk__in=AreaMembership.objects.filter(area=area, valid_to__isnull=True).values(
                "initiative_id"
            )
        )
    elif plan is not None:
        initiatives = initiatives.filter(
            Q(plan=plan)
            | Q(
                pk__in=AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True).values(
                    "initiative_id"
                )
            )
        )
    initiatives = initiatives.filter(
        archived_at__isnull=True,
        pk__in=InitiativeUnit.objects.filter(role=FollowUpRole.LOCAL).values("initiative_id"),
    ).order_by("title__danish")
    rows = list(initiatives)
    units = local_units([i.pk for i in rows])
    latest = latest_local([i.pk for i in rows])
    columns = sorted(
        {u for unit_list in units.values() for u in unit_list}, key=lambda u: (u.path, u.name)
    )
    result = []
    for initiative in rows:
        mine = {u.pk for u in units.get(initiative.pk, [])}
        cells: list[LocalStatus | str | None] = []
        for unit in columns:
            if unit.pk not in mine:
                cells.append(None)
            else:
                cells.append(latest.get((initiative.pk, unit.pk), "missing"))
        result.append(HeatmapRow(initiative, cells))
    return Heatmap(columns, result)


# --------------------------------------------------------------------------- readiness


def latest_assessments(assessments: QuerySet) -> list[ReadinessAssessment]:
    """The latest assessment per (initiative, unit) with its scores (``.by_dimension``)."""
    latest: dict[tuple[int, int], ReadinessAssessment] = {}
    for a in (
        assessments.select_related("unit", "initiative", "author")
        .prefetch_related("scores")
        .order_by("assessed_on", "recorded_at", "id")
    ):
        latest[(a.initiative_id, a.unit_id)] = a
    result = list(latest.values())
    for a in result:
        a.by_dimension = {s.dimension: s for s in a.scores.all()}
        a.rows = [(d, a.by_dimension.get(d.value)) for d in ReadinessDimension]
        values = [s.score for s in a.by_dimension.values()]
        a.lowest = min(values) if values else None
        a.average = sum(values) / len(values) if values else None
        a.low = [(d, s) for d, s in a.rows if s is not None and s.score <= LOW_SCORE]
    return result


def low_readiness(initiatives: QuerySet) -> list[ReadinessAssessment]:
    """Latest assessments with a score at or below ``LOW_SCORE``: where support is needed."""
    assessments = ReadinessAssessment.objects.filter(initiative__in=initiatives)
    low = [a for a in latest_assessments(assessments) if a.low]
    return sorted(low, key=lambda a: (a.lowest, a.average, danish_key(a.unit.name)))
