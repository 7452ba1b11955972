"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fremdrift.core.access import Action, grants_for, may
from fremdrift.core.extensions import NAV_ITEMS


def _main_nav(
    request: HttpRequest, extra: list[tuple[Any, str]], admin: bool, plans: bool
) -> list[Any]:
    """The main menu as ``(label, url, current)``; the longest matching prefix is current.
    Without ``plans`` (a municipality partner, who sees none) there is no Plans or Search."""
    items: list[tuple[Any, str]] = []
    if plans:
        items += [
            (_("Plans"), reverse("portfolio:plan-list")),
            (_("Search"), reverse("portfolio:search")),
        ]
    items += extra
    if admin:
        items.append((_("Administration"), reverse("admin:index")))
    path = request.path
    matches = [url for _label, url in items if path.startswith(url)]
    current = max(matches, key=len) if matches else None
    return [(label, url, url == current) for label, url in items]


def fremdrift(request: HttpRequest) -> dict[str, Any]:
    access = grants_for(request.user)
    nav = []
    main_nav: list[Any] = []
    if request.user.is_authenticated:
        for label, url_name, allowed in NAV_ITEMS:
            try:
                if allowed(request.user):
                    nav.append((label, reverse(url_name)))
            except NoReverseMatch:
                continue
        plans = may(request.user, Action.VIEW, apps.get_model("portfolio", "Plan"))
        main_nav = _main_nav(request, nav, bool(access.admin), plans=plans)
    return {
        "extra_nav": nav,
        "main_nav": main_nav,
        "organisation": settings.FREMDRIFT_ORGANISATION,
        "footer_text": settings.FREMDRIFT_FOOTER_TEXT,
        "user_access": access,
    }
