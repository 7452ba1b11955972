"""Admin for the portfolio. Every save goes through ``portfolio.actions``; history is read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.portfolio import actions
from fremdrift.portfolio.forms import MISSING_VERSION
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


STALE_IN_ADMIN = _(
    "Someone else saved this initiative after you opened it, so your change was not saved. "
    "Open the initiative again to see their change, then make yours."
)


class InitiativeAdminForm(forms.ModelForm):
    """The admin's initiative form carries the version it was read at, as the pages do."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Initiative
        fields: list[str] = []  # the admin's ``fields`` choose them

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def clean_title(self) -> str:
        """The actions' length rule for a new or changed title, as an error at the field."""
        title = self.cleaned_data.get("title") or ""
        if not self.instance.pk or title.strip() != self.instance.title.strip():
            try:
                actions.check_title_length(title.strip())
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["title"]) from None
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            seen = data.get("seen_version")
            if seen is None:
                raise forms.ValidationError(MISSING_VERSION)
            now = Initiative.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if seen != now.get():
                raise forms.ValidationError(STALE_IN_ADMIN)
        return data


@admin.register(Initiative)
class InitiativeAdmin(NoDeleteMixin, admin.ModelAdmin):
    form = InitiativeAdminForm
    list_display = ["__str__", "plan", "phase", "work_form", "status_date", "archived_at"]
    list_filter = ["plan", "phase", "work_form", "kind"]
    search_fields = ["title", "theme", "ref", "status_text"]
    inlines = [InitiativeUnitInline]
    fields = [
        "plan",
        "ref",
        *[f.replace("_id", "") for f in actions.INITIATIVE_FIELDS],
        "seen_version",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["plan", "ref"] if obj else []

    def save_model(self, request: HttpRequest, obj: Initiative, form: Any, change: bool) -> None:
        data = {f: form.cleaned_data.get(f.replace("_id", "")) for f in actions.INITIATIVE_FIELDS}
        data["parent_id"] = data["parent_id"].pk if data["parent_id"] else None
        if change:
            current = Initiative.objects.get(pk=obj.pk)
            saved = actions.edit_initiative(
                current,
                by=request.user,
                seen_version=form.cleaned_data["seen_version"],
                changes=data,
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

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> list[dict[str, Any]]:
        """The read-only units inline is never saved here, so it has nothing to report."""
        return super().construct_change_message(request, form, [], add)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Someone saved between the form's check and the save: nothing was written."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except actions.StaleEdit:
            messages.error(request, STALE_IN_ADMIN)
            return HttpResponseRedirect(request.get_full_path())


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
