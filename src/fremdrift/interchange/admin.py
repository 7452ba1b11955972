from django.contrib import admin

from fremdrift.core.admin import ReadOnlyAdmin
from fremdrift.interchange.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["filename", "plan_slug", "uploaded_by", "created_at", "status"]
    list_filter = ["status"]
    exclude = ["content"]
