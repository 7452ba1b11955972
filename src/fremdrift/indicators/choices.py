"""Enumerations of the indicators app: computed indicators, runs, geography and targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComputedIndicator(models.TextChoices):
    """The indicators the engine computes (spec/indicators.md §7)."""

    ACUTE_ADMISSIONS = "acute_admissions", _("Acute admissions")
    READMISSION_7D = "readmission_7d", _("Readmissions within 7 days")
    READMISSION_30D = "readmission_30d", _("Readmissions within 30 days")
    FB_DAYS = "fb_days", _("Færdigbehandlingsdage")
    FB_DAYS_1_2 = "fb_days_1_2", _("Færdigbehandlingsdage, day 1–2")
    FB_DAYS_3PLUS = "fb_days_3plus", _("Færdigbehandlingsdage, day 3 onward")


RATE_INDICATORS = frozenset({ComputedIndicator.READMISSION_7D, ComputedIndicator.READMISSION_30D})


class Sector(models.TextChoices):
    SOMATIC = "somatik", _("Somatic care")
    PSYCHIATRY = "psykiatri", _("Psychiatry")


class PeriodType(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class GeoLevel(models.TextChoices):
    REGION = "region", _("Region")
    CLUSTER = "cluster", _("Cluster")
    MUNICIPALITY = "municipality", _("Municipality")


class RunStatus(models.TextChoices):
    """queued → running → validated | failed; validated → published."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    VALIDATED = "validated", _("Validated")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")


class RunSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded files")
    INBOX = "inbox", _("Files on the server")
    DEMO = "demo", _("Synthetic demo data")
    COMMAND = "command", _("Command line")


class Direction(models.TextChoices):
    LOWER = "lower", _("Lower is better")
    HIGHER = "higher", _("Higher is better")
