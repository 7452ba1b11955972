"""Read-only admin pages of background jobs and workers (``jobs.actions`` writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fremdrift.jobs.models import Job, WorkerProcess


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "state", "title", "created_by_name", "created_at", "attempts")
    list_filter = ("kind", "state")
    search_fields = ("title", "created_by_name", "error_ref")
    exclude = ("output",)


@admin.register(WorkerProcess)
class WorkerProcessAdmin(ReadOnlyAdmin):
    list_display = ("name", "host", "pid", "started_at", "last_seen", "stopped_at")
