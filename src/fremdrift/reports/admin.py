from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.reports.models import DeckOptions, IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin):
    list_display = ["plan", "title", "as_of", "issued_by_name", "format", "size"]
    list_filter = ["plan", "format"]
    exclude = ["file", "snapshot"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj)


@admin.register(DeckOptions)
class DeckOptionsAdmin(ReadOnlyAdmin):
    """Read-only: the plan's report page changes the deck layout (audited)."""

    list_display = [
        "plan",
        "show_background",
        "show_purpose",
        "show_phase",
        "show_not_reported",
        "show_indicators",
        "change_marker",
        "updated_at",
    ]
