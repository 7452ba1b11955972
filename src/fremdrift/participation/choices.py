"""Enumerations of participation: workshop outputs, candidate origins and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutputKind(models.TextChoices):
    """What a workshop produced."""

    CHALLENGE = "challenge", _("Challenge")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OTHER = "other", _("Other output")


class CandidateSource(models.TextChoices):
    """Where a long-list candidate came from."""

    WORKSHOP = "workshop", _("Workshop recommendation")
    FORUM = "forum", _("Forum discussion")
    CONSULTATION = "consultation", _("Consultation input")
    MANUAL = "manual", _("Entered by hand")


class CandidateStatus(models.TextChoices):
    """Where a candidate stands in the prioritisation."""

    OPEN = "open", _("Open")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Not selected")
    PROMOTED = "promoted", _("Promoted to initiative")


class InputKind(models.TextChoices):
    """The kind of a consultation input (seed 003)."""

    POINT = "pointe", _("Point")
    EXPERIENCE = "erfaring", _("Experience so far")
    RECOMMENDATION = "anbefaling", _("Recommendation")
