"""Enumerations of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGION = "region", _("Region")
    HOSPITAL = "hospital", _("Hospital")
    DEPARTMENT = "afdeling", _("Department")
    SECTION = "afsnit", _("Section")
    STAFF = "stab", _("Staff unit")
    CLUSTER = "klynge", _("Cluster")
    MUNICIPALITY = "kommune", _("Municipality")
    EXTERNAL = "ekstern", _("External party")


class Role(models.TextChoices):
    """What a role assignment grants; the rules are in ``core.access`` (docs/security.md)."""

    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "koordinator", _("Coordinator")
    EDITOR = "redaktoer", _("Editor")
    READER = "laeser", _("Reader")
    MEETING_SECRETARY = "moedesekretaer", _("Meeting secretary")
    FORUM_MEMBER = "forummedlem", _("Forum member")
    INDICATOR_OFFICER = "indikatoransvarlig", _("Indicator officer")
    MUNICIPALITY_PARTNER = "kommunepartner", _("Municipality partner")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    CLI = "cli", _("Command line")
    ADMIN = "admin", _("Admin")
    SYSTEM = "system", _("System")


class AuditAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    STATUS_RECORDED = "status_recorded", _("Status recorded")
    LINKED = "linked", _("Linked to area")
    UNLINKED = "unlinked", _("Removed from area")
    MOVED = "moved", _("Moved")
    ARCHIVED = "archived", _("Archived")
    RESTORED = "restored", _("Restored")
    IMPORTED = "imported", _("Imported")
    EXPORTED = "exported", _("Exported")
    REPORT_ISSUED = "report_issued", _("Report issued")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    DELETED = "deleted", _("Deleted")
    ROUND_OPENED = "round_opened", _("Update round opened")
    ROUND_CLOSED = "round_closed", _("Update round closed")
    ANSWER_SUBMITTED = "answer_submitted", _("Update submitted")
    ANSWER_APPROVED = "answer_approved", _("Update approved")
    ANSWER_RETURNED = "answer_returned", _("Update sent back")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    LOCAL_STATUS_RECORDED = "local_status_recorded", _("Local status recorded")
    READINESS_RECORDED = "readiness_recorded", _("Readiness recorded")
    DECISION_RECORDED = "decision_recorded", _("Decision recorded")
    RUN_PUBLISHED = "run_published", _("Indicator run published")
    UPLOADED = "uploaded", _("File uploaded")
    UPLOAD_APPLIED = "upload_applied", _("Uploaded file applied")
    UPLOAD_DISCARDED = "upload_discarded", _("Uploaded file discarded")
    UPLOAD_PURGED = "upload_purged", _("Unconfirmed upload deleted")
    REVOKED = "revoked", _("Revoked")
    LOGIN_REFUSED = "login_refused", _("Login refused")
