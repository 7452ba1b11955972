"""The only writer of participation: workshops, consultations, long-lists and candidates.

Each function validates, writes and records the audit event in one transaction. Promoting
a candidate creates the initiative through ``portfolio.actions.create_initiative``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.participation.choices import (
    CandidateSource,
    CandidateStatus,
    InputKind,
    OutputKind,
)
from fremdrift.participation.models import (
    Candidate,
    Consultation,
    ConsultationInput,
    ConsultationInvitation,
    LongList,
    Workshop,
    WorkshopOutput,
    WorkshopParticipant,
)
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import Area, Initiative, Plan

# Participants of one profession: (profession, count) or (profession, count, note).
Participants = Sequence[tuple[str, int | None] | tuple[str, int | None, str]]


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _lines(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def _people(participants: Participants) -> list[tuple[str, int | None, str]]:
    people = []
    for entry in participants:
        profession, count, note = (tuple(entry) + ("",))[:3]
        profession = _require(profession, "participants", _("Name the profession."))
        if count is not None and count < 0:
            raise ValidationError({"participants": _("A number of participants is negative.")})
        people.append((profession, count, note or ""))
    return people


# --------------------------------------------------------------------------- workshops


@transaction.atomic
def create_workshop(
    plan: Plan,
    *,
    by: Any,
    title: str,
    date: dt.date,
    place: str = "",
    facilitators: Iterable[str] = (),
    participants: Participants = (),
    challenges: Iterable[str] = (),
    recommendations: Iterable[str] = (),
    outputs: Iterable[str] = (),
    initiatives: Iterable[Initiative] = (),
) -> Workshop:
    """Record a workshop with its participants by profession and what it produced."""
    title = _require(title, "title", _("A workshop needs a title."))
    if date is None:
        raise ValidationError({"date": _("A workshop needs a date.")})
    people = _people(participants)
    workshop = Workshop.objects.create(
        plan=plan,
        title=title,
        date=date,
        place=(place or "").strip(),
        facilitators=_lines(facilitators),
    )
    WorkshopParticipant.objects.bulk_create(
        WorkshopParticipant(workshop=workshop, profession=p, count=c, note=n, position=i)
        for i, (p, c, n) in enumerate(people, start=1)
    )
    produced = {
        OutputKind.CHALLENGE: _lines(challenges),
        OutputKind.RECOMMENDATION: _lines(recommendations),
        OutputKind.OTHER: _lines(outputs),
    }
    WorkshopOutput.objects.bulk_create(
        WorkshopOutput(workshop=workshop, kind=kind, position=i, text=text)
        for kind, texts in produced.items()
        for i, text in enumerate(texts, start=1)
    )
    linked = list(initiatives)
    workshop.initiatives.set(linked)
    audit.record(
        by,
        AuditAction.CREATED,
        workshop,
        after={
            "plan": plan.slug,
            "title": title,
            "date": date,
            "facilitators": workshop.facilitators,
            "participants": [[p, c] for p, c, _n in people],
            "outputs": {str(k): v for k, v in produced.items()},
            "initiatives": [i.pk for i in linked],
        },
    )
    return workshop


def _workshop_state(workshop: Workshop) -> dict[str, Any]:
    outputs: dict[str, list[str]] = {str(k): [] for k in OutputKind.values}
    for output in workshop.outputs.order_by("kind", "position", "id"):
        outputs[output.kind].append(output.text)
    return {
        "title": workshop.title,
        "date": workshop.date,
        "place": workshop.place,
        "facilitators": list(workshop.facilitators),
        "participants": [[p.profession, p.count] for p in workshop.participants.all()],
        "outputs": outputs,
        "initiatives": sorted(workshop.initiatives.values_list("pk", flat=True)),
    }


def _sync_outputs(workshop: Workshop, kind: str, texts: list[str]) -> None:
    """Keep the outputs whose text is unchanged (and so their long-list candidates), drop
    the removed ones, add the new ones, and number them in the order given."""
    existing: dict[str, list[WorkshopOutput]] = {}
    for output in workshop.outputs.filter(kind=kind).order_by("position", "id"):
        existing.setdefault(output.text, []).append(output)
    for position, text in enumerate(texts, start=1):
        kept = existing.get(text)
        if kept:
            output = kept.pop(0)
            if output.position != position:
                output.position = position
                output.save(update_fields=["position"])
        else:
            WorkshopOutput.objects.create(
                workshop=workshop, kind=kind, position=position, text=text
            )
    stale = [o.pk for outputs in existing.values() for o in outputs]
    if stale:
        WorkshopOutput.objects.filter(pk__in=stale).delete()


@transaction.atomic
def update_workshop(
    workshop: Workshop,
    *,
    by: Any,
    title: str,
    date: dt.date,
    place: str = "",
    facilitators: Iterable[str] = (),
    participants: Participants = (),
    challenges: Iterable[str] = (),
    recommendations: Iterable[str] = (),
    outputs: Iterable[str] = (),
    initiatives: Iterable[Initiative] = (),
) -> Workshop:
    """Correct or complete a workshop. Outputs whose text is unchanged keep their link to
    the long-list candidates made from them."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    title = _require(title, "title", _("A workshop needs a title."))
    if date is None:
        raise ValidationError({"date": _("A workshop needs a date.")})
    people = _people(participants)
    before = _workshop_state(workshop)
    workshop.title = title
    workshop.date = date
    workshop.place = (place or "").strip()
    workshop.facilitators = _lines(facilitators)
    workshop.save(update_fields=["title", "date", "place", "facilitators"])
    workshop.participants.all().delete()
    WorkshopParticipant.objects.bulk_create(
        WorkshopParticipant(workshop=workshop, profession=p, count=c, note=n, position=i)
        for i, (p, c, n) in enumerate(people, start=1)
    )
    _sync_outputs(workshop, OutputKind.CHALLENGE, _lines(challenges))
    _sync_outputs(workshop, OutputKind.RECOMMENDATION, _lines(recommendations))
    _sync_outputs(workshop, OutputKind.OTHER, _lines(outputs))
    workshop.initiatives.set(list(initiatives))
    old, new = audit.changed_fields(before, _workshop_state(workshop))
    if new or old:
        audit.record(by, AuditAction.UPDATED, workshop, before=old, after=new)
    return workshop


# --------------------------------------------------------------------------- consultations


def _invitees(forums: Iterable[Any], units: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    return (
        sorted(set(forums), key=lambda f: f.pk),
        sorted(set(units), key=lambda u: u.pk),
    )


def _consultation_state(consultation: Consultation) -> dict[str, Any]:
    invitations = list(consultation.invitations.select_related("forum", "unit"))
    return {
        "title": consultation.title,
        "plan": consultation.plan.slug if consultation.plan_id else None,
        "description": consultation.description,
        "deadline": consultation.deadline,
        "forums": sorted(i.forum.short_name for i in invitations if i.forum_id),
        "units": sorted(i.unit.name for i in invitations if i.unit_id),
    }


def _set_invitations(consultation: Consultation, forums: list[Any], units: list[Any]) -> None:
    current = list(consultation.invitations.all())
    wanted_forums = {f.pk for f in forums}
    wanted_units = {u.pk for u in units}
    for invitation in current:
        keep = (
            invitation.forum_id in wanted_forums
            if invitation.forum_id
            else invitation.unit_id in wanted_units
        )
        if not keep:
            invitation.delete()
    have_forums = {i.forum_id for i in current if i.forum_id}
    have_units = {i.unit_id for i in current if i.unit_id}
    ConsultationInvitation.objects.bulk_create(
        [
            ConsultationInvitation(consultation=consultation, forum=f)
            for f in forums
            if f.pk not in have_forums
        ]
        + [
            ConsultationInvitation(consultation=consultation, unit=u)
            for u in units
            if u.pk not in have_units
        ]
    )


@transaction.atomic
def create_consultation(
    *,
    by: Any,
    title: str,
    plan: Plan | None = None,
    description: str = "",
    deadline: dt.date | None = None,
    forums: Iterable[Any] = (),
    units: Iterable[Any] = (),
) -> Consultation:
    """Start a consultation (a round of gathering inputs), inviting forums and units to give
    their inputs by the deadline."""
    title = _require(title, "title", _("A consultation needs a title."))
    if Consultation.objects.filter(title=title).exists():
        raise ValidationError({"title": _("A consultation with this title already exists.")})
    consultation = Consultation.objects.create(
        title=title, plan=plan, description=(description or "").strip(), deadline=deadline
    )
    _set_invitations(consultation, *_invitees(forums, units))
    audit.record(by, AuditAction.CREATED, consultation, after=_consultation_state(consultation))
    return consultation


@transaction.atomic
def update_consultation(
    consultation: Consultation,
    *,
    by: Any,
    title: str,
    description: str = "",
    deadline: dt.date | None = None,
    forums: Iterable[Any] = (),
    units: Iterable[Any] = (),
) -> Consultation:
    """Change a consultation's text and deadline and whom it invites. An invitation that is
    withdrawn keeps the inputs already given under it."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    title = _require(title, "title", _("A consultation needs a title."))
    if Consultation.objects.filter(title=title).exclude(pk=consultation.pk).exists():
        raise ValidationError({"title": _("A consultation with this title already exists.")})
    before = _consultation_state(consultation)
    consultation.title = title
    consultation.description = (description or "").strip()
    consultation.deadline = deadline
    consultation.save(update_fields=["title", "description", "deadline"])
    _set_invitations(consultation, *_invitees(forums, units))
    old, new = audit.changed_fields(before, _consultation_state(consultation))
    if old or new:
        audit.record(by, AuditAction.UPDATED, consultation, before=old, after=new)
    return consultation


def is_past_deadline(consultation: Consultation, *, today: dt.date | None = None) -> bool:
    """Has the consultation's deadline passed (the deadline day itself still counts)?"""
    today = today or timezone.localdate()
    return consultation.deadline is not None and today > consultation.deadline


@transaction.atomic
def add_consultation_input(
    consultation: Consultation,
    *,
    by: Any,
    source: str = "",
    kind: str,
    text: str,
    forum: Any = None,
    invitation: ConsultationInvitation | None = None,
    late_allowed: bool = True,
) -> ConsultationInput:
    """Add one input ("Inputs fra AL: …") to a consultation.

    Given under an ``invitation``, the input is from the invited forum or unit. With
    ``late_allowed=False`` (the invited people themselves) an input after the deadline is
    refused.
    """
    if invitation is not None:
        if invitation.consultation_id != consultation.pk:
            raise ValidationError({"invitation": _("The invitation is for another consultation.")})
        source = source or invitation.invitee_name
        forum = forum or invitation.forum
    if not late_allowed and is_past_deadline(consultation):
        raise ValidationError(
            _("The deadline for inputs was %(date)s.")
            % {"date": consultation.deadline.strftime("%d.%m.%Y")}
        )
    source = _require(source, "source", _("Say who gave the input."))
    text = _require(text, "text", _("Write the input."))
    if kind not in InputKind.values:
        raise ValidationError({"kind": _("“%(value)s” is not a valid choice.") % {"value": kind}})
    position = (consultation.inputs.aggregate(m=Max("position"))["m"] or 0) + 1
    user = by if getattr(by, "is_authenticated", False) else None
    entry = ConsultationInput.objects.create(
        consultation=consultation,
        source=source[:200],
        forum=forum,
        invitation=invitation,
        kind=kind,
        text=text,
        position=position,
        submitted_by=user,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        entry,
        after={
            "consultation": consultation.pk,
            "source": entry.source,
            "invitation": invitation.pk if invitation else None,
            "kind": kind,
            "text": text,
        },
    )
    return entry


@transaction.atomic
def give_inputs(
    invitation: ConsultationInvitation,
    *,
    by: Any,
    inputs: Sequence[tuple[str, str]],
    late_allowed: bool = False,
) -> list[ConsultationInput]:
    """Give several inputs at once under an invitation: ``(kind, text)`` pairs."""
    if not inputs:
        raise ValidationError({"text": _("Write at least one input.")})
    return [
        add_consultation_input(
            invitation.consultation,
            by=by,
            kind=kind,
            text=text,
            invitation=invitation,
            late_allowed=late_allowed,
        )
        for kind, text in inputs
    ]


# --------------------------------------------------------------------------- long-lists


def _validate_scale(scale_min: int, scale_max: int) -> None:
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})
    if scale_max - scale_min > 100:
        raise ValidationError({"scale_max": _("A scale can have at most 101 steps.")})


@transaction.atomic
def create_long_list(
    plan: Plan,
    *,
    by: Any,
    title: str,
    x_label: str = "",
    y_label: str = "",
    scale_min: int = 1,
    scale_max: int = 5,
) -> LongList:
    """Start a long-list for a plan, with its two scoring axes and their scale."""
    title = _require(title, "title", _("A long-list needs a title."))
    with translation.override(settings.LANGUAGE_CODE):
        x_label = (x_label or "").strip() or _("Effect")
        y_label = (y_label or "").strip() or _("Feasibility")
    _validate_scale(scale_min, scale_max)
    if LongList.objects.filter(plan=plan, title=title).exists():
        raise ValidationError({"title": _("The plan already has a long-list with this title.")})
    long_list = LongList.objects.create(
        plan=plan,
        title=title,
        x_label=x_label,
        y_label=y_label,
        scale_min=scale_min,
        scale_max=scale_max,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        long_list,
        after={
            "plan": plan.slug,
            "title": title,
            "x_label": x_label,
            "y_label": y_label,
            "scale": [scale_min, scale_max],
        },
    )
    return long_list


def existing_candidate(long_list: LongList, **origin: Any) -> Candidate | None:
    """The candidate of the long-list that came from this workshop recommendation or
    consultation input (``workshop_output=…`` or ``consultation_input=…``), if any."""
    origin = {k: v for k, v in origin.items() if v is not None}
    if not origin:
        return None
    return long_list.candidates.filter(**origin).order_by("id").first()


def candidate_number(candidate: Candidate) -> int:
    """The candidate's number on its long-list (as in the table and the chart)."""
    return candidate.long_list.candidates.filter(id__lte=candidate.pk).count()


def _refuse_twice(long_list: LongList, **origin: Any) -> None:
    for field, value in origin.items():
        if value is not None and existing_candidate(long_list, **{field: value}):
            raise ValidationError(
                {field: _("It is already on the long-list “%(list)s”.") % {"list": long_list}},
                code="duplicate",
            )


@transaction.atomic
def add_candidate(
    long_list: LongList,
    *,
    by: Any,
    title: str,
    description: str = "",
    source: str = CandidateSource.MANUAL,
    source_text: str = "",
    workshop_output: WorkshopOutput | None = None,
    agenda_item: Any = None,
    consultation_input: ConsultationInput | None = None,
) -> Candidate:
    """Put a possible initiative on the long-list, keeping where it came from."""
    title = _require(title, "title", _("A candidate needs a title."))
    if workshop_output is not None:
        source = CandidateSource.WORKSHOP
        if workshop_output.kind != OutputKind.RECOMMENDATION:
            raise ValidationError(
                {"workshop_output": _("Only a workshop's recommendations can become candidates.")}
            )
        source_text = source_text or str(workshop_output.workshop)
    elif agenda_item is not None:
        source = CandidateSource.FORUM
        source_text = source_text or f"{agenda_item.meeting}: {agenda_item.title}"[:300]
    elif consultation_input is not None:
        source = CandidateSource.CONSULTATION
        source_text = source_text or f"{consultation_input.source}"[:300]
    if source not in CandidateSource.values:
        raise ValidationError(
            {"source": _("“%(value)s” is not a valid choice.") % {"value": source}}
        )
    _refuse_twice(long_list, workshop_output=workshop_output, consultation_input=consultation_input)
    user = by if getattr(by, "is_authenticated", False) else None
    candidate = Candidate.objects.create(
        long_list=long_list,
        title=title,
        description=(description or "").strip(),
        source=source,
        source_text=(source_text or "").strip()[:300],
        workshop_output=workshop_output,
        agenda_item=agenda_item,
        consultation_input=consultation_input,
        created_by=user,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        candidate,
        after={
            "long_list": long_list.pk,
            "title": title,
            "source": source,
            "source_text": candidate.source_text,
            "workshop_output": workshop_output,
            "agenda_item": agenda_item,
            "consultation_input": consultation_input,
        },
    )
    return candidate


@transaction.atomic
def inputs_to_long_list(
    inputs: Iterable[ConsultationInput], long_list: LongList, *, by: Any
) -> list[Candidate]:
    """Put consultation inputs on a long-list; inputs already on it are skipped."""
    already = set(
        long_list.candidates.filter(consultation_input__isnull=False).values_list(
            "consultation_input_id", flat=True
        )
    )
    made = []
    for entry in inputs:
        if entry.pk in already:
            continue
        made.append(
            add_candidate(long_list, by=by, title=entry.text[:500], consultation_input=entry)
        )
        already.add(entry.pk)
    return made


@transaction.atomic
def score_candidate(
    candidate: Candidate, *, by: Any, x_score: int | None, y_score: int | None
) -> Candidate:
    """Score a candidate on the long-list's two axes (``None`` clears a score).

    Once promoted, a candidate's scores are part of the decision record and stay."""
    status = Candidate.objects.select_for_update().values_list("status", flat=True)
    if status.get(pk=candidate.pk) == CandidateStatus.PROMOTED:
        raise ValidationError(
            _("The candidate is already an initiative; its scores cannot be changed."),
            code="promoted",
        )
    scale = candidate.long_list
    for field, value in (("x_score", x_score), ("y_score", y_score)):
        if value is not None and not scale.scale_min <= value <= scale.scale_max:
            raise ValidationError(
                {
                    field: _("Give a score from %(low)s to %(high)s.")
                    % {"low": scale.scale_min, "high": scale.scale_max}
                }
            )
    before = {"x_score": candidate.x_score, "y_score": candidate.y_score}
    after = {"x_score": x_score, "y_score": y_score}
    old, new = audit.changed_fields(before, after)
    if not new:
        return candidate
    candidate.x_score, candidate.y_score = x_score, y_score
    candidate.save(update_fields=["x_score", "y_score"])
    audit.record(by, AuditAction.UPDATED, candidate, before=old, after=new)
    return candidate


@transaction.atomic
def set_candidate_status(candidate: Candidate, *, by: Any, status: str) -> Candidate:
    """Select a candidate, leave it out, or open it again (not once promoted)."""
    if status not in (CandidateStatus.OPEN, CandidateStatus.SELECTED, CandidateStatus.REJECTED):
        raise ValidationError(
            {"status": _("“%(value)s” is not a valid choice.") % {"value": status}}
        )
    if candidate.status == CandidateStatus.PROMOTED:
        raise ValidationError({"status": _("The candidate is already an initiative.")})
    if candidate.status == status:
        return candidate
    before = candidate.status
    candidate.status = status
    candidate.save(update_fields=["status"])
    audit.record(
        by, AuditAction.UPDATED, candidate, before={"status": before}, after={"status": status}
    )
    return candidate


def _origin_line(candidate: Candidate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("From the long-list “%(list)s”: %(origin)s") % {
            "list": candidate.long_list.title,
            "origin": candidate.origin_label or candidate.get_source_display(),
        }


@transaction.atomic
def promote_candidate(
    candidate: Candidate,
    *,
    by: Any,
    plan: Plan | None = None,
    areas: Iterable[Area] = (),
    title: str = "",
    at: dt.datetime | None = None,
    **fields: Any,
) -> Initiative:
    """Turn a candidate into an initiative of a plan (default: the long-list's plan).

    The initiative's description names where the candidate came from, and the candidate
    keeps a link to the initiative it became.
    """
    at = at or timezone.now()
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.promoted_to_id:
        raise ValidationError({"title": _("The candidate is already an initiative.")})
    plan = plan or candidate.long_list.plan
    description = fields.pop("description", "") or candidate.description
    origin = _origin_line(candidate)
    description = f"{description}\n\n{origin}".strip() if description else origin
    initiative = portfolio_actions.create_initiative(
        plan,
        by=by,
        title=title or candidate.title,
        areas=areas,
        description=description,
        at=at,
        **fields,
    )
    _mark_promoted(candidate, initiative, by=by, at=at)
    return initiative


def _mark_promoted(
    candidate: Candidate, initiative: Initiative, *, by: Any, at: dt.datetime
) -> None:
    before = {"status": candidate.status, "promoted_to": candidate.promoted_to_id}
    candidate.status = CandidateStatus.PROMOTED
    candidate.promoted_to = initiative
    candidate.promoted_at = at
    candidate.save(update_fields=["status", "promoted_to", "promoted_at"])
    audit.record(
        by,
        AuditAction.UPDATED,
        candidate,
        before=before,
        after={"status": candidate.status, "promoted_to": initiative.pk},
    )


@transaction.atomic
def link_candidate_to_initiative(
    candidate: Candidate, initiative: Initiative, *, by: Any
) -> Candidate:
    """Record that a candidate became an existing initiative (e.g. from an older plan)."""
    if candidate.promoted_to_id == initiative.pk:
        return candidate
    if candidate.promoted_to_id:
        raise ValidationError({"title": _("The candidate is already an initiative.")})
    _mark_promoted(candidate, initiative, by=by, at=timezone.now())
    return candidate
