"""Authentication backends of Fremdrift: login throttling in front of the password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login made through a request.

    Logins through the login page, single sign-on and the API always carry the request and
    are throttled. A call without a request (a management command, the test client's
    ``login()``) cannot be attributed to an address; it is left to the next backend
    instead of failing, as django-axes would.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AdministratorRoleBackend:
    """Gives users with the administrator role every permission of the Django admin.

    Authenticates nobody. The admin site itself (:class:`fremdrift.core.admin_site.AdminSite`)
    also asks for the staff flag, so both are needed to open it.
    """

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> None:
        return None

    def _is_admin(self, user: Any) -> bool:
        from fremdrift.core.access import is_administrator

        return bool(getattr(user, "is_active", False)) and is_administrator(user)

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        return self._is_admin(user)

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return self._is_admin(user)
