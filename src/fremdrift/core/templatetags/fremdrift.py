"""Template filters: Danish dates and weeks."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``10. december 2021`` in Danish, ``10 December 2021`` in English."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    pattern = "j. F Y" if (get_language() or "da").startswith("da") else "j F Y"
    return formats.date_format(value, pattern)


@register.filter
def danish_date(value: dt.date | dt.datetime | None) -> str:
    return format_date(value)


@register.filter
def danish_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local)} {local:%H:%M}"


@register.filter
def week(value: dt.date | None) -> str:
    """``uge 45``."""
    if not value:
        return ""
    return _("week %(number)d") % {"number": value.isocalendar()[1]}
