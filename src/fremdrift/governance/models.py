"""Forums, their meetings and agenda items, decisions, and the milestones of process plans.

Nothing here is written directly: ``governance.actions`` is the only writer.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fremdrift.core.models import OrgUnit
from fremdrift.governance.choices import AgendaKind, AttendanceStatus, DecisionOutcome
from fremdrift.portfolio.choices import Phase, WorkForm


def shorten(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut at the last whole word within ``limit`` characters, with
    "…" when something was cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


class Forum(models.Model):
    """A body that meets and decides: HL, AL, FL, HMU, LMU, Regionsrådet, HR-forum …"""

    short_name = models.CharField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forums",
    )
    plans = models.ManyToManyField(
        "portfolio.Plan",
        verbose_name=_("plans served"),
        blank=True,
        related_name="forums",
        help_text=_("The plans this forum follows and decides on. Governance rights follow them."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("governance:forum-detail", args=[self.pk])


class ForumMember(models.Model):
    """A member of a forum: a named person with a role in it, optionally a user."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    role_title = models.CharField(_("role in the forum"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_memberships",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["forum", "position", "name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return f"{self.name} ({self.forum})"


class Meeting(models.Model):
    """A meeting of a forum on a date (or over two days), with a place and an agenda."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_approved_by_name = models.CharField(
        _("minutes approved by"), max_length=150, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by_name = models.CharField(_("cancelled by"), max_length=150, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "start_time", "forum__short_name", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.forum.short_name} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date

    @property
    def ends_at(self) -> dt.datetime:
        """The end of the meeting's last day: what was known at the meeting."""
        moment = dt.datetime.combine(self.last_day, dt.time(23, 59, 59))
        return timezone.make_aware(moment)


class AgendaItem(models.Model):
    """A point on a meeting's agenda: orientering, drøftelse or beslutning."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    discussion_minutes = models.PositiveIntegerField(
        _("group discussion (minutes)"), null=True, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    plenum_summary = models.TextField(_("plenum summary"), blank=True)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["meeting", "number", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_agenda_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.number}"


class DiscussionQuestion(models.Model):
    """A question for group discussion under an agenda item, optionally with a time box."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("question"))
    minutes = models.PositiveIntegerField(_("time box (minutes)"), null=True, blank=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("discussion question")
        verbose_name_plural = _("discussion questions")

    def __str__(self) -> str:
        return self.short_text

    @property
    def short_text(self) -> str:
        """The question cut at a word to fit a list or a choice (80 characters)."""
        return shorten(self.text)


class Decision(models.Model):
    """What a forum decided on an agenda item; may move the linked initiatives."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    phase = models.CharField(_("new phase"), max_length=20, choices=Phase.choices, blank=True)
    work_form = models.CharField(
        _("new work form"), max_length=20, choices=WorkForm.choices, blank=True
    )
    applied = models.BooleanField(_("applied to the initiatives"), default=False)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="decisions",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        ordering = ["-item__meeting__date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.item.meeting}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.item.meeting.get_absolute_url()}#decision-{self.pk}"

    @property
    def is_current(self) -> bool:
        """Not corrected by a later decision."""
        return not hasattr(self, "superseded_by")


class Milestone(models.Model):
    """A dated step (or period) of a plan's process plan, often a forum's meeting."""

    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    approximate = models.BooleanField(_("approximate dates"), default=False)
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    description = models.TextField(_("description"), blank=True)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="milestones",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )

    class Meta:
        ordering = ["plan", "date", "end_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def is_period(self) -> bool:
        return bool(self.end_date and self.end_date != self.date)

    @property
    def is_current(self) -> bool:
        """Not corrected by a later milestone."""
        return not hasattr(self, "superseded_by")


class Attendance(models.Model):
    """Who took part in a meeting: a member of the forum or a named guest."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        ForumMember,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance",
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "name", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="unique_attendance_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"


class GroupAnswer(models.Model):
    """What one group (or table) answered to a discussion question of an agenda item."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="group_answers",
    )
    question = models.ForeignKey(
        DiscussionQuestion,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    group = models.CharField(_("group or table"), max_length=100)
    text = models.TextField(_("answer"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)

    class Meta:
        ordering = ["item", "question__position", "group", "id"]
        verbose_name = _("group answer")
        verbose_name_plural = _("group answers")

    def __str__(self) -> str:
        return f"{self.group}: {self.text[:60]}"


class ActionItem(models.Model):
    """A task agreed at a meeting: an owner (unit or person), a deadline, an initiative.
    It shows in "Mine opdateringer" and in the forum's next packs until it is done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="action_items"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    text = models.TextField(_("action"))
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by_name = models.CharField(_("done by"), max_length=150, blank=True)

    class Meta:
        ordering = ["done_at", "deadline", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#action-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    @property
    def marked_text(self) -> str:
        """The text, with "(illustrative)" if it was made up for the demo."""
        if self.illustrative:
            return f"{self.text} ({gettext('illustrative')})"
        return self.text

    @property
    def owner_label(self) -> str:
        parts = [str(p) for p in (self.owner_unit, self.owner_user) if p]
        if self.owner_name:
            parts.append(self.owner_name)
        return ", ".join(dict.fromkeys(parts))


class Attachment(models.Model):
    """A file (bilag) uploaded to a meeting or one of its agenda items; in the pack.

    Kept in the database like import uploads; removing it deletes the content at once and
    keeps name, size and SHA-256 for the record."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("file"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by_name = models.CharField(_("uploaded by"), max_length=150, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "item__number", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.filename

    def get_absolute_url(self) -> str:
        return reverse("governance:attachment-download", args=[self.pk])
