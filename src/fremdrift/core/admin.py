"""Admin for units, roles, identities, API tokens and the audit trail.

Writes go through core.actions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from fremdrift.core import access, actions
from fremdrift.core.models import (
    ApiToken,
    AuditEvent,
    CalendarFeed,
    Identity,
    OrgUnit,
    RoleAssignment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows; nobody adds, changes or deletes them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    fields = ["name", "short_name", "kind", "parent"]

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in ("name", "short_name", "kind", "parent")}
        if change:
            fresh = OrgUnit.objects.get(pk=obj.pk)
            saved = actions.update_unit(fresh, by=request.user, **data)
        else:
            saved = actions.create_unit(by=request.user, **data)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleAssignmentForm(forms.ModelForm):
    """Checks the role's scope (plan, unit or forum) before the action writes it."""

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "plan", "unit", "forum"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role"):
            try:
                actions.validate_role_scope(
                    data["role"],
                    plan=data.get("plan"),
                    unit=data.get("unit"),
                    forum=data.get("forum"),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "plan", "unit", "forum", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "role", "plan", "unit", "forum"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = actions.grant_role(
            by=request.user,
            user=data["user"],
            role=data["role"],
            plan=data["plan"],
            unit=data["unit"],
            forum=data["forum"],
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        actions.revoke_role(obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            actions.revoke_role(obj, by=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "channel", "action", "object_type", "object_repr"]
    list_filter = ["channel", "action", "object_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    """Linking an account to its single sign-on identity is an administrator's explicit act."""

    list_display = ["user", "subject", "issuer", "created_at", "last_login_at"]
    search_fields = ["user__username", "subject"]
    fields = ["user", "issuer", "subject"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Identity, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = actions.link_identity(
            data["user"], by=request.user, issuer=data["issuer"], subject=data["subject"]
        )
        obj.pk = saved.pk

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        clean = form.clean

        def clean_with_action_rules(this: Any) -> Any:
            data = clean(this)
            user = data.get("user")
            if user is not None and not access.may_sign_in_with_sso(user):
                raise ValidationError(
                    _("Single sign-on never logs into an administrator; pick another user.")
                )
            return data

        form.clean = clean_with_action_rules
        return form

    def delete_model(self, request: HttpRequest, obj: Identity) -> None:
        actions.unlink_identity(obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            actions.unlink_identity(obj, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made by their users (or ``fremdrift token``); administrators may revoke them."""

    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            actions.revoke_api_token(token, by=request.user)
        self.message_user(request, _("The tokens were revoked."), messages.SUCCESS)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Calendar addresses are made by their users; administrators may revoke them."""

    list_display = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "prefix"]
    exclude = ["digest"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the calendar addresses of the selected users"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for user in {feed.user for feed in queryset.select_related("user")}:
            actions.revoke_calendar_feeds(user, by=request.user)
        self.message_user(request, _("The calendar addresses were revoked."), messages.SUCCESS)
