"""Indicator runs and their aggregates, and the indicators that initiatives are meant to move.

Contact data never enters these tables: a run keeps the names, hashes and row counts of its
input files, its settings, the validation report and the engine's long output table (§7).
``indicators.actions`` is the only writer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.indicators.choices import (
    ComputedIndicator,
    Direction,
    GeoLevel,
    PeriodType,
    RunSource,
    RunStatus,
    Sector,
)


class IndicatorRun(models.Model):
    """One computation of the indicators from one month's contact extract."""

    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    source = models.CharField(
        _("source"), max_length=10, choices=RunSource.choices, default=RunSource.UPLOAD
    )
    as_of = models.DateTimeField(_("data as of"))
    params = models.JSONField(_("settings"), default=dict)
    # [{"role": "contacts"|"fb_periods", "name": ..., "sha256": ..., "size": ..., "rows": ...}]
    files = models.JSONField(_("files"), default=list)
    validation = models.JSONField(_("validation report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    rows_written = models.PositiveIntegerField(_("rows"), default=0)
    progress_step = models.CharField(_("step"), max_length=40, blank=True)
    progress_fraction = models.FloatField(_("progress"), default=0.0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_name = models.CharField(_("started by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by_name = models.CharField(_("published by"), max_length=150, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("indicator run")
        verbose_name_plural = _("indicator runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.as_of:%Y-%m-%d} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:run-detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status == RunStatus.RUNNING

    @property
    def step_label(self) -> str:
        from fremdrift.indicators.labels_web import STEP_LABELS

        return str(STEP_LABELS.get(self.progress_step, self.progress_step or "…"))

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress_fraction)) * 100)


class IndicatorValue(models.Model):
    """One cell of the engine's output (§7): indicator × sector × period × geography."""

    run = models.ForeignKey(
        IndicatorRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.CharField(_("indicator"), max_length=20, choices=ComputedIndicator.choices)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    period_type = models.CharField(_("period type"), max_length=5, choices=PeriodType.choices)
    period = models.CharField(_("period"), max_length=8)
    geo_level = models.CharField(_("geographic level"), max_length=12, choices=GeoLevel.choices)
    geo_code = models.CharField(_("geography code"), max_length=40)
    geo_name = models.CharField(_("geography"), max_length=80)
    numerator = models.BigIntegerField(_("numerator"))
    denominator = models.BigIntegerField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    provisional = models.BigIntegerField(_("provisional"), default=0)
    suppressed = models.BooleanField(_("suppressed in public views"), default=False)
    # Primary and complementary suppression (indicators.suppression): hidden from everyone
    # but indicator officers and administrators.
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        ordering = ["run", "indicator", "sector", "period_type", "period", "geo_level", "geo_code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [
            models.Index(
                fields=["run", "indicator", "sector", "period_type", "geo_level", "geo_code"],
                name="indicator_value_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.sector} {self.period} {self.geo_name}: {self.value}"


class IndicatorLink(models.Model):
    """A computed indicator an initiative is meant to move, for one sector and geography."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="indicator_links",
    )
    indicator = models.CharField(_("indicator"), max_length=20, choices=ComputedIndicator.choices)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    geo_level = models.CharField(_("geographic level"), max_length=12, choices=GeoLevel.choices)
    geo_code = models.CharField(_("geography code"), max_length=40)
    geo_name = models.CharField(_("geography"), max_length=80)
    period_type = models.CharField(
        _("period type"), max_length=5, choices=PeriodType.choices, default=PeriodType.MONTH
    )
    target = models.FloatField(_("target"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.LOWER
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["initiative", "indicator", "sector", "geo_level", "geo_code"]
        verbose_name = _("linked indicator")
        verbose_name_plural = _("linked indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "indicator", "sector", "geo_level", "geo_code"],
                name="unique_indicator_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}, {self.sector}, {self.geo_name}"

    @property
    def geo_label(self) -> str:
        from fremdrift.indicators.queries import geo_name

        return geo_name(self.geo_level, self.geo_code)

    @property
    def target_text(self) -> str:
        """The target as the dashboard writes values (a rate in per cent)."""
        from fremdrift.indicators.queries import format_value

        return "—" if self.target is None else format_value(self.indicator, self.target)


class ManualIndicator(models.Model):
    """A key figure entered by hand (svartid, share of calls using the akutknap …)."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="manual_indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.LOWER
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Made up by the demo (invented target or values): shown with an "illustrativ" tag.
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["initiative", "name"]
        verbose_name = _("hand-entered indicator")
        verbose_name_plural = _("hand-entered indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name"], name="unique_manual_indicator_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:manual-detail", args=[self.pk])


class ManualValue(models.Model):
    """One dated value of a hand-entered indicator."""

    indicator = models.ForeignKey(
        ManualIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("indicator value entered by hand")
        verbose_name_plural = _("indicator values entered by hand")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="unique_manual_value_date")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.date}: {self.value}"
