"""Issued reports: the decks that went to a meeting, kept unchanged as the next baseline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.reports.choices import ChangeMarker


class ReportFormat(models.TextChoices):
    PPTX = "pptx", "PowerPoint (.pptx)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (.xlsx)"
    HTML = "html", "HTML"


class IssuedReport(models.Model):
    """A status report issued for a meeting. Its time is the baseline for "what changed"."""

    plan = models.ForeignKey(
        "portfolio.Plan",
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        related_name="issued_reports",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    as_of = models.DateTimeField(_("status as of"), db_index=True)
    issued_at = models.DateTimeField(_("issued"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by_name = models.CharField(_("issued by"), max_length=150, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    # The meeting the report was issued for: the forum's next deck compares with it.
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issued_reports",
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    baseline = models.ForeignKey(
        "self",
        verbose_name=_("baseline report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    baseline_at = models.DateTimeField(_("baseline time"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    file_hash = models.CharField(_("file hash"), max_length=64)
    filename = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("media type"), max_length=120)
    file = models.BinaryField(_("file"))
    size = models.PositiveIntegerField(_("size"), default=0)
    # What the report showed (``reports.snapshot.snapshot_to_data``): "since this report"
    # compares with exactly this, whatever is recorded later with an earlier date.
    snapshot = models.JSONField(_("content as issued"), default=dict, blank=True)

    class Meta:
        ordering = ["plan", "-as_of", "-id"]
        get_latest_by = ["as_of", "id"]
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")

    def __str__(self) -> str:
        return f"{self.plan} – {self.as_of:%Y-%m-%d %H:%M} ({self.format})"

    def get_absolute_url(self) -> str:
        return reverse("reports:issued-download", args=[self.pk])

    @property
    def label(self) -> str:
        """The report as users name it: the title typed when issuing (the meeting) and the
        date, else the date and the format."""
        if self.title.strip():
            return gettext("%(title)s (issued %(date)s)") % {
                "title": self.title.strip(),
                "date": format_date(self.issued_at),
            }
        return gettext("Report issued %(date)s (%(format)s)") % {
            "date": format_date(self.issued_at),
            "format": self.get_format_display(),
        }


class DeckOptions(models.Model):
    """How a plan's status decks are laid out: opening slides, phase line and markers."""

    plan = models.OneToOneField(
        "portfolio.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="deck_options",
    )
    show_background = models.BooleanField(
        _("Background slide"),
        default=True,
        help_text=_("The plan's background opens the deck, as in the region's decks."),
    )
    show_purpose = models.BooleanField(
        _("Purpose slide"), default=True, help_text=_("The plan's purpose follows the background.")
    )
    show_phase = models.BooleanField(
        _("Phase line in the status cells"),
        default=False,
        help_text=_("Adds “Fase: …” under each status. Year plans show the phase in any case."),
    )
    show_not_reported = models.BooleanField(
        _("Mark missing reports in decks"),
        default=False,
        help_text=_(
            "Writes “Ikke indrapporteret” in PowerPoint and PDF while an update round is open. "
            "The report page always shows it."
        ),
    )
    change_marker = models.CharField(
        _("Changes are shown"),
        max_length=10,
        choices=ChangeMarker.choices,
        default=ChangeMarker.UNDERLINE,
        help_text=_(
            "A mark besides red keeps changes visible in greyscale and to colour-blind readers."
        ),
    )
    show_indicators = models.BooleanField(
        _("Indicator slides"),
        default=False,
        help_text=_(
            "A chart slide for each indicator linked to the deck's initiatives (small numbers "
            "hidden) and each hand-entered measure with its target, in decks and meeting packs."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by_name = models.CharField(_("updated by"), max_length=150, blank=True)

    class Meta:
        ordering = ["plan"]
        verbose_name = _("deck layout")
        verbose_name_plural = _("deck layouts")

    def __str__(self) -> str:
        return f"{self.plan}"
