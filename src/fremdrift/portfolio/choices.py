"""Enumerations of the portfolio: kinds, work forms, phases and follow-up roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    IMPLEMENTATION = "implementering", _("Implementation initiative")
    DEVELOPMENT = "udvikling", _("Development initiative")


class WorkForm(models.TextChoices):
    SPRINT = "sprint", _("Sprint")
    THEME_WORKSHOP = "temaworkshop", _("Theme workshop")
    TRANSFORMATION = "transformation", _("Transformation track")
    TRIAL = "prøvehandling", _("Trial action")
    SCOPING = "afdækning", _("Scoping")
    CAMPAIGN = "kampagne", _("Campaign")


class Phase(models.TextChoices):
    SCOPING = "afdækning", _("Scoping")
    DEVELOPMENT = "udvikling", _("Development")
    PILOT = "afprøvning", _("Piloting")
    IMPLEMENTATION = "implementering", _("Implementation")
    ROLLOUT = "udbredelse", _("Roll-out")
    OPERATION = "drift", _("Operation")
    COMPLETED = "afsluttet", _("Completed")
    STOPPED = "stoppet", _("Stopped")


# Order of the phases along the life of an initiative (used for sorting and roll-ups).
PHASE_ORDER = {phase.value: index for index, phase in enumerate(Phase)}


class FollowUpRole(models.TextChoices):
    LEAD = "lead", _("Lead (tovholder)")
    COMMON = "common", _("Common")
    LOCAL = "local", _("Local")
