"""User-facing labels of the engine's validation keys (the engine itself stays Django-free)."""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "contacts": _("Contacts"),
    "fb_periods": _("Færdigbehandling periods"),
}

VALIDATION_LABELS = {
    "rows_read": _("Rows read"),
    "duplicate_id": _("Duplicate id (later rows ignored)"),
    "missing_required": _("Missing required value (ignored)"),
    "unparseable_timestamp": _("Unreadable timestamp (ignored)"),
    "end_before_start": _("End before start (ignored)"),
    "unknown_sector": _("Unknown sector (ignored)"),
    "not_alca00": _("Contact type other than ALCA00 (not used for stays)"),
    "unknown_priority": _("Unknown priority (counted as not acute)"),
    "open_contacts": _("Open contacts"),
    "open_periods": _("Open færdigbehandling periods"),
    "municipality_unknown": _("Unknown or empty municipality"),
    "municipality_outside_region": _("Municipality outside the region"),
    "merged_into_stay": _("Overlapping contacts merged into one stay"),
    "outside_every_stay": _("Færdigbehandling periods outside every stay (still used)"),
}
