"""Template filters of the security pages."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """A duration in whole minutes (rounded up), 0 for none."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)
