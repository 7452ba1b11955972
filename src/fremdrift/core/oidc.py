"""Optional single sign-on with OpenID Connect (Microsoft Entra ID, AD FS).

Off unless ``OIDC_RP_CLIENT_ID`` is set (see docs/security.md). Users are matched by the
user name claim (``preferred_username`` by default; ``upn`` for AD FS), created without any
role on their first login (an administrator grants roles), and kept up to date with their
name and e-mail. A deactivated user cannot log in this way either.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

USER_FIELDS = {"email": "email", "first_name": "given_name", "last_name": "family_name"}


def enabled() -> bool:
    """Is single sign-on configured?"""
    return bool(getattr(settings, "OIDC_ENABLED", False))


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, inert when single sign-on is off."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _username(self, claims: dict[str, Any]) -> str:
        name = claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("upn") or claims.get("email")
        return str(name or "").strip()[:150]

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(self._username(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        username = self._username(claims)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username)

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = self.UserModel(username=self._username(claims))
        for field, claim in USER_FIELDS.items():
            setattr(user, field, str(claims.get(claim) or "")[: 254 if field == "email" else 150])
        user.set_unusable_password()
        user.save()  # the user signals record the creation in the audit trail
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        changed = []
        for field, claim in USER_FIELDS.items():
            value = claims.get(claim)
            if value and getattr(user, field) != value:
                setattr(user, field, str(value))
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
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
