"""API tokens: how a secret is made and checked, and the REST API's token authentication.

A token is ``fdr_`` followed by 43 random URL-safe characters (256 bits). The database keeps
only its SHA-256 digest and its first 12 characters (the *prefix*, to find the row and to
show in lists). Clients send ``Authorization: Token <secret>``, as with DRF's own tokens;
an unknown, expired or revoked token, or one of a deactivated user, is answered with 401.

Tokens made before hashing (40 hexadecimal characters) were moved here by a migration and
are checked the same way: their prefix is also their first 12 characters.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

PREFIX_LENGTH = 12
MARK = "fdr_"
CALENDAR_MARK = "cal_"
KEYWORD = "Token"


def new_secret() -> str:
    """A fresh token secret (shown once, never stored)."""
    return MARK + secrets.token_urlsafe(32)


def new_calendar_secret() -> str:
    """A fresh secret for a calendar address (in its URL; shown to the user, never stored)."""
    return CALENDAR_MARK + secrets.token_urlsafe(32)


def find_calendar_feed(secret: str) -> Any:
    """The working calendar feed with this secret, or ``None`` (unknown, revoked, or the
    user is deactivated)."""
    from fremdrift.core.models import CalendarFeed

    if not secret or len(secret) < PREFIX_LENGTH or len(secret) > 200:
        return None
    digest = digest_of(secret)
    feeds = CalendarFeed.objects.filter(prefix=prefix_of(secret)).select_related("user")
    for feed in feeds:
        if hmac.compare_digest(feed.digest, digest):
            usable = feed.is_active and feed.user.is_active
            return feed if usable else None
    return None


def prefix_of(secret: str) -> str:
    """The lookup prefix of a secret: its first characters, safe to store and show."""
    return secret[:PREFIX_LENGTH]


def digest_of(secret: str) -> str:
    """The SHA-256 digest the database keeps instead of the secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def find_token(secret: str) -> Any:
    """The active token with this secret, or ``None`` (unknown, expired or revoked)."""
    from fremdrift.core.models import ApiToken

    if not secret or len(secret) < PREFIX_LENGTH or len(secret) > 200:
        return None
    digest = digest_of(secret)
    for token in ApiToken.objects.filter(prefix=prefix_of(secret)).select_related("user"):
        if hmac.compare_digest(token.digest, digest):
            return token if token.is_active else None
    return None


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <secret>`` against the hashed tokens of :mod:`core.models`."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give the token after “Token ”, without spaces.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = find_token(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        from fremdrift.core.actions import note_token_used

        note_token_used(token, at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD


class TokenScheme(OpenApiAuthenticationExtension):
    """Describes :class:`TokenAuthentication` in the OpenAPI schema."""

    target_class = "fremdrift.core.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API token with the prefix "Token", e.g. "Token fdr_…".',
        }
