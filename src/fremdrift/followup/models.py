"""Update rounds (statusrunder), local implementation status and implementation readiness.

Nothing here is written directly: ``followup.actions`` is the only writer. A round asks one
request per initiative × responsible unit (see ``docs/followup.md``); each answer waits for
approval when the plan requires review and becomes a ``portfolio.StatusUpdate`` only when it
is approved (or at once when review is off).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.core.models import OrgUnit
from fremdrift.followup.choices import (
    AnswerKind,
    AnswerState,
    ReadinessDimension,
    ReminderKind,
    RequestState,
)
from fremdrift.portfolio.choices import Phase
from fremdrift.portfolio.models import Area, Initiative, Plan, StatusUpdate


class UpdateRound(models.Model):
    """A round in which a coordinator collects status from the responsible units of a plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="update_rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    # What the round is for: the meeting it prepares, and a text ("HMU 10. december 2021"),
    # which old rounds have without a meeting.
    occasion = models.CharField(_("meeting or report"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="update_rounds",
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas"),
        blank=True,
        related_name="update_rounds",
        help_text=_("Leave empty to include the whole plan."),
    )
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before the deadline"),
        default=2,
        validators=[MaxValueValidator(60)],
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Made up by the demo (not in the seeds), with its answers: shown with an "illustrativ" tag.
    illustrative = models.BooleanField(_("illustrative"), default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("update round")
        verbose_name_plural = _("update rounds")

    def __str__(self) -> str:
        return f"{self.plan}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("followup:round-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class UpdateRequest(models.Model):
    """What one responsible unit owes for one initiative in a round.

    ``unit`` is empty when the initiative has no follow-up units: the plan's coordinators
    answer then. ``state`` mirrors the latest answer for fast lists; the actions keep it.
    """

    round = models.ForeignKey(
        UpdateRound,
        verbose_name=_("update round"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="update_requests",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="update_requests",
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RequestState.choices,
        default=RequestState.OUTSTANDING,
        db_index=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["round", "initiative", "unit__name", "id"]
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "unit"], name="unique_update_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.unit or _('coordinators')}"

    def get_absolute_url(self) -> str:
        return reverse("followup:answer", args=[self.pk])

    @property
    def is_reported(self) -> bool:
        return self.state == RequestState.ACCEPTED

    @property
    def is_owed(self) -> bool:
        return self.state in (RequestState.OUTSTANDING, RequestState.RETURNED)


class UpdateAnswer(models.Model):
    """A unit's answer to a request: a new status or "unchanged", and its review."""

    request = models.ForeignKey(
        UpdateRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="answers"
    )
    kind = models.CharField(_("answer"), max_length=10, choices=AnswerKind.choices)
    text = models.TextField(_("status"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    phase_target = models.CharField(
        _("target phase"), max_length=20, choices=Phase.choices, blank=True
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    # The initiative's version the unit wrote a status answer against: approving it later
    # is refused if the initiative moved on since (empty for answers from before it was kept).
    seen_version = models.PositiveIntegerField(_("version read"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AnswerState.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("comment"), blank=True)
    status_update = models.ForeignKey(
        StatusUpdate,
        verbose_name=_("status update"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["request", "submitted_at", "id"]
        verbose_name = _("update answer")
        verbose_name_plural = _("update answers")

    def __str__(self) -> str:
        return f"{self.request}: {self.get_kind_display()} ({self.get_state_display()})"


class Reminder(models.Model):
    """One e-mail sent to one user about a round. ``key`` makes every reminder unique."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    round = models.ForeignKey(
        UpdateRound,
        verbose_name=_("update round"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.CharField(_("e-mail"), max_length=254)
    request_ids = models.JSONField(_("requests"), default=list)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email}"


class LocalStatus(models.Model):
    """A local unit's own phase and short status for an initiative. Append-only."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="local_statuses",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="local_statuses"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    text = models.CharField(_("status"), max_length=500, blank=True)
    status_date = models.DateField(_("status date"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    # Made up by the demo (not in the seeds): shown with an "illustrativ" tag.
    illustrative = models.BooleanField(_("illustrative"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["initiative", "unit", "recorded_at", "id"]
        verbose_name = _("local status")
        verbose_name_plural = _("local statuses")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_phase_display()} ({self.status_date})"

    def save(self, *args, **kwargs):  # noqa: ANN002,ANN003
        if self.pk is not None:
            raise PermissionError("Local statuses are append-only.")
        super().save(*args, **kwargs)


class ReadinessAssessment(models.Model):
    """A local unit's dated scoring of its readiness to implement an initiative."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="readiness_assessments",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="readiness_assessments",
    )
    assessed_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    # Made up by the demo (not in the seeds): shown with an "illustrativ" tag.
    illustrative = models.BooleanField(_("illustrative"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["initiative", "unit", "assessed_on", "recorded_at", "id"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")

    def __str__(self) -> str:
        return f"{self.unit} – {self.initiative} ({self.assessed_on})"


class ReadinessScore(models.Model):
    """The score (1–5) and comment on one dimension of the transformation wheel."""

    assessment = models.ForeignKey(
        ReadinessAssessment,
        verbose_name=_("readiness assessment"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=ReadinessDimension.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("readiness score")
        verbose_name_plural = _("readiness scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="unique_readiness_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="readiness_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"
