"""Enumerations of update rounds, answers, reminders and implementation readiness."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    """Where one unit's request in a round stands."""

    OUTSTANDING = "outstanding", _("Not reported")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Reported")


class AnswerKind(models.TextChoices):
    STATUS = "status", _("New status")
    UNCHANGED = "unchanged", _("Unchanged")


class AnswerState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Accepted without review")


# Answers that count as reported (and feed reports).
ACCEPTED_ANSWER_STATES = (AnswerState.APPROVED, AnswerState.ACCEPTED)


class ReminderKind(models.TextChoices):
    OPENED = "opened", _("Round opened")
    DUE_SOON = "due_soon", _("Deadline approaching")
    ON_DEMAND = "on_demand", _("Reminder from the coordinator")


class ReadinessDimension(models.TextChoices):
    """The eight dimensions of the transformation wheel (transformationshjulet)."""

    TASK = "opgaven", pgettext_lazy("transformation wheel", "The task")
    SITUATION = "situationen", pgettext_lazy("transformation wheel", "The situation")
    LEADERSHIP = "ledelseskraften", pgettext_lazy("transformation wheel", "Leadership strength")
    SUPPORT = "supporten", pgettext_lazy("transformation wheel", "Support")
    CHANGE = "forandringen", pgettext_lazy("transformation wheel", "The change")
    FOLLOWERSHIP = "foelgeskabet", pgettext_lazy("transformation wheel", "Followership")
    FRAMEWORK = "rammen", pgettext_lazy("transformation wheel", "The framework")
    GOVERNANCE = "styringen", pgettext_lazy("transformation wheel", "Governance")


# A score at or below this on any dimension puts the unit on the coordinator's support list.
LOW_SCORE = 2
