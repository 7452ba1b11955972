"""Authentication of Fremdrift: login throttling in front of the password check.

Throttling is django-axes with :class:`LoginThrottleHandler`, which applies two limits
separately: ``AXES_ADDRESS_FAILURE_LIMIT`` failures from one address, whatever the user
names, and ``AXES_USERNAME_FAILURE_LIMIT`` failures for one user name, whatever the
addresses, within ``AXES_COOLOFF_TIME``. Either one locks the login.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with one limit per address and one per user name.

    Each failure is stored once, as axes does (user name, address, browser). A login is
    locked when the failures from its address reach the address limit, or the failures for
    its user name reach the user-name limit. Single sign-on attempts carry no user name and
    count for their address only. A successful login clears the failures of that user name,
    not those of the address, so that logging into one's own account does not reset an
    address that is guessing other users' passwords.
    """

    def failure_counts(self, request: HttpRequest, credentials: dict | None) -> tuple[int, int]:
        """(failures from the request's address, failures for its user name) in the cool-off."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

        def total(attempts: Any) -> int:
            return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

        by_address = total(recent.filter(ip_address=request.axes_ip_address))
        username = get_client_username(request, credentials)
        by_username = total(recent.filter(username=username)) if username else 0
        return by_address, by_username

    def limit_reached(self, request: HttpRequest, credentials: dict | None) -> bool:
        by_address, by_username = self.failure_counts(request, credentials)
        return (
            by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT
            or by_username >= settings.AXES_USERNAME_FAILURE_LIMIT
        )

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        return max(self.failure_counts(request, credentials))

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        return bool(settings.AXES_LOCK_OUT_AT_FAILURE) and self.limit_reached(request, credentials)

    def user_login_failed(
        self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


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
