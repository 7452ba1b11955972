"""The Django admin site, open only to administrators: the staff flag and our role."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    """Fremdrift's admin: users need ``is_staff`` and the administrator role (or superuser)."""

    site_header = _("Fremdrift administration")
    site_title = _("Fremdrift administration")

    def has_permission(self, request: HttpRequest) -> bool:
        from fremdrift.core.access import is_administrator

        user = request.user
        return bool(user.is_active and user.is_staff and is_administrator(user))


class FremdriftAdminConfig(AdminConfig):
    """Installs :class:`AdminSite` as ``django.contrib.admin.site``."""

    default_site = "fremdrift.core.admin_site.AdminSite"
