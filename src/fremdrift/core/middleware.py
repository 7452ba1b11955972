"""Request middleware: the language, login required everywhere, audit channel,
Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from fremdrift.core import audit
from fremdrift.core.choices import Channel

# Paths anyone may open without logging in. A calendar address carries its own secret.
PUBLIC_PREFIXES = (
    "/healthz",
    "/static/",
    "/accounts/login/",
    "/i18n/",
    "/oidc/",
    "/favicon.ico",
    "/governance/calendar/",
    # The public indicator dashboard answers 404 itself unless FREMDRIFT_PUBLIC_INDICATORS.
    "/offentlig/",
    "/theme.css",
    "/tilgaengelighed/",
)


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Danish unless the user chose another language with the language button
    (its cookie); what the browser asks for (``Accept-Language``) is not followed, since a
    Danish hospital's computers are often set up in English. The API (``/api/``) answers in
    the language its client asks for, as Django does."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = dict(settings.LANGUAGES)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class LoginRequiredMiddleware:
    """Send anonymous visitors to the login page; the API answers 401/403 itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if (
            not request.user.is_authenticated
            and not path.startswith(PUBLIC_PREFIXES)
            and not path.startswith("/api/")
        ):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class AuditChannelMiddleware:
    """Attribute changes made during the request to the web, API or admin channel."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/"):
            name = Channel.API
        elif path.startswith("/admin/"):
            name = Channel.ADMIN
        else:
            name = Channel.WEB
        with audit.channel(name), audit.acting(request):
            return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Scripts and styles only from this server; no inline scripts."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
