"""Optional single sign-on with OpenID Connect (Microsoft Entra ID, AD FS).

Off unless ``OIDC_RP_CLIENT_ID`` is set (see docs/security.md). A user is found by the
provider's stable subject only: the issuer (``iss``) and the claim ``OIDC_SUBJECT_CLAIM``
(``sub``; ``oid`` for Entra ID) of the signed ID token, stored per user in
:class:`~fremdrift.core.models.Identity`. E-mail and user-name claims never pick an account;
they only name a new user and keep name and e-mail up to date.

- Single sign-on never logs into a superuser or an administrator: the login page says so
  and the audit trail records the refusal.
- An unknown identity gets a new user without any role (an administrator grants roles), or,
  with ``OIDC_CREATE_USER=false``, is refused until an administrator links it to an account
  (the admin, or ``fremdrift link-identity``).
- A deactivated user cannot log in this way either.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from fremdrift.core import access, actions, audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import Identity

USER_FIELDS = {"email": "email", "first_name": "given_name", "last_name": "family_name"}


def enabled() -> bool:
    """Is single sign-on configured?"""
    return bool(getattr(settings, "OIDC_ENABLED", False))


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching users by issuer and subject; inert when off."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    # ------------------------------------------------------------------ the ID token

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks signature, expiry and nonce; add audience and issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is not meant for this client (aud).")
        expected = getattr(settings, "OIDC_OP_ISSUER", "")
        if expected and payload.get("iss") != expected:
            raise SuspiciousOperation("The ID token comes from another issuer (iss).")
        return payload

    # ------------------------------------------------------------------ finding the user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        issuer = _text(payload.get("iss"), 255)
        claim = settings.OIDC_SUBJECT_CLAIM
        subject = _text(payload.get(claim) or claims.get(claim), 255)
        if not issuer or not subject:
            raise SuspiciousOperation(f"The ID token has no issuer or no {claim!r} claim.")
        if claims.get("sub") and payload.get("sub") and claims["sub"] != payload["sub"]:
            raise SuspiciousOperation("The user info belongs to another subject than the token.")

        identity = (
            Identity.objects.filter(issuer=issuer, subject=subject).select_related("user").first()
        )
        if identity is not None:
            user = identity.user
            if not access.may_sign_in_with_sso(user):
                return self._refuse(
                    _(
                        "Single sign-on cannot be used for an administrator's account. "
                        "Log in with user name and password."
                    ),
                    issuer,
                    subject,
                    user=user,
                    note="administrator",
                )
            if not user.is_active:
                return self._refuse(
                    _("Your user in Fremdrift is deactivated. Ask your administrator for help."),
                    issuer,
                    subject,
                    user=user,
                    note="deactivated",
                )
            actions.note_identity_login(identity)
            return self.update_user(user, claims)

        if not settings.OIDC_CREATE_USER:
            return self._refuse(
                _(
                    "Your Microsoft account is not linked to a user in Fremdrift. "
                    "Ask your administrator to link it."
                ),
                issuer,
                subject,
                note="not linked",
            )
        return actions.create_sso_user(
            issuer=issuer,
            subject=subject,
            username=self._username(claims),
            fields={
                field: _text(claims.get(name), 254 if field == "email" else 150)
                for field, name in USER_FIELDS.items()
            },
        )

    def _username(self, claims: dict[str, Any]) -> str:
        """A name for a new user (never used to find an existing one)."""
        name = claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("upn") or claims.get("email")
        return _text(name, 140)

    def _refuse(
        self, message: str, issuer: str, subject: str, *, note: str, user: Any = None
    ) -> None:
        messages.error(self.request, message)
        audit.record(
            f"sso:{subject}"[:150],
            AuditAction.LOGIN_REFUSED,
            user,
            object_type=None if user is not None else "core.identity",
            object_repr=None if user is not None else subject,
            after={"issuer": issuer, "subject": subject},
            note=f"single sign-on: {note}",
        )
        return None

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        """Name and e-mail follow the provider; the user name never changes."""
        changed = []
        for field, claim in USER_FIELDS.items():
            value = _text(claims.get(claim), 254 if field == "email" else 150)
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)  # the user signals audit the change
        return user


def _only_when_enabled(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


authenticate_view = _only_when_enabled(oidc_views.OIDCAuthenticationRequestView.as_view())
callback_view = _only_when_enabled(oidc_views.OIDCAuthenticationCallbackView.as_view())
