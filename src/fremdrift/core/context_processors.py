"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from fremdrift.core.access import grants_for
from fremdrift.core.extensions import NAV_ITEMS


def fremdrift(request: HttpRequest) -> dict[str, Any]:
    access = grants_for(request.user)
    nav = []
    if request.user.is_authenticated:
        for label, url_name, allowed in NAV_ITEMS:
            try:
                if allowed(request.user):
                    nav.append((label, reverse(url_name)))
            except NoReverseMatch:
                continue
    return {
        "extra_nav": nav,
        "organisation": settings.FREMDRIFT_ORGANISATION,
        "footer_text": settings.FREMDRIFT_FOOTER_TEXT,
        "user_access": access,
    }
