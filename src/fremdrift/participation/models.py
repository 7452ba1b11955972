"""Workshops, consultations and the long-list (bruttoliste) of possible initiatives.

Nothing here is written directly: ``participation.actions`` is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.participation.choices import (
    CandidateSource,
    CandidateStatus,
    InputKind,
    OutputKind,
)


class Workshop(models.Model):
    """A theme or profession workshop linked to a plan: who took part and what came out."""

    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="workshops",
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    facilitators = models.JSONField(_("facilitators"), default=list, blank=True)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="workshops",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["plan", "date", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:workshop-detail", args=[self.pk])

    @property
    def participant_total(self) -> int | None:
        counts = [p.count for p in self.participants.all()]
        if not counts or any(c is None for c in counts):
            return None
        return sum(counts)


class WorkshopParticipant(models.Model):
    """Participants of one profession: "6 overlæger", "9 uddannelseslæger"."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    profession = models.CharField(_("profession"), max_length=200)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["workshop", "position", "id"]
        verbose_name = _("workshop participants")
        verbose_name_plural = _("workshop participants")

    def __str__(self) -> str:
        return f"{self.count or '?'} {self.profession}"


class WorkshopOutput(models.Model):
    """A challenge, recommendation or other output of a workshop, in order."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutputKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["workshop", "kind", "position", "id"]
        verbose_name = _("workshop output")
        verbose_name_plural = _("workshop outputs")

    def __str__(self) -> str:
        return self.text[:80]


class Consultation(models.Model):
    """A round of gathering input (e.g. for a new competence strategy) from forums."""

    title = models.CharField(_("title"), max_length=300, unique=True)
    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The last day the invited forums and units can give their inputs."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation-detail", args=[self.pk])


class ConsultationInvitation(models.Model):
    """A forum or a unit invited to give inputs to a consultation (exactly one of the two)."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    forum = models.ForeignKey(
        "governance.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    unit = models.ForeignKey(
        "core.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultation_invitations",
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "id"]
        verbose_name = _("consultation invitation")
        verbose_name_plural = _("consultation invitations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(forum__isnull=False, unit__isnull=True)
                    | models.Q(forum__isnull=True, unit__isnull=False)
                ),
                name="invitation_forum_or_unit",
            ),
            models.UniqueConstraint(fields=["consultation", "forum"], name="unique_invited_forum"),
            models.UniqueConstraint(fields=["consultation", "unit"], name="unique_invited_unit"),
        ]

    def __str__(self) -> str:
        return self.invitee_name

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation-answer", args=[self.pk])

    @property
    def invitee_name(self) -> str:
        """The invited forum's short name or the unit's name: "AL", "LMU"."""
        if self.forum_id:
            return self.forum.short_name
        return self.unit.short_name or self.unit.name


class ConsultationInput(models.Model):
    """One input of a consultation, from a forum or group ("Inputs fra AL")."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="inputs",
    )
    source = models.CharField(_("from"), max_length=200)
    forum = models.ForeignKey(
        "governance.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_inputs",
    )
    invitation = models.ForeignKey(
        ConsultationInvitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inputs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InputKind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        ordering = ["consultation", "position", "id"]
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")

    def __str__(self) -> str:
        return f"{self.source}: {self.text[:60]}"


class LongList(models.Model):
    """A long-list (bruttoliste) of possible initiatives for a plan, scored on two axes."""

    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="long_lists",
    )
    title = models.CharField(_("title"), max_length=300)
    x_label = models.CharField(_("first axis"), max_length=100, default="Effekt")
    y_label = models.CharField(_("second axis"), max_length=100, default="Gennemførlighed")
    scale_min = models.IntegerField(_("lowest score"), default=1)
    scale_max = models.IntegerField(_("highest score"), default=5)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["plan", "-created_at", "title"]
        verbose_name = _("long-list")
        verbose_name_plural = _("long-lists")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="unique_long_list_title")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:longlist-detail", args=[self.pk])


class Candidate(models.Model):
    """A possible initiative on a long-list; keeps where it came from and what it became."""

    long_list = models.ForeignKey(
        LongList,
        verbose_name=_("long-list"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("origin"), max_length=20, choices=CandidateSource.choices)
    source_text = models.CharField(_("origin as written"), max_length=300, blank=True)
    workshop_output = models.ForeignKey(
        WorkshopOutput,
        verbose_name=_("workshop recommendation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    consultation_input = models.ForeignKey(
        ConsultationInput,
        verbose_name=_("consultation input"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    x_score = models.IntegerField(_("first score"), null=True, blank=True)
    y_score = models.IntegerField(_("second score"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    promoted_to = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["long_list", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.title

    @property
    def is_scored(self) -> bool:
        return self.x_score is not None and self.y_score is not None

    @property
    def origin_url(self) -> str:
        if self.workshop_output_id:
            return self.workshop_output.workshop.get_absolute_url()
        if self.agenda_item_id:
            return self.agenda_item.get_absolute_url()
        if self.consultation_input_id:
            return self.consultation_input.consultation.get_absolute_url()
        return ""

    @property
    def origin_label(self) -> str:
        if self.workshop_output_id:
            return str(self.workshop_output.workshop)
        if self.agenda_item_id:
            return f"{self.agenda_item.meeting}: {self.agenda_item.title}"
        if self.consultation_input_id:
            return f"{self.consultation_input.consultation} – {self.consultation_input.source}"
        return self.source_text
