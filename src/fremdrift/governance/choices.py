"""Enumerations of governance: kinds of agenda items and outcomes of decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgendaKind(models.TextChoices):
    """What the forum does with an agenda item (orientering / drøftelse / beslutning)."""

    INFORMATION = "orientering", _("Information")
    DISCUSSION = "drøftelse", _("Discussion")
    DECISION = "beslutning", _("Decision")


class DecisionOutcome(models.TextChoices):
    """What a forum decided about the initiatives of an agenda item."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    PHASE_CHANGE = "phase_change", _("Moved to another phase or work form")


class AttendanceStatus(models.TextChoices):
    """Whether a member took part in a meeting (fremmødt / afbud / fraværende)."""

    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Sent apologies")
    ABSENT = "absent", _("Absent")
