"""Template filters: Danish dates and weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import Truncator
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


@register.inclusion_tag("core/_breadcrumbs.html")
def breadcrumbs(*trail: Any) -> dict[str, Any]:
    """The design system's breadcrumbs, from the top down to the page itself.

    Each step is an object with ``get_absolute_url`` (a plan, a meeting …) or a ``label, url``
    pair (the url, or a URL name without arguments); a last label on its own is the page
    itself, not a link. A step that is None, or a pair with an empty part, is left out (a
    level the page does not have)::

        {% breadcrumbs _("Plans") "portfolio:plan-list" initiative.plan _("Record status") %}
    """
    crumbs: list[tuple[str, str]] = []
    current = ""
    steps = list(trail)
    while steps:
        step = steps.pop(0)
        if hasattr(step, "get_absolute_url"):
            crumbs.append((_short(step), step.get_absolute_url()))
        elif isinstance(step, str | Promise) and steps and isinstance(steps[0], str):
            url = steps.pop(0)
            if step and url:
                crumbs.append((_short(step), url if url[0] in "/#?" else reverse(url)))
        elif step:
            current = _short(step)
    return {"crumbs": crumbs, "current": current}


def _short(label: Any) -> str:
    """A crumb in at most ``CRUMB_WORDS`` words: the page's heading has the whole title."""
    return Truncator(str(label)).words(CRUMB_WORDS, truncate="…")


CRUMB_WORDS = 8


@register.inclusion_tag("core/_pagination.html")
def pagination(page: Any, query: str = "") -> dict[str, Any]:
    """The design system's pagination of a Django ``Page`` (nothing when there is one page);
    ``query``: the list's other parameters, urlencoded, kept on every link."""
    if not page.has_other_pages():
        return {"page": None}
    prefix = f"?{query}&page=" if query else "?page="
    paginator = page.paginator
    numbers = [
        (n, "" if n == paginator.ELLIPSIS else f"{prefix}{n}")
        for n in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "page": page,
        "numbers": numbers,
        "first": f"{prefix}1",
        "last": f"{prefix}{paginator.num_pages}",
        "previous": f"{prefix}{page.number - 1}" if page.has_previous() else "",
        "next": f"{prefix}{page.number + 1}" if page.has_next() else "",
    }
