"""Read side of preparing a meeting: the forum's baseline and the suggested agenda items.

- :func:`forum_baseline` is the report issued for the forum's latest earlier meeting (per
  plan): the next deck for the forum compares with it;
- :func:`suggestions` proposes agenda items: initiatives due for a decision, phase changes
  proposed in the round's answers, and what changed since the forum last met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from fremdrift.core import access
from fremdrift.followup.choices import AnswerState
from fremdrift.followup.models import UpdateAnswer, UpdateRound
from fremdrift.governance.actions import previous_meeting
from fremdrift.governance.choices import AgendaKind
from fremdrift.governance.models import Meeting
from fremdrift.portfolio.models import Initiative, Plan, StatusUpdate
from fremdrift.reports.models import IssuedReport

DUE = "due"
PROPOSED = "proposed"
CHANGED = "changed"


@dataclass
class Suggestion:
    """A proposed agenda item about one initiative."""

    reason: str  # DUE, PROPOSED or CHANGED
    initiative: Initiative
    detail: str
    kind: str  # the agenda item's kind

    @property
    def title(self) -> str:
        return self.initiative.title[:500]


def forum_baseline(meeting: Meeting, plan: Plan) -> IssuedReport | None:
    """The report of ``plan`` issued for the forum's latest meeting before this one."""
    return (
        IssuedReport.objects.filter(
            plan=plan,
            meeting__forum_id=meeting.forum_id,
            meeting__date__lt=meeting.date,
            meeting__cancelled_at__isnull=True,
        )
        .order_by("-meeting__date", "-as_of", "-id")
        .first()
    )


def since(meeting: Meeting) -> dt.datetime | None:
    """When the forum last met: its latest earlier report for the meeting, else the end of
    its previous meeting."""
    reports = IssuedReport.objects.filter(
        meeting__forum_id=meeting.forum_id,
        meeting__date__lt=meeting.date,
        meeting__cancelled_at__isnull=True,
    ).order_by("-as_of")
    report = reports.first()
    if report is not None:
        return report.as_of
    previous = previous_meeting(meeting)
    return previous.ends_at if previous is not None else None


def rounds(meeting: Meeting, user: Any) -> list[UpdateRound]:
    """The update rounds opened for the meeting that the user may see."""
    qs = UpdateRound.objects.filter(meeting=meeting).select_related("plan")
    return list(access.restrict(qs, user).order_by("plan__title__danish", "id"))


def reports(meeting: Meeting, user: Any) -> list[IssuedReport]:
    """The reports issued for the meeting that the user may see."""
    qs = IssuedReport.objects.filter(meeting=meeting).select_related("plan").defer("file")
    return list(access.restrict(qs, user).order_by("plan__title__danish", "-issued_at"))


def _forum_initiatives(meeting: Meeting, user: Any) -> Any:
    plans = meeting.forum.plans.values("pk")
    inside = Q(plan__in=plans) | Q(
        memberships__valid_to__isnull=True, memberships__area__plan__in=plans
    )
    qs = Initiative.objects.filter(inside, archived_at__isnull=True)
    return access.restrict(qs, user).distinct()


def _phase_before(initiative: Initiative, moment: dt.datetime) -> str:
    """The initiative's phase when the round opened (an answer accepted at once has moved
    it already)."""
    update = (
        StatusUpdate.objects.filter(initiative=initiative, recorded_at__lt=moment)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return update.phase if update is not None else initiative.phase


def suggestions(meeting: Meeting, user: Any) -> list[Suggestion]:
    """Agenda items to propose for the meeting, at most one per initiative and reason,
    leaving out initiatives already on the agenda."""
    on_agenda = set(meeting.items.values_list("initiatives", flat=True))
    candidates = _forum_initiatives(meeting, user).exclude(pk__in=[p for p in on_agenda if p])
    found: list[Suggestion] = []
    seen: set[tuple[str, int]] = set()

    def add(reason: str, initiative: Initiative, detail: str, kind: str) -> None:
        if (reason, initiative.pk) not in seen:
            seen.add((reason, initiative.pk))
            found.append(Suggestion(reason, initiative, detail, kind))

    # Due for a decision: a target phase is set, or a milestone at this meeting names it.
    due = candidates.filter(Q(phase_target__gt="") | Q(milestones__meeting=meeting)).order_by(
        "title"
    )
    for initiative in due:
        if initiative.phase_target:
            detail = _("Proposed move: %(from)s → %(to)s") % {
                "from": initiative.get_phase_display(),
                "to": initiative.get_phase_target_display(),
            }
        else:
            detail = _("A milestone of the process plan is at this meeting.")
        add(DUE, initiative, detail, AgendaKind.DECISION)

    # Phase changes proposed in the answers of the meeting's rounds.
    answers = (
        UpdateAnswer.objects.filter(
            request__round__meeting=meeting, request__initiative__in=candidates
        )
        .exclude(state=AnswerState.RETURNED)
        .exclude(phase="", phase_target="")
        .select_related("request__initiative", "request__unit", "request__round")
        .order_by("request__initiative__title__danish", "submitted_at")
    )
    for answer in answers:
        initiative = answer.request.initiative
        before = _phase_before(initiative, answer.request.round.opened_at)
        if answer.phase_target or (answer.phase and answer.phase != before):
            target = answer.get_phase_target_display() or answer.get_phase_display()
            detail = _("%(unit)s proposes: %(phase)s") % {
                "unit": answer.request.unit or _("Coordinators"),
                "phase": target,
            }
            add(PROPOSED, initiative, detail, AgendaKind.DECISION)

    # What changed since the forum last met.
    moment = since(meeting)
    if moment is not None:
        changed = candidates.filter(
            pk__in=StatusUpdate.objects.filter(recorded_at__gt=moment).values("initiative")
        ).order_by("title__danish")
        for initiative in changed:
            add(
                CHANGED,
                initiative,
                _("New status since %(date)s") % {"date": f"{moment:%d.%m.%Y}"},
                AgendaKind.INFORMATION,
            )
    return found
