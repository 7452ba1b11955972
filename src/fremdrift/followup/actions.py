"""The only writer of update rounds, answers, reminders, local status and readiness.

Each function validates, writes and records the audit event in one transaction. An answer
that is accepted (at once when the plan does not require review, otherwise on approval)
becomes a status update through ``portfolio.actions.record_status``, so the initiative's
history and the reports see it only from that moment.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import OrgUnit
from fremdrift.followup import mail
from fremdrift.followup.choices import (
    AnswerKind,
    AnswerState,
    ReadinessDimension,
    ReminderKind,
    RequestState,
)
from fremdrift.followup.models import (
    LocalStatus,
    ReadinessAssessment,
    ReadinessScore,
    Reminder,
    UpdateAnswer,
    UpdateRequest,
    UpdateRound,
)
from fremdrift.followup.recipients import recipients_for
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.choices import FollowUpRole, Phase
from fremdrift.portfolio.models import Area, AreaMembership, Initiative, InitiativeUnit, Plan

logger = logging.getLogger(__name__)

OWED = (RequestState.OUTSTANDING, RequestState.RETURNED)


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _check_phase(value: str | None, field: str, allow_blank: bool = False) -> str:
    value = (value or "").strip()
    if allow_blank and not value:
        return ""
    if value not in Phase.values:
        raise ValidationError({field: _("Choose a phase.")})
    return value


# --------------------------------------------------------------------------- rounds


def responsible_units(links: Iterable[InitiativeUnit]) -> list[OrgUnit | None]:
    """The units a round asks for one initiative: the lead units; without a lead the local
    units; without those the common units; without any unit the plan's coordinators (None)."""
    by_role: dict[str, list[OrgUnit]] = {role.value: [] for role in FollowUpRole}
    for link in links:
        if link.unit not in by_role[link.role]:
            by_role[link.role].append(link.unit)
    for role in (FollowUpRole.LEAD, FollowUpRole.LOCAL, FollowUpRole.COMMON):
        if by_role[role.value]:
            return list(by_role[role.value])
    return [None]


def initiatives_in_scope(plan: Plan, areas: Iterable[Area] = ()) -> list[int]:
    """Current, not archived initiatives of the plan's areas (or of the given areas)."""
    area_ids = [a.pk for a in areas] or list(plan.areas.values_list("pk", flat=True))
    return list(
        AreaMembership.objects.filter(
            area_id__in=area_ids, valid_to__isnull=True, initiative__archived_at__isnull=True
        )
        .order_by("initiative_id")
        .values_list("initiative_id", flat=True)
        .distinct()
    )


@transaction.atomic
def open_round(
    plan: Plan,
    *,
    by: Any,
    title: str,
    deadline: dt.date,
    occasion: str = "",
    areas: Iterable[Area] = (),
    reminder_days: int = 2,
    at: dt.datetime | None = None,
    meeting: Any = None,
    illustrative: bool = False,
) -> UpdateRound:
    """Open a round for the plan (or some of its areas) and ask every responsible unit of
    every initiative in scope. Sending the "round opened" mails is :func:`send_reminders`.

    ``meeting`` (a ``governance.Meeting``) is the meeting the round prepares: the deadline
    must lie before it."""
    at = _now(at)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("A round needs a title.")})
    if deadline is None or deadline < timezone.localdate(at):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    if reminder_days < 0:
        raise ValidationError({"reminder_days": _("Enter zero or more days.")})
    if meeting is not None and deadline >= meeting.date:
        raise ValidationError({"deadline": _("The deadline must be before the meeting.")})
    areas = list(areas)
    if any(a.plan_id != plan.pk for a in areas):
        raise ValidationError({"areas": _("Choose areas of this plan.")})
    update_round = UpdateRound.objects.create(
        plan=plan,
        title=title,
        occasion=(occasion or "").strip(),
        meeting=meeting,
        deadline=deadline,
        reminder_days=reminder_days,
        opened_at=at,
        opened_by=_actor(by),
        illustrative=illustrative,
    )
    update_round.areas.set(areas)
    ids = initiatives_in_scope(plan, areas)
    links: dict[int, list[InitiativeUnit]] = {pk: [] for pk in ids}
    for link in (
        InitiativeUnit.objects.filter(initiative_id__in=ids)
        .select_related("unit")
        .order_by("initiative_id", "role", "position")
    ):
        links[link.initiative_id].append(link)
    requests = [
        UpdateRequest(round=update_round, initiative_id=pk, unit=unit, created_at=at)
        for pk in ids
        for unit in responsible_units(links[pk])
    ]
    UpdateRequest.objects.bulk_create(requests)
    audit.record(
        by,
        AuditAction.CREATED,
        update_round,
        after={
            "plan": plan.slug,
            "title": title,
            "occasion": update_round.occasion,
            "meeting": meeting.pk if meeting is not None else None,
            "deadline": deadline,
            "areas": [a.pk for a in areas],
            "reminder_days": reminder_days,
            "requests": len(requests),
        },
    )
    return update_round


@transaction.atomic
def close_round(
    update_round: UpdateRound, *, by: Any, at: dt.datetime | None = None
) -> UpdateRound:
    """Close the round: no more answers; its state stays as the record of what was missing."""
    at = _now(at)
    current = UpdateRound.objects.select_for_update().get(pk=update_round.pk)
    if current.closed_at is not None:
        return current
    current.closed_at, current.closed_by = at, _actor(by)
    current.save(update_fields=["closed_at", "closed_by"])
    missing = current.requests.filter(state__in=OWED).count()
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"closed_at": None},
        after={"closed_at": at, "not_reported": missing},
    )
    return current


# --------------------------------------------------------------------------- answers


def _note(update_request: UpdateRequest) -> str:
    unit = update_request.unit.name if update_request.unit else ""
    note = _("Update round: %(title)s") % {"title": update_request.round.title}
    return (f"{note} · {unit}" if unit else note)[:300]


def _accept(answer: UpdateAnswer, *, by: Any, at: dt.datetime, seen_version: int | None) -> None:
    """Turn an answer into what it reports: a status update, or nothing for "unchanged"."""
    update_request = answer.request
    if answer.kind == AnswerKind.STATUS:
        author = answer.submitted_by or by
        answer.status_update = portfolio_actions.record_status(
            update_request.initiative,
            by=author,
            seen_version=seen_version,
            text=answer.text,
            phase=answer.phase or None,
            phase_target=answer.phase_target,
            status_date=answer.status_date,
            at=at,
            note=_note(update_request),
        )
    update_request.state = RequestState.ACCEPTED
    update_request.reported_at = at
    update_request.save(update_fields=["state", "reported_at"])


@transaction.atomic
def submit_answer(
    update_request: UpdateRequest,
    *,
    by: Any,
    kind: str,
    text: str = "",
    phase: str | None = None,
    phase_target: str | None = None,
    status_date: dt.date | None = None,
    seen_version: int | None = None,
    at: dt.datetime | None = None,
) -> UpdateAnswer:
    """Answer a request with a new status or "unchanged".

    Without review the answer counts at once (a status answer is recorded as a status,
    refused with ``StaleEdit`` if the initiative moved on since ``seen_version``); with
    review it waits for :func:`approve_answer`.
    """
    at = _now(at)
    current = (
        UpdateRequest.objects.select_for_update(of=("self",))
        .select_related("round__plan", "initiative", "unit")
        .get(pk=update_request.pk)
    )
    if current.round.closed_at is not None:
        raise ValidationError(_("The round is closed."))
    if current.state not in OWED:
        raise ValidationError(_("This update has already been answered."))
    if kind not in AnswerKind.values:
        raise ValueError(f"Unknown answer kind {kind!r}")
    if kind == AnswerKind.STATUS:
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": _("Write the status.")})
        phase = _check_phase(phase or current.initiative.phase, "phase")
        phase_target = _check_phase(
            current.initiative.phase_target if phase_target is None else phase_target,
            "phase_target",
            allow_blank=True,
        )
        status_date = status_date or timezone.localdate(at)
    else:
        text, phase, phase_target, status_date = "", "", "", None
    review = current.round.plan.review_required
    answer = UpdateAnswer.objects.create(
        request=current,
        kind=kind,
        text=text,
        phase=phase or "",
        phase_target=phase_target or "",
        status_date=status_date,
        seen_version=seen_version if kind == AnswerKind.STATUS else None,
        submitted_at=at,
        submitted_by=_actor(by),
        state=AnswerState.SUBMITTED if review else AnswerState.ACCEPTED,
    )
    current.answered_at = at
    current.state = RequestState.SUBMITTED
    current.save(update_fields=["answered_at", "state"])
    if not review:
        _accept(answer, by=by, at=at, seen_version=seen_version)
        answer.save(update_fields=["status_update"])
    audit.record(
        by,
        AuditAction.CREATED,
        answer,
        after={
            "request": current.pk,
            "initiative": current.initiative_id,
            "unit": current.unit_id,
            "kind": kind,
            "text": text,
            "phase": phase,
            "state": answer.state,
        },
    )
    return answer


def _locked_answer(answer: UpdateAnswer) -> UpdateAnswer:
    current = (
        UpdateAnswer.objects.select_for_update(of=("self",))
        .select_related(
            "request__round__plan", "request__initiative", "request__unit", "submitted_by"
        )
        .get(pk=answer.pk)
    )
    if current.state != AnswerState.SUBMITTED:
        raise ValidationError(_("This answer has already been reviewed."))
    return current


@transaction.atomic
def approve_answer(answer: UpdateAnswer, *, by: Any, at: dt.datetime | None = None) -> UpdateAnswer:
    """Approve a submitted answer: a status answer becomes a status update now. Refused with
    ``StaleEdit`` if the initiative moved on since the version the answer was written
    against (send it back instead, so that the unit answers on top of the current status)."""
    at = _now(at)
    current = _locked_answer(answer)
    current.state, current.reviewed_at, current.reviewed_by = AnswerState.APPROVED, at, _actor(by)
    _accept(current, by=by, at=at, seen_version=current.seen_version)
    current.save(update_fields=["state", "reviewed_at", "reviewed_by", "status_update"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"state": AnswerState.SUBMITTED},
        after={"state": AnswerState.APPROVED},
    )
    return current


@transaction.atomic
def return_answer(
    answer: UpdateAnswer, *, by: Any, comment: str, at: dt.datetime | None = None
) -> UpdateAnswer:
    """Send a submitted answer back with a comment; the unit owes an answer again."""
    at = _now(at)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write why the update is sent back.")})
    current = _locked_answer(answer)
    current.state, current.reviewed_at, current.reviewed_by = AnswerState.RETURNED, at, _actor(by)
    current.review_comment = comment
    current.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_comment"])
    update_request = current.request
    update_request.state = RequestState.RETURNED
    update_request.save(update_fields=["state"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"state": AnswerState.SUBMITTED},
        after={"state": AnswerState.RETURNED},
        note=comment,
    )
    return current


# --------------------------------------------------------------------------- reminders


def reminder_key(update_round: UpdateRound, kind: str, user: Any, today: dt.date) -> str:
    """One reminder of a kind per user and round; on demand at most one per user a day."""
    if kind == ReminderKind.ON_DEMAND:
        return f"{kind}:{update_round.pk}:{user.pk}:{today.isoformat()}"
    return f"{kind}:{update_round.pk}:{user.pk}"


def send_reminders(
    update_round: UpdateRound, *, kind: str, by: Any, at: dt.datetime | None = None
) -> list[Reminder]:
    """E-mail everyone who still owes an answer in the round, once per key (idempotent).

    Each reminder is recorded with a unique key in the same transaction as its mail is
    handed to the mail backend: if sending fails, nothing is recorded and the next run
    tries again; if the key exists, nothing is sent.
    """
    at = _now(at)
    if kind not in ReminderKind.values:
        raise ValueError(f"Unknown reminder kind {kind!r}")
    if not UpdateRound.objects.filter(pk=update_round.pk, closed_at__isnull=True).exists():
        return []
    owed = list(
        update_round.requests.filter(state__in=OWED)
        .select_related("initiative", "unit")
        .order_by("initiative__title", "unit__name")
    )
    today = timezone.localdate(at)
    sent: list[Reminder] = []
    for user, requests in recipients_for(update_round, owed).items():
        key = reminder_key(update_round, kind, user, today)
        if Reminder.objects.filter(key=key).exists():
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    key=key,
                    round=update_round,
                    kind=kind,
                    recipient=user,
                    email=user.email,
                    request_ids=[r.pk for r in requests],
                    sent_at=at,
                )
                mail.send_reminder(update_round, kind, user, requests)
        except IntegrityError:
            continue  # another process sent it in the meantime
        except Exception:  # noqa: BLE001 - one failing address must not stop the others
            logger.exception("Reminder %s could not be sent", key)
            continue
        sent.append(reminder)
    if sent:
        audit.record(
            by,
            AuditAction.CREATED,
            update_round,
            object_type="followup.reminder",
            after={
                "kind": kind,
                "recipients": [r.email for r in sent],
                "requests": sorted({pk for r in sent for pk in r.request_ids}),
            },
            note=_("%(count)d reminders sent") % {"count": len(sent)},
        )
    return sent


def announce_round(
    update_round: UpdateRound, *, by: Any, at: dt.datetime | None = None
) -> list[Reminder]:
    """Send the "round opened" mails of a round just opened: what every page that opens a
    round does right after :func:`open_round` (outside its transaction, so a failing mail
    server never undoes the round; ``send_due_reminders`` catches up what was not sent)."""
    return send_reminders(update_round, kind=ReminderKind.OPENED, by=by, at=at)


def send_due_reminders(
    *, by: Any = "send-reminders", at: dt.datetime | None = None
) -> list[Reminder]:
    """What cron runs: catch up "round opened" mails, and send the reminder N days before
    the deadline of every open round. Safe to run as often as wanted."""
    at = _now(at)
    today = timezone.localdate(at)
    sent: list[Reminder] = []
    for update_round in UpdateRound.objects.filter(closed_at__isnull=True).select_related("plan"):
        sent += send_reminders(update_round, kind=ReminderKind.OPENED, by=by, at=at)
        due_from = update_round.deadline - dt.timedelta(days=update_round.reminder_days)
        if due_from <= today <= update_round.deadline:
            sent += send_reminders(update_round, kind=ReminderKind.DUE_SOON, by=by, at=at)
    return sent


# --------------------------------------------------------------------------- local implementation


def _is_local_unit(initiative: Initiative, unit: OrgUnit) -> bool:
    return InitiativeUnit.objects.filter(
        initiative=initiative, unit=unit, role=FollowUpRole.LOCAL
    ).exists()


@transaction.atomic
def record_local_status(
    initiative: Initiative,
    unit: OrgUnit,
    *,
    by: Any,
    phase: str,
    text: str = "",
    status_date: dt.date | None = None,
    at: dt.datetime | None = None,
    illustrative: bool = False,
) -> LocalStatus:
    """Append a local unit's own phase and short status for the initiative; ``illustrative``
    marks one the demo made up (not in the seeds)."""
    at = _now(at)
    if not _is_local_unit(initiative, unit):
        raise ValidationError(_("The unit is not a local unit of this initiative."))
    phase = _check_phase(phase, "phase")
    text = (text or "").strip()
    if len(text) > 500:
        raise ValidationError({"text": _("Keep the local status under 500 characters.")})
    status = LocalStatus.objects.create(
        initiative=initiative,
        unit=unit,
        phase=phase,
        text=text,
        status_date=status_date or timezone.localdate(at),
        recorded_at=at,
        author=_actor(by),
        illustrative=illustrative,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        status,
        after={
            "initiative": initiative.pk,
            "unit": unit.pk,
            "phase": phase,
            "text": text,
            "status_date": status.status_date,
            **({"illustrative": True} if illustrative else {}),
        },
    )
    return status


@transaction.atomic
def record_readiness(
    initiative: Initiative,
    unit: OrgUnit,
    *,
    by: Any,
    scores: Mapping[str, tuple[int, str]],
    assessed_on: dt.date | None = None,
    at: dt.datetime | None = None,
    illustrative: bool = False,
) -> ReadinessAssessment:
    """Record a local unit's readiness: a score 1–5 and a comment on each of the eight
    dimensions of the transformation wheel. Repeatable; earlier assessments stay."""
    at = _now(at)
    if not _is_local_unit(initiative, unit):
        raise ValidationError(_("The unit is not a local unit of this initiative."))
    unknown = set(scores) - set(ReadinessDimension.values)
    if unknown:
        raise ValueError(f"Unknown readiness dimensions: {sorted(unknown)}")
    missing = [d for d in ReadinessDimension.values if d not in scores]
    if missing:
        raise ValidationError(_("Score every dimension."))
    for dimension, (score, _comment) in scores.items():
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationError({dimension: _("Score from 1 to 5.")})
    assessment = ReadinessAssessment.objects.create(
        initiative=initiative,
        unit=unit,
        assessed_on=assessed_on or timezone.localdate(at),
        recorded_at=at,
        author=_actor(by),
        illustrative=illustrative,
    )
    ReadinessScore.objects.bulk_create(
        ReadinessScore(
            assessment=assessment,
            dimension=dimension,
            score=scores[dimension][0],
            comment=(scores[dimension][1] or "").strip()[:500],
        )
        for dimension in ReadinessDimension.values
    )
    audit.record(
        by,
        AuditAction.CREATED,
        assessment,
        after={
            "initiative": initiative.pk,
            "unit": unit.pk,
            "assessed_on": assessment.assessed_on,
            "scores": {d: s for d, (s, _c) in scores.items()},
            **({"illustrative": True} if illustrative else {}),
        },
    )
    return assessment
