"""Read-only admin pages of indicator runs and hand-entered indicators (changes go through
``indicators.actions`` on the indicator pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fremdrift.indicators.models import IndicatorLink, IndicatorRun, ManualIndicator


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorRun)
class IndicatorRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "as_of",
        "status",
        "source",
        "created_by_name",
        "created_at",
        "published_at",
        "rows_written",
    )
    list_filter = ("status", "source")
    exclude = ("validation",)


@admin.register(IndicatorLink)
class IndicatorLinkAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "indicator", "sector", "geo_name", "target", "direction")
    list_filter = ("indicator", "sector")


@admin.register(ManualIndicator)
class ManualIndicatorAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "initiative", "target", "direction")
