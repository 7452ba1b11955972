"""Enumerations of the reports app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeMarker(models.TextChoices):
    """How changed text is marked besides its red colour (survives greyscale printing)."""

    UNDERLINE = "underline", _("Red and underlined")
    BOLD = "bold", _("Red and bold")
    ITALIC = "italic", _("Red and italic")
    NONE = "none", _("Red only")
