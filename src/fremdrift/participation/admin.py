"""Admin views of participation data: read-only; changes go through the pages and their actions."""

from django.contrib import admin

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.participation.models import (
    Candidate,
    Consultation,
    ConsultationInput,
    ConsultationInvitation,
    LongList,
    Workshop,
    WorkshopOutput,
    WorkshopParticipant,
)


@admin.register(Workshop)
class WorkshopAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "date"]
    list_filter = ["plan"]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "long_list", "status"]
    list_filter = ["status"]


admin.site.register(
    [
        WorkshopParticipant,
        WorkshopOutput,
        Consultation,
        ConsultationInvitation,
        ConsultationInput,
        LongList,
    ],
    ReadOnlyAdmin,
)
