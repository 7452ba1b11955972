"""The writer of the meeting cycle: preparing a meeting, what happened at it, and after.

Like ``governance.actions`` (decisions, agenda, milestones), each function validates, writes
and records the audit event in one transaction:

- :func:`prepare_meeting` opens an update round per plan the forum serves, linked to the
  meeting, with a deadline before it;
- :func:`set_attendance`, :func:`record_group_answer`, :func:`record_plenum_summary`;
- :func:`add_action_item`, :func:`complete_action_item`;
- :func:`approve_minutes` (the forum's secretary);
- :func:`add_attachment`, :func:`remove_attachment` (bilag);
- :func:`correct_decision`, :func:`correct_milestone`: a new record supersedes the old one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import OrgUnit
from fremdrift.followup import actions as followup_actions
from fremdrift.followup.models import UpdateRound
from fremdrift.governance import actions
from fremdrift.governance.choices import AttendanceStatus
from fremdrift.governance.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    DiscussionQuestion,
    ForumMember,
    GroupAnswer,
    Meeting,
    Milestone,
)
from fremdrift.portfolio.models import Initiative, Plan

_name = actions.person_name


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --------------------------------------------------------------------------- prepare


def default_deadline(meeting: Meeting, today: dt.date | None = None) -> dt.date:
    """A week before the meeting, but not before today."""
    today = today or timezone.localdate()
    return max(meeting.date - dt.timedelta(days=7), min(today, meeting.date - dt.timedelta(1)))


@transaction.atomic
def prepare_meeting(
    meeting: Meeting,
    *,
    by: Any,
    plans: Sequence[Plan],
    deadline: dt.date,
    at: dt.datetime | None = None,
) -> list[UpdateRound]:
    """Open an update round for the meeting in each of ``plans`` (plans the forum serves)
    that has none open for it yet. The deadline lies before the meeting."""
    if deadline is None or deadline >= meeting.date:
        raise ValidationError({"deadline": _("The deadline must be before the meeting.")})
    served = set(meeting.forum.plans.values_list("pk", flat=True))
    if not plans:
        raise ValidationError({"plans": _("Choose the plans to collect status for.")})
    if any(p.pk not in served for p in plans):
        raise ValidationError({"plans": _("Choose plans the forum serves.")})
    occasion = f"{meeting.forum.short_name} {meeting.date:%d.%m.%Y}"
    opened = []
    for plan in plans:
        if UpdateRound.objects.filter(plan=plan, meeting=meeting, closed_at__isnull=True).exists():
            continue
        opened.append(
            followup_actions.open_round(
                plan,
                by=by,
                title=_("Status before %(occasion)s") % {"occasion": occasion},
                deadline=deadline,
                occasion=occasion,
                meeting=meeting,
                at=at,
            )
        )
    return opened


# --------------------------------------------------------------------------- attendance


@transaction.atomic
def set_attendance(
    meeting: Meeting, *, by: Any, entries: Iterable[tuple[str, str, ForumMember | None]]
) -> list[Attendance]:
    """Record who took part: ``(name, status, member)`` per person; replaces the list."""
    rows: dict[str, Attendance] = {}
    for name, status, member in entries:
        name = (name or "").strip()
        if not name:
            continue
        if status not in AttendanceStatus.values:
            raise ValidationError({"status": _("Choose present, sent apologies or absent.")})
        if member is not None and member.forum_id != meeting.forum_id:
            raise ValidationError({"member": _("The member is not a member of the forum.")})
        rows[name.casefold()] = Attendance(meeting=meeting, name=name, status=status, member=member)
    before = {a.name: a.status for a in meeting.attendance.all()}
    after = {a.name: a.status for a in rows.values()}
    meeting.attendance.all().delete()
    created = Attendance.objects.bulk_create(rows.values())
    old, new = audit.changed_fields(before, after)
    if old or new:
        audit.record(
            by,
            AuditAction.UPDATED,
            meeting,
            before={"attendance": before},
            after={"attendance": after},
        )
        actions.withdraw_minutes_approval(meeting.pk, by=by)
    return created


# --------------------------------------------------------------------------- group work


@transaction.atomic
def record_group_answer(
    item: AgendaItem,
    *,
    by: Any,
    group: str,
    text: str,
    question: DiscussionQuestion | None = None,
    at: dt.datetime | None = None,
) -> GroupAnswer:
    """What one group or table answered to a question of the item (or to the item)."""
    group = _text(group, "group", _("Name the group or table."))
    text = _text(text, "text", _("Write the group's answer."))
    if question is not None and question.item_id != item.pk:
        raise ValidationError({"question": _("The question belongs to another agenda item.")})
    answer = GroupAnswer.objects.create(
        item=item,
        question=question,
        group=group,
        text=text,
        recorded_at=at or timezone.now(),
        recorded_by_name=_name(by),
    )
    audit.record(
        by,
        AuditAction.CREATED,
        answer,
        after={
            "meeting": item.meeting_id,
            "item": item.number,
            "question": question.pk if question else None,
            "group": group,
            "text": text,
        },
    )
    actions.withdraw_minutes_approval(item.meeting_id, by=by)
    return answer


@transaction.atomic
def record_plenum_summary(item: AgendaItem, *, by: Any, text: str) -> AgendaItem:
    """The summary of the groups' answers in plenum (opsamling i plenum)."""
    text = (text or "").strip()
    if text == item.plenum_summary:
        return item
    before = item.plenum_summary
    item.plenum_summary = text
    item.save(update_fields=["plenum_summary"])
    audit.record(
        by,
        AuditAction.UPDATED,
        item,
        before={"plenum_summary": before},
        after={"plenum_summary": text},
    )
    actions.withdraw_minutes_approval(item.meeting_id, by=by)
    return item


# --------------------------------------------------------------------------- action items


@transaction.atomic
def add_action_item(
    meeting: Meeting,
    *,
    by: Any,
    text: str,
    item: AgendaItem | None = None,
    owner_unit: OrgUnit | None = None,
    owner_user: Any = None,
    owner_name: str = "",
    deadline: dt.date | None = None,
    initiative: Initiative | None = None,
    illustrative: bool = False,
) -> ActionItem:
    """Agree a task at a meeting: its owner (a unit, a person or a name) and deadline."""
    text = _text(text, "text", _("Write what is to be done."))
    owner_name = (owner_name or "").strip()
    if owner_unit is None and owner_user is None and not owner_name:
        raise ValidationError({"owner_unit": _("Name the owner: a unit or a person.")})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("The agenda item belongs to another meeting.")})
    action_item = ActionItem.objects.create(
        meeting=meeting,
        item=item,
        text=text,
        owner_unit=owner_unit,
        owner_user=owner_user,
        owner_name=owner_name,
        deadline=deadline,
        initiative=initiative,
        illustrative=illustrative,
    )
    audit.record(
        by,
        AuditAction.CREATED,
        action_item,
        after={
            "meeting": meeting.pk,
            "item": item.number if item else None,
            "text": text,
            "owner_unit": owner_unit,
            "owner_user": owner_user,
            "owner_name": owner_name,
            "deadline": deadline,
            "initiative": initiative,
        },
    )
    actions.withdraw_minutes_approval(meeting.pk, by=by)
    return action_item


@transaction.atomic
def complete_action_item(
    action_item: ActionItem, *, by: Any, done: bool = True, at: dt.datetime | None = None
) -> ActionItem:
    """Mark an action item done (or open again)."""
    current = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    if done == (current.done_at is not None):
        return current
    before = current.done_at
    current.done_at = (at or timezone.now()) if done else None
    current.done_by_name = _name(by) if done else ""
    current.save(update_fields=["done_at", "done_by_name"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"done_at": before},
        after={"done_at": current.done_at},
    )
    return current


def open_action_items(meeting: Meeting) -> Any:
    """The forum's action items still open: those agreed before or at this meeting."""
    return (
        ActionItem.objects.filter(
            meeting__forum_id=meeting.forum_id,
            meeting__date__lte=meeting.date,
            done_at__isnull=True,
        )
        .select_related("meeting__forum", "owner_unit", "owner_user", "initiative", "item")
        .order_by("deadline", "meeting__date", "id")
    )


def _mine(user: Any) -> Any:
    """The action items the user owns: in person, or as editor of the owner unit."""
    from django.db.models import Q

    from fremdrift.core.access import grants_for, restrict

    grants = grants_for(user)
    if grants.user_id is None:
        return ActionItem.objects.none()
    mine = Q(owner_user=grants.user_id)
    if grants.editor_unit_ids:
        mine |= Q(owner_unit__in=sorted(grants.editor_unit_ids))
    qs = ActionItem.objects.filter(mine).select_related(
        "meeting__forum", "owner_unit", "initiative"
    )
    return restrict(qs, user)


def my_action_items(user: Any) -> list[ActionItem]:
    """Open action items the user owns: in person, or as editor of the owner unit."""
    return list(_mine(user).filter(done_at__isnull=True).order_by("deadline", "id"))


RECENTLY_DONE_DAYS = 30


def my_done_action_items(user: Any, at: dt.datetime | None = None) -> list[ActionItem]:
    """The user's action items marked done in the last 30 days, newest first: they can
    still be opened again if marked done by mistake."""
    since = (at or timezone.now()) - dt.timedelta(days=RECENTLY_DONE_DAYS)
    return list(_mine(user).filter(done_at__gte=since).order_by("-done_at", "-id"))


# --------------------------------------------------------------------------- minutes


@transaction.atomic
def approve_minutes(meeting: Meeting, *, by: Any, at: dt.datetime | None = None) -> Meeting:
    """The secretary approves the minutes as they stand, once the meeting has been held.
    Callers check the right."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.date > timezone.localdate():
        raise ValidationError(_("The minutes can be approved once the meeting has been held."))
    current.minutes_approved_at = at or timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    current.minutes_approved_by = user
    current.minutes_approved_by_name = _name(by)
    current.save(
        update_fields=["minutes_approved_at", "minutes_approved_by", "minutes_approved_by_name"]
    )
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"minutes_approved_at": meeting.minutes_approved_at},
        after={"minutes_approved_at": current.minutes_approved_at},
        note=_("Minutes approved"),
    )
    return current


# --------------------------------------------------------------------------- attachments


def max_attachment_bytes() -> int:
    return int(settings.FREMDRIFT_MAX_UPLOAD_BYTES)


# Programs and scripts are not kept with a meeting: a bilag is read, never run.
REFUSED_SUFFIXES = frozenset(
    [
        ".apk",
        ".app",
        ".bat",
        ".cmd",
        ".com",
        ".cpl",
        ".dll",
        ".exe",
        ".hta",
        ".jar",
        ".js",
        ".jse",
        ".lnk",
        ".msi",
        ".msp",
        ".pif",
        ".ps1",
        ".reg",
        ".scr",
        ".sh",
        ".vb",
        ".vbe",
        ".vbs",
        ".wsf",
        ".wsh",
    ]
)


def refused_type(filename: str) -> str | None:
    """Why a file of this name cannot be attached (its type), or None."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in REFUSED_SUFFIXES:
        return _(
            "Files of the type “%(suffix)s” cannot be attached: programs and scripts are not "
            "kept with a meeting."
        ) % {"suffix": suffix}
    return None


@transaction.atomic
def add_attachment(
    meeting: Meeting,
    *,
    by: Any,
    filename: str,
    content: bytes,
    media_type: str = "application/octet-stream",
    title: str = "",
    item: AgendaItem | None = None,
) -> Attachment:
    """Keep a file (bilag) with the meeting or one of its items; name, size and hash in
    the audit trail, never the content."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    if not name:
        raise ValidationError({"file": _("Choose a file.")})
    if refused := refused_type(name):
        raise ValidationError({"file": refused})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > max_attachment_bytes():
        raise ValidationError({"file": _("The file is too large.")})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("The agenda item belongs to another meeting.")})
    attachment = Attachment.objects.create(
        meeting=meeting,
        item=item,
        title=(title or "").strip()[:300],
        filename=name,
        media_type=(media_type or "application/octet-stream")[:120],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_name=_name(by),
    )
    audit.record(
        by,
        AuditAction.UPLOADED,
        attachment,
        after={
            "meeting": meeting.pk,
            "item": item.number if item else None,
            "file": name,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    actions.withdraw_minutes_approval(meeting.pk, by=by)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: Any, at: dt.datetime | None = None) -> None:
    """Take a file off the meeting: its content is deleted at once; the record stays."""
    current = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if current.removed_at is not None:
        return
    current.content = None
    current.removed_at = at or timezone.now()
    current.save(update_fields=["content", "removed_at"])
    audit.record(
        by,
        AuditAction.DELETED,
        current,
        before={"file": current.filename, "sha256": current.sha256},
    )
    actions.withdraw_minutes_approval(current.meeting_id, by=by)


# --------------------------------------------------------------------------- corrections


@transaction.atomic
def correct_decision(
    decision: Decision, *, by: Any, text: str, outcome: str, reason: str = ""
) -> Decision:
    """Correct a decision by a new one on the same item that supersedes it. The correction
    changes the record, not the initiatives: a new move is a new decision."""
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if not current.is_current:
        raise ValidationError({"text": _("This decision has already been corrected.")})
    correction = actions.record_decision(
        current.item,
        by=by,
        text=text,
        outcome=outcome,
        initiatives=list(current.initiatives.all()),
        phase=current.phase,
        work_form=current.work_form,
        apply=False,
    )
    correction.supersedes = current
    correction.save(update_fields=["supersedes"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"text": current.text, "outcome": current.outcome},
        after={"corrected_by": correction.pk, "text": correction.text, "outcome": outcome},
        note=(reason or "").strip(),
    )
    return correction


@transaction.atomic
def correct_milestone(
    milestone: Milestone,
    *,
    by: Any,
    title: str,
    date: dt.date,
    end_date: dt.date | None = None,
    description: str | None = None,
) -> Milestone:
    """Correct a milestone by a new one that supersedes it (the process plan shows the new
    one; the history shows both)."""
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not current.is_current:
        raise ValidationError({"title": _("This milestone has already been corrected.")})
    correction = actions.create_milestone(
        current.plan,
        by=by,
        title=title,
        date=date,
        end_date=end_date,
        approximate=current.approximate,
        forum=current.forum,
        meeting=current.meeting,
        description=current.description if description is None else description,
        initiatives=list(current.initiatives.all()),
    )
    correction.supersedes = current
    correction.save(update_fields=["supersedes"])
    audit.record(
        by,
        AuditAction.UPDATED,
        current,
        before={"title": current.title, "date": current.date, "end_date": current.end_date},
        after={"corrected_by": correction.pk, "title": correction.title, "date": date},
    )
    return correction
