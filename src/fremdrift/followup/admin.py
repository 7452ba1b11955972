"""Admin for follow-up: read-only. Every change goes through ``followup.actions``."""

from __future__ import annotations

from django.contrib import admin

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.followup.models import (
    LocalStatus,
    ReadinessAssessment,
    Reminder,
    UpdateAnswer,
    UpdateRequest,
    UpdateRound,
)


@admin.register(UpdateRound)
class UpdateRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "deadline", "opened_at", "closed_at"]
    list_filter = ["plan"]
    search_fields = ["title", "occasion"]


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "unit", "round", "state", "answered_at", "reported_at"]
    list_filter = ["state", "round"]


@admin.register(UpdateAnswer)
class UpdateAnswerAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "state", "submitted_at", "reviewed_at"]
    list_filter = ["kind", "state"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["key", "kind", "email", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["key", "email"]


@admin.register(LocalStatus)
class LocalStatusAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "unit", "phase", "status_date", "recorded_at"]
    list_filter = ["phase"]


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "unit", "assessed_on", "recorded_at"]
