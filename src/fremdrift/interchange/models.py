"""Uploads waiting for a preview to be confirmed: nothing is lost if the page is closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Awaiting confirmation")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Refused")
    DISCARDED = "discarded", _("Discarded")
    EXPIRED = "expired", _("Expired unconfirmed")


class ImportJob(models.Model):
    """An uploaded file, its preview and, once applied, what the import did.

    The file itself (``content``) is kept only while the preview waits for confirmation: it is
    deleted when the import is applied, discarded or refused, and when nobody confirms it
    within ``FREMDRIFT_UPLOAD_RETENTION_HOURS``. Name, size and SHA-256 stay.
    """

    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField(_("file"), null=True, blank=True)
    plan_slug = models.SlugField(_("plan"), max_length=80, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("interchange:preview", args=[self.pk])
