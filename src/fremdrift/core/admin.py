"""Admin for units, roles and the (read-only) audit trail. Writes go through core.actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from fremdrift.core import actions
from fremdrift.core.models import AuditEvent, OrgUnit, RoleAssignment


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
