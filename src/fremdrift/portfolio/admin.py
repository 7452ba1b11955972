"""Admin for the portfolio. Every save goes through ``portfolio.actions``; history is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import (
    Area,
    AreaMembership,
    Initiative,
    InitiativeUnit,
    InitiativeVersion,
    Plan,
    StatusUpdate,
)


class NoDeleteMixin:
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "period_start", "period_end"]
    search_fields = ["title", "slug"]
    fields = [
        "slug",
        "title",
        "owner",
        "owner_unit",
        "period_start",
        "period_end",
        "purpose",
        "background",
        "review_required",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["slug"] if obj else []

    def save_model(self, request: HttpRequest, obj: Plan, form: Any, change: bool) -> None:
        data = dict(form.cleaned_data)
        data["owner_unit_id"] = data.pop("owner_unit").pk if data.get("owner_unit") else None
        if change:
            data.pop("slug", None)
            saved = actions.update_plan(Plan.objects.get(pk=obj.pk), by=request.user, **data)
        else:
            slug, title = data.pop("slug"), data.pop("title")
            saved = actions.create_plan(by=request.user, slug=slug, title=title, **data)
        obj.pk = saved.pk


@admin.register(Area)
class AreaAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    fields = ["plan", "slug", "title", "position", "description"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["plan", "slug"] if obj else []

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = actions.update_area(
                Area.objects.get(pk=obj.pk),
                by=request.user,
                title=data["title"],
                position=data["position"],
                description=data["description"],
            )
        else:
            saved = actions.create_area(
                data["plan"],
                by=request.user,
                title=data["title"],
                slug=data["slug"],
                position=data["position"],
                description=data["description"],
            )
        obj.pk = saved.pk


class InitiativeUnitInline(admin.TabularInline):
    model = InitiativeUnit
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Initiative)
class InitiativeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "phase", "work_form", "status_date", "archived_at"]
    list_filter = ["plan", "phase", "work_form", "kind"]
    search_fields = ["title", "theme", "ref", "status_text"]
    inlines = [InitiativeUnitInline]
    fields = ["plan", "ref", *[f.replace("_id", "") for f in actions.INITIATIVE_FIELDS]]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["plan", "ref"] if obj else []

    def save_model(self, request: HttpRequest, obj: Initiative, form: Any, change: bool) -> None:
        data = {f: form.cleaned_data.get(f.replace("_id", "")) for f in actions.INITIATIVE_FIELDS}
        data["parent_id"] = data["parent_id"].pk if data["parent_id"] else None
        if change:
            current = Initiative.objects.get(pk=obj.pk)
            saved = actions.edit_initiative(
                current, by=request.user, seen_version=None, changes=data
            )
        else:
            title = data.pop("title")
            saved = actions.create_initiative(
                form.cleaned_data["plan"],
                by=request.user,
                title=title,
                ref=form.cleaned_data.get("ref") or "",
                **data,
            )
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Units are edited on the initiative's own page, where the actions keep history."""


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "status_date", "phase", "author_name", "channel"]
    list_filter = ["phase", "channel"]
    search_fields = ["text"]


@admin.register(InitiativeVersion)
class InitiativeVersionAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "version", "valid_from", "author_name", "channel"]


@admin.register(AreaMembership)
class AreaMembershipAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "area", "position", "valid_from", "valid_to"]
    list_filter = ["area__plan"]
