"""The only writer of governance: forums, meetings, agenda items, decisions, milestones.

Each function validates, writes and records the audit event in one transaction. A
decision that moves initiatives does so through ``portfolio.actions`` so the initiative's
own history shows it ("Fase ændret ved beslutning i HMU 10.12.2021", linked to the decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import OrgUnit
from fremdrift.governance.choices import AgendaKind, DecisionOutcome
from fremdrift.governance.models import (
    AgendaItem,
    Decision,
    DiscussionQuestion,
    Forum,
    ForumMember,
    Meeting,
    Milestone,
)
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.choices import PHASE_ORDER, Phase, WorkForm
from fremdrift.portfolio.models import Initiative, Plan

# A question for group discussion: its text, or (text, minutes).
Question = str | tuple[str, int | None]

ITEM_FIELDS = (
    "title",
    "kind",
    "presenter",
    "duration_minutes",
    "description",
    "discussion_minutes",
)
MEETING_FIELDS = ("title", "date", "end_date", "start_time", "end_time", "place")


class StaleDecision(Exception):
    """Initiatives the decision would move changed since the versions the secretary saw."""

    def __init__(self, changed: list[Initiative]) -> None:
        super().__init__(", ".join(f"{i.pk} is at version {i.version}" for i in changed))
        self.changed = changed


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _choice(value: str, choices: Any, field: str, allow_blank: bool = False) -> str:
    value = (value or "").strip()
    if allow_blank and not value:
        return ""
    if value not in choices.values:
        raise ValidationError({field: _("“%(value)s” is not a valid choice.") % {"value": value}})
    return value


def person_name(by: Any) -> str:
    """The name to show for whoever acted: a user's full name, else the login name; a
    script's label as given."""
    user = by if getattr(by, "is_authenticated", False) else None
    if user is None:
        return str(by or "")
    return (user.get_full_name() or "").strip() or user.get_username()


def withdraw_minutes_approval(meeting: Meeting | int, *, by: Any) -> bool:
    """Approved minutes that change are no longer the minutes that were approved: clear the
    approval (audited) so the secretary approves them again. Every writer of what the
    minutes show calls this in its transaction. True if an approval was withdrawn."""
    pk = meeting if isinstance(meeting, int) else meeting.pk
    current = (
        Meeting.objects.select_for_update().filter(pk=pk, minutes_approved_at__isnull=False).first()
    )
    if current is None:
        return False
    before = {
        "minutes_approved_at": current.minutes_approved_at,
        "minutes_approved_by": current.minutes_approved_by_name,
    }
    current.minutes_approved_at = None
    current.minutes_approved_by = None
    current.minutes_approved_by_name = ""
    current.save(
        update_fields=["minutes_approved_at", "minutes_approved_by", "minutes_approved_by_name"]
    )
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before=before,
        after={"minutes_approved_at": None, "minutes_approved_by": ""},
        note=_("Approval of the minutes withdrawn: the minutes changed"),
    )
    return True


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Times as ISO strings: ``audit.jsonable`` knows dates but not times."""
    return {k: v.isoformat() if isinstance(v, dt.time) else v for k, v in values.items()}


# --------------------------------------------------------------------------- forums


@transaction.atomic
def create_forum(
    *,
    by: Any,
    short_name: str,
    name: str,
    unit: OrgUnit | None = None,
    description: str = "",
    plans: Iterable[Plan] = (),
) -> Forum:
    """Create a forum (HMU, AL, HR-forum …) serving ``plans``; short names are unique."""
    short_name = _require(short_name, "short_name", _("A forum needs a short name."))
    name = _require(name, "name", _("A forum needs a name."))
    if Forum.objects.filter(short_name__iexact=short_name).exists():
        raise ValidationError({"short_name": _("A forum with this short name already exists.")})
    forum = Forum.objects.create(
        short_name=short_name, name=name, unit=unit, description=description.strip()
    )
    plans = list(plans)
    forum.plans.set(plans)
    audit.record(
        by,
        AuditAction.CREATED,
        forum,
        after={
            "short_name": short_name,
            "name": name,
            "unit": unit,
            "plans": sorted(p.slug for p in plans),
        },
    )
    return forum


FORUM_FIELDS = ("name", "unit", "description")


@transaction.atomic
def update_forum(
    forum: Forum, *, by: Any, plans: Iterable[Plan] | None = None, **fields: Any
) -> Forum:
    """Change a forum's name, unit, description and the plans it serves."""
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown forum fields: {sorted(unknown)}")
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if "name" in fields:
        fields["name"] = _require(fields["name"], "name", _("A forum needs a name."))
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    before = {k: getattr(forum, k) for k in fields}
    for key, value in fields.items():
        setattr(forum, key, value)
    forum.save()
    old, new = audit.changed_fields(before, fields)
    if plans is not None:
        was = sorted(forum.plans.values_list("slug", flat=True))
        plans = list(plans)
        forum.plans.set(plans)
        now = sorted(p.slug for p in plans)
        if now != was:
            old["plans"], new["plans"] = was, now
    if new:
        audit.record(by, AuditAction.UPDATED, forum, before=old, after=new)
    return forum


@transaction.atomic
def add_forum_member(
    forum: Forum, *, by: Any, name: str, role_title: str = "", user: Any = None
) -> ForumMember:
    """Add a named member to a forum, at the end of the list."""
    name = _require(name, "name", _("Write the member's name."))
    position = (forum.members.aggregate(m=Max("position"))["m"] or 0) + 1
    member = ForumMember.objects.create(
        forum=forum, name=name, role_title=role_title.strip(), user=user, position=position
    )
    audit.record(
        by,
        AuditAction.CREATED,
        member,
        after={"forum": forum.short_name, "name": name, "role_title": role_title},
    )
    return member


@transaction.atomic
def remove_forum_member(member: ForumMember, *, by: Any) -> bool:
    """Take a member off a forum. False when someone took them off in the meantime (a
    second tab, a double click): nothing more is removed or recorded."""
    current = (
        ForumMember.objects.select_for_update().select_related("forum").filter(pk=member.pk).first()
    )
    if current is None:
        return False
    audit.record(
        by,
        AuditAction.DELETED,
        current,
        before={"forum": current.forum.short_name, "name": current.name},
    )
    current.delete()
    return True


# --------------------------------------------------------------------------- meetings


def _validate_meeting(values: dict[str, Any]) -> None:
    if values.get("date") is None:
        raise ValidationError({"date": _("A meeting needs a date.")})
    end = values.get("end_date")
    if end and end < values["date"]:
        raise ValidationError({"end_date": _("The last day is before the first day.")})
    start_time, end_time = values.get("start_time"), values.get("end_time")
    if start_time and end_time and not end and end_time <= start_time:
        raise ValidationError({"end_time": _("The meeting ends before it starts.")})
    for key in ("title", "place"):
        values[key] = (values.get(key) or "").strip()


@transaction.atomic
def create_meeting(
    forum: Forum,
    *,
    by: Any,
    date: dt.date,
    title: str = "",
    end_date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
) -> Meeting:
    """Schedule a meeting of a forum."""
    values = {
        "date": date,
        "title": title or f"{forum.short_name}-møde",
        "end_date": end_date,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
    }
    _validate_meeting(values)
    meeting = Meeting.objects.create(forum=forum, **values)
    audit.record(
        by, AuditAction.CREATED, meeting, after={"forum": forum.short_name, **_plain(values)}
    )
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, by: Any, **fields: Any) -> Meeting:
    """Change a meeting's date, time, place or title; records only what changed."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    values = {key: getattr(meeting, key) for key in MEETING_FIELDS} | fields
    _validate_meeting(values)
    before = {key: getattr(meeting, key) for key in MEETING_FIELDS}
    old, new = audit.changed_fields(_plain(before), _plain(values))
    if not new:
        return meeting
    for key, value in values.items():
        setattr(meeting, key, value)
    meeting.save()
    audit.record(by, AuditAction.UPDATED, meeting, before=old, after=new)
    if withdraw_minutes_approval(meeting, by=by):
        meeting.refresh_from_db()
    return meeting


@transaction.atomic
def cancel_meeting(
    meeting: Meeting, *, by: Any, reason: str = "", at: dt.datetime | None = None
) -> Meeting:
    """Cancel a meeting (aflyst): it stays in the forum's history, marked, but is no
    longer the forum's previous or next meeting in packs and on the meeting pages."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.cancelled_at is not None:
        raise ValidationError({"reason": _("The meeting is already cancelled.")})
    current.cancelled_at = at or timezone.now()
    current.cancelled_by_name = person_name(by)
    current.cancel_reason = (reason or "").strip()[:300]
    current.save(update_fields=["cancelled_at", "cancelled_by_name", "cancel_reason"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"cancelled_at": None},
        after={"cancelled_at": current.cancelled_at, "reason": current.cancel_reason},
        note=_("Meeting cancelled"),
    )
    return current


@transaction.atomic
def reinstate_meeting(meeting: Meeting, *, by: Any) -> Meeting:
    """Undo :func:`cancel_meeting`: the meeting takes place after all."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.cancelled_at is None:
        return current
    before = {"cancelled_at": current.cancelled_at, "reason": current.cancel_reason}
    current.cancelled_at, current.cancelled_by_name, current.cancel_reason = None, "", ""
    current.save(update_fields=["cancelled_at", "cancelled_by_name", "cancel_reason"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before=before,
        after={"cancelled_at": None},
        note=_("Cancellation of the meeting withdrawn"),
    )
    return current


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The forum's meeting before this one (by date) that was not cancelled, if any."""
    return (
        Meeting.objects.filter(
            forum_id=meeting.forum_id, date__lt=meeting.date, cancelled_at__isnull=True
        )
        .order_by("-date", "-id")
        .first()
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The forum's meeting after this one (by date) that was not cancelled, if any."""
    return (
        Meeting.objects.filter(
            forum_id=meeting.forum_id, date__gt=meeting.date, cancelled_at__isnull=True
        )
        .order_by("date", "id")
        .first()
    )


# --------------------------------------------------------------------------- agenda items


def _normalise_questions(questions: Iterable[Question]) -> list[tuple[str, int | None]]:
    result = []
    for question in questions:
        text, minutes = (question, None) if isinstance(question, str) else question
        text = (text or "").strip()
        if text:
            result.append((text, minutes))
    return result


def _validate_item(values: dict[str, Any]) -> None:
    if "title" in values:
        values["title"] = _require(values["title"], "title", _("An agenda item needs a title."))
    if "kind" in values:
        values["kind"] = _choice(values["kind"], AgendaKind, "kind")
    for key in ("presenter", "description"):
        if key in values:
            values[key] = (values[key] or "").strip()
    for key in ("duration_minutes", "discussion_minutes"):
        if values.get(key) is not None and values[key] <= 0:
            raise ValidationError({key: _("Give the minutes as a positive number.")})


def _set_questions(item: AgendaItem, questions: list[tuple[str, int | None]]) -> None:
    """Make the item's questions ``questions``, keeping the records (and so the groups'
    answers) of the questions that stay: an unchanged text is the same question wherever it
    moves; a changed text at the place of an old one is that question reworded. A question
    the groups answered cannot be removed: its answers would lose their question."""
    existing = list(item.questions.all())
    kept: dict[int, DiscussionQuestion] = {}  # index in ``questions`` -> existing question
    free = list(existing)
    for index, (text, _minutes) in enumerate(questions):
        same = next((q for q in free if q.text == text), None)
        if same is not None:
            kept[index] = same
            free.remove(same)
    for index in range(len(questions)):
        if index not in kept and index < len(existing) and existing[index] in free:
            kept[index] = existing[index]
            free.remove(existing[index])
    answered = [q for q in free if q.answers.exists()]
    if answered:
        raise ValidationError(
            {
                "questions": _(
                    "The question “%(question)s” has answers from the groups and cannot be "
                    "removed. Keep it, or change its wording."
                )
                % {"question": answered[0].text}
            }
        )
    for question in free:
        question.delete()
    for index, (text, minutes) in enumerate(questions):
        question = kept.get(index) or DiscussionQuestion(item=item)
        question.position, question.text, question.minutes = index + 1, text, minutes
        question.save()


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    by: Any,
    title: str,
    kind: str,
    number: int | None = None,
    presenter: str = "",
    duration_minutes: int | None = None,
    description: str = "",
    discussion_minutes: int | None = None,
    initiatives: Iterable[Initiative] = (),
    questions: Iterable[Question] = (),
) -> AgendaItem:
    """Add a point to a meeting's agenda (at the end unless a free number is given)."""
    values = {
        "title": title,
        "kind": kind,
        "presenter": presenter,
        "duration_minutes": duration_minutes,
        "description": description,
        "discussion_minutes": discussion_minutes,
    }
    _validate_item(values)
    if number is None:
        number = (meeting.items.aggregate(m=Max("number"))["m"] or 0) + 1
    elif meeting.items.filter(number=number).exists():
        raise ValidationError({"number": _("The agenda already has an item with this number.")})
    item = AgendaItem.objects.create(meeting=meeting, number=number, **values)
    linked = list(initiatives)
    item.initiatives.set(linked)
    asked = _normalise_questions(questions)
    _set_questions(item, asked)
    audit.record(
        by,
        AuditAction.CREATED,
        item,
        after={
            "meeting": meeting.pk,
            "number": number,
            **values,
            "initiatives": [i.pk for i in linked],
            "questions": [q for q, _m in asked],
        },
    )
    withdraw_minutes_approval(meeting.pk, by=by)
    return item


@transaction.atomic
def update_agenda_item(
    item: AgendaItem,
    *,
    by: Any,
    initiatives: Iterable[Initiative] | None = None,
    questions: Iterable[Question] | None = None,
    **fields: Any,
) -> AgendaItem:
    """Change an agenda item's fields, linked initiatives or questions."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agenda item fields: {sorted(unknown)}")
    values = dict(fields)
    _validate_item(values)
    before: dict[str, Any] = {key: getattr(item, key) for key in values}
    after: dict[str, Any] = dict(values)
    if initiatives is not None:
        linked = list(initiatives)
        before["initiatives"] = sorted(item.initiatives.values_list("pk", flat=True))
        after["initiatives"] = sorted(i.pk for i in linked)
        item.initiatives.set(linked)
    if questions is not None:
        asked = _normalise_questions(questions)
        before["questions"] = [[q.text, q.minutes] for q in item.questions.all()]
        after["questions"] = [[text, minutes] for text, minutes in asked]
        _set_questions(item, asked)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    old, new = audit.changed_fields(before, after)
    if new:
        audit.record(by, AuditAction.UPDATED, item, before=old, after=new)
        withdraw_minutes_approval(item.meeting_id, by=by)
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by: Any) -> None:
    """Take a point off the agenda; the items after it move up one number. Refused once
    the minutes are approved, and for an item with a decision (the decision log keeps it:
    correct the decision instead). Its questions, the groups' answers and its minutes go
    with it (the audit trail keeps them); its action items and files stay on the meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.minutes_approved_at is not None:
        raise ValidationError(
            _("The minutes are approved: an item of the approved minutes cannot be removed.")
        )
    if item.decisions.exists():
        raise ValidationError(
            _(
                "The item has a recorded decision and stays on the agenda. Correct the "
                "decision instead."
            )
        )
    before = {
        "meeting": meeting.pk,
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "minutes": item.minutes,
        "plenum_summary": item.plenum_summary,
        "questions": [q.text for q in item.questions.all()],
        "group_answers": [
            [a.group, a.question.text if a.question else None, a.text]
            for a in item.group_answers.select_related("question")
        ],
        "initiatives": sorted(item.initiatives.values_list("pk", flat=True)),
    }
    audit.record(by, AuditAction.DELETED, item, before=before)
    item.attachments.update(item=None)
    number = item.number
    item.delete()
    for later in meeting.items.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def record_minutes(item: AgendaItem, *, by: Any, text: str) -> AgendaItem:
    """Write (or rewrite) the minutes of an agenda item."""
    text = (text or "").strip()
    if text == item.minutes:
        return item
    before = item.minutes
    item.minutes = text
    item.save(update_fields=["minutes"])
    audit.record(by, AuditAction.UPDATED, item, before={"minutes": before}, after={"minutes": text})
    withdraw_minutes_approval(item.meeting_id, by=by)
    return item


# --------------------------------------------------------------------------- decisions


def decision_note(decision: Decision) -> str:
    """The note on the initiative's history, in the organisation's language."""
    meeting = decision.item.meeting
    values = {"forum": meeting.forum.short_name, "date": meeting.date.strftime("%d.%m.%Y")}
    with translation.override(settings.LANGUAGE_CODE):
        if decision.phase and decision.work_form:
            return _("Phase and work form changed by decision in %(forum)s %(date)s") % values
        if decision.phase:
            return _("Phase changed by decision in %(forum)s %(date)s") % values
        if decision.work_form:
            return _("Work form changed by decision in %(forum)s %(date)s") % values
        return _("Decision in %(forum)s %(date)s") % values


def _target_after(initiative: Initiative, phase: str) -> str:
    """The target phase after a move: kept unless the new phase reaches or passes it."""
    target = initiative.phase_target
    if target and PHASE_ORDER.get(phase, 0) >= PHASE_ORDER.get(target, 0):
        return ""
    return target


def _locked_targets(
    targets: list[Initiative], seen_versions: Mapping[int, int] | None
) -> list[Initiative]:
    """Lock the initiatives a decision moves (in one order, so two decisions cannot
    deadlock); refuse with :class:`StaleDecision` those that moved on since
    ``seen_versions`` (``{pk: version}``; ``None`` checks nothing)."""
    locked = Initiative.objects.select_for_update().filter(pk__in=[i.pk for i in targets])
    by_pk = {i.pk: i for i in locked.order_by("pk")}
    current = [by_pk[pk] for pk in dict.fromkeys(i.pk for i in targets)]
    if seen_versions is not None:
        changed = [i for i in current if seen_versions.get(i.pk) != i.version]
        if changed:
            raise StaleDecision(changed)
    return current


def _apply(decision: Decision, initiative: Initiative, *, by: Any, at: dt.datetime) -> None:
    """Move one locked initiative as decided, each step on top of the version before it."""
    note, link = decision_note(decision), decision.get_absolute_url()
    if decision.work_form and decision.work_form != initiative.work_form:
        initiative = portfolio_actions.edit_initiative(
            initiative,
            by=by,
            seen_version=initiative.version,
            changes={"work_form": decision.work_form},
            at=at,
        )
    if decision.phase:
        current = initiative
        status_date = min(decision.item.meeting.last_day, timezone.localdate(at))
        portfolio_actions.record_status(
            current,
            by=by,
            seen_version=current.version,
            text=decision.text,
            phase=decision.phase,
            phase_target=_target_after(current, decision.phase),
            status_date=status_date,
            at=at,
            note=note,
            link=link,
        )


@transaction.atomic
def record_decision(
    item: AgendaItem,
    *,
    by: Any,
    text: str,
    outcome: str,
    initiatives: Sequence[Initiative] | None = None,
    phase: str = "",
    work_form: str = "",
    apply: bool = True,
    seen_versions: Mapping[int, int] | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Record what the forum decided on an agenda item.

    ``initiatives`` (default: all linked to the item) must be linked to the item. With a
    ``phase`` and/or ``work_form`` and ``apply`` the initiatives are moved through the
    portfolio actions, their history noting and linking the decision. ``apply=False``
    records a decision whose effect is already in the initiatives' history (imports).
    Callers check that the user may change each initiative that is moved.

    ``seen_versions`` (``{initiative pk: version}``) are the versions the secretary saw;
    forms must pass them. If an initiative the decision moves has moved on since, nothing
    is recorded and :class:`StaleDecision` names the initiatives that changed. A cancelled
    meeting takes no decisions (nor corrections of earlier ones) until it is reinstated.
    """
    at = at or timezone.now()
    if item.meeting.cancelled_at is not None:
        raise ValidationError(
            _("The meeting is cancelled: take the cancellation back before you record a decision.")
        )
    text = _require(text, "text", _("Write what was decided."))
    outcome = _choice(outcome, DecisionOutcome, "outcome")
    phase = _choice(phase, Phase, "phase", allow_blank=True)
    work_form = _choice(work_form, WorkForm, "work_form", allow_blank=True)
    if outcome == DecisionOutcome.PHASE_CHANGE and not (phase or work_form):
        raise ValidationError({"phase": _("Choose the new phase or work form.")})
    linked = {i.pk: i for i in item.initiatives.all()}
    targets = list(linked.values()) if initiatives is None else list(initiatives)
    strangers = [i for i in targets if i.pk not in linked]
    if strangers:
        raise ValidationError(
            {
                "initiatives": _(
                    "Only initiatives linked to the agenda item can be part of its decision."
                )
            }
        )
    if (phase or work_form) and not targets:
        raise ValidationError({"initiatives": _("Choose the initiatives the decision moves.")})
    moves = bool(apply and (phase or work_form))
    if moves:
        targets = _locked_targets(targets, seen_versions)
    user = by if getattr(by, "is_authenticated", False) else None
    decision = Decision.objects.create(
        item=item,
        text=text,
        outcome=outcome,
        phase=phase,
        work_form=work_form,
        applied=moves,
        recorded_at=at,
        recorded_by=user,
        recorded_by_name=person_name(by),
    )
    decision.initiatives.set(targets)
    audit.record(
        by,
        AuditAction.DECISION_RECORDED,
        decision,
        after={
            "meeting": item.meeting_id,
            "item": item.number,
            "text": text,
            "outcome": outcome,
            "phase": phase,
            "work_form": work_form,
            "initiatives": [i.pk for i in targets],
            "applied": decision.applied,
        },
    )
    if decision.applied:
        for initiative in targets:
            _apply(decision, initiative, by=by, at=at)
    withdraw_minutes_approval(item.meeting_id, by=by)
    return decision


# --------------------------------------------------------------------------- milestones


@transaction.atomic
def create_milestone(
    plan: Plan,
    *,
    by: Any,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    approximate: bool = False,
    forum: Forum | None = None,
    meeting: Meeting | None = None,
    description: str = "",
    initiatives: Iterable[Initiative] = (),
) -> Milestone:
    """Add a step (a date or a period) to a plan's process plan."""
    title = _require(title, "title", _("A milestone needs a title."))
    if date is None:
        raise ValidationError({"date": _("A milestone needs a date.")})
    if end_date and end_date < date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    if meeting is not None and forum is None:
        forum = meeting.forum
    if meeting is not None and meeting.forum_id != forum.pk:
        raise ValidationError({"meeting": _("The meeting is not a meeting of the forum.")})
    milestone = Milestone.objects.create(
        plan=plan,
        title=title,
        date=date,
        end_date=end_date,
        approximate=approximate,
        forum=forum,
        meeting=meeting,
        description=(description or "").strip(),
    )
    linked = list(initiatives)
    milestone.initiatives.set(linked)
    audit.record(
        by,
        AuditAction.CREATED,
        milestone,
        after={
            "plan": plan.slug,
            "title": title,
            "date": date,
            "end_date": end_date,
            "forum": forum.short_name if forum else None,
            "meeting": meeting,
            "initiatives": [i.pk for i in linked],
        },
    )
    return milestone


@transaction.atomic
def delete_milestone(milestone: Milestone, *, by: Any) -> None:
    """Remove a milestone from the process plan."""
    audit.record(
        by,
        AuditAction.DELETED,
        milestone,
        before={"plan": milestone.plan.slug, "title": milestone.title, "date": milestone.date},
    )
    milestone.delete()
