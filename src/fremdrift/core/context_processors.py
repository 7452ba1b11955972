"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from fremdrift.core.access import access_for


def fremdrift(request: HttpRequest) -> dict[str, Any]:
    access = access_for(request.user)
    return {
        "organisation": settings.FREMDRIFT_ORGANISATION,
        "footer_text": settings.FREMDRIFT_FOOTER_TEXT,
        "user_access": access,
    }
