"""Pages every screen shares: the theme stylesheet, the accessibility statement, error pages."""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
DEFAULT_PRIMARY = "#00505F"


def _hex(value: str | None, default: str) -> str:
    """A ``#rrggbb`` colour from a setting; an invalid value falls back to ``default``."""
    match = HEX.match((value or "").strip())
    return "#" + (match.group(1) if match else default.lstrip("#")).lower()


def _darker(colour: str, factor: float = 0.75) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (red, green, blue)))


@lru_cache(maxsize=4)
def _logo_data_uri(path: str) -> str | None:
    """The logo file as a ``data:`` URI (the CSP allows data: images), or None if unreadable."""
    file = Path(path)
    kind = mimetypes.guess_type(file.name)[0]
    if not kind or not kind.startswith("image/") or not file.is_file():
        return None
    return f"data:{kind};base64," + base64.b64encode(file.read_bytes()).decode()


@require_GET
def theme_css(request: HttpRequest) -> HttpResponse:
    """The region's theme over Det Fælles Designsystem: primary colour and logo from settings.

    A stylesheet, not inline styles: the Content-Security-Policy allows neither ``style``
    attributes nor ``<style>`` elements.
    """
    primary = _hex(getattr(settings, "FREMDRIFT_PRIMARY_COLOUR", None), DEFAULT_PRIMARY)
    logo = settings.FREMDRIFT_LOGO and _logo_data_uri(str(settings.FREMDRIFT_LOGO))
    css = loader.render_to_string(
        "core/theme.css", {"primary": primary, "primary_dark": _darker(primary), "logo": logo}
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response


FAVICON = Path(__file__).parent / "static" / "fremdrift" / "favicon.svg"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico`` for clients that ask for it without reading the page's icon link."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "max-age=86400"
    return response


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tilgængelighedserklæring: what Fremdrift does for WCAG 2.1 AA and how to report a problem."""
    template = loader.get_template("core/accessibility.html")
    return HttpResponse(template.render({}, request))


# --------------------------------------------------------------------------- error pages

# marked with gettext_noop so that makemessages collects them; translated in _error_page
REASONS = {
    403: (
        gettext_noop("You may not do this"),
        gettext_noop(
            "You are logged in, but your role does not allow this page or action. Ask the "
            "plan's coordinator or your administrator if you need access."
        ),
    ),
    404: (
        gettext_noop("The page was not found"),
        gettext_noop(
            "The address is wrong, the item has been removed, or you do not have access to it."
        ),
    ),
    500: (
        gettext_noop("Something went wrong"),
        gettext_noop("An error occurred on the server. It has been logged; try again in a moment."),
    ),
    "csrf": (
        gettext_noop("The form could not be sent"),
        gettext_noop(
            "The form was opened before you last logged in, or your browser did not send its "
            "security cookie. Go back to the form and send it again: what you typed there is "
            "filled in again."
        ),
    ),
}


def _error_page(request: HttpRequest, status: int, key: int | str | None = None) -> HttpResponse:
    title, reason = REASONS[status if key is None else key]
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""  # only back to a page of this site
    context = {"status": status, "title": _(title), "reason": _(reason), "back": back}
    try:
        body = loader.get_template("core/error.html").render(context, request)
    except (TemplateDoesNotExist, Exception):  # noqa: BLE001 - the error page must not fail
        if status != 500:
            raise
        body = loader.get_template("core/error_plain.html").render(context)
    return HttpResponse(body, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (``CSRF_FAILURE_VIEW``): the 403 page in the layout,
    in Danish, with the way back to the form."""
    return _error_page(request, 403, "csrf")
