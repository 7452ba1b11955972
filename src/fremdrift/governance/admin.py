"""Admin views of governance data: read-only; changes go through the pages and their actions."""

from django.contrib import admin

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.governance.models import (
    AgendaItem,
    Decision,
    DiscussionQuestion,
    Forum,
    ForumMember,
    Meeting,
    Milestone,
)


@admin.register(Forum)
class ForumAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["short_name", "name"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "forum", "date", "place"]
    list_filter = ["forum"]
    date_hierarchy = "date"


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "number", "kind"]
    list_filter = ["kind", "meeting__forum"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "outcome"]
    list_filter = ["outcome"]


admin.site.register([ForumMember, DiscussionQuestion, Milestone], ReadOnlyAdmin)
