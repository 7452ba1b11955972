"""User-entered links: only ``http``, ``https`` and ``mailto`` (or a path on this site).

A link is shown as ``<a href>``; a ``javascript:`` or ``data:`` link would run in the reader's
browser when clicked. Every action that stores a link calls :func:`check_link`, so the web
forms, the API and the importers all refuse the same links with the same message.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_SCHEMES = ("http", "https", "mailto")
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


def is_safe_link(value: str) -> bool:
    """True for an http(s) URL with a host, a ``mailto:`` address or a path on this site."""
    if not value or _UNSAFE_CHARACTERS.search(value):
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.hostname)
    if scheme == "mailto":
        return bool(parts.path)
    return False


def check_link(value: str | None, field: str = "link") -> str:
    """The link without surrounding spaces; ``ValidationError`` on ``field`` if not allowed."""
    value = (value or "").strip()
    if value and not is_safe_link(value):
        raise ValidationError(
            {
                field: _(
                    "The link must start with http://, https:// or mailto: "
                    "(other kinds of links are refused)."
                )
            }
        )
    return value
