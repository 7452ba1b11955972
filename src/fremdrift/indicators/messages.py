"""Texts of the indicator run's report that are shown both on the command line (without
Django, :mod:`fremdrift.indicators.early`) and on the web (:mod:`fremdrift.indicators.labels`).
Marked for translation here; translated where shown. Imports nothing."""


def gettext_noop(message: str) -> str:
    """Marks text for translation (makemessages finds it); it is translated where shown."""
    return message


# The validation report's sections and counters, as the command line and the run's page
# name them.
SECTION_MSGIDS = {
    "contacts": gettext_noop("Contacts"),
    "fb_periods": gettext_noop("Færdigbehandling periods"),
}
VALIDATION_MSGIDS = {
    "rows_read": gettext_noop("Rows read"),
    "duplicate_id": gettext_noop("Duplicate id (later rows ignored)"),
    "missing_required": gettext_noop("Missing required value (ignored)"),
    "unparseable_timestamp": gettext_noop("Unreadable timestamp (ignored)"),
    "end_before_start": gettext_noop("End before start (ignored)"),
    "unknown_sector": gettext_noop("Unknown sector (ignored)"),
    "not_alca00": gettext_noop("Contact type other than ALCA00 (not used for stays)"),
    "unknown_priority": gettext_noop("Unknown priority (counted as not acute)"),
    "open_contacts": gettext_noop("Open contacts"),
    "open_periods": gettext_noop("Open færdigbehandling periods"),
    "municipality_unknown": gettext_noop("Unknown or empty municipality"),
    "municipality_outside_region": gettext_noop("Municipality outside the region"),
    "merged_into_stay": gettext_noop("Overlapping contacts merged into one stay"),
    "outside_every_stay": gettext_noop("Færdigbehandling periods outside every stay (still used)"),
}
