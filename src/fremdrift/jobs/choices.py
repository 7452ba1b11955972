"""Enumerations of background jobs: what kind of work, and where it stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    """The kinds of long work that run as tasks in ``fremdrift worker``."""

    INDICATOR_RUN = "indicator_run", _("Indicator run")
    REPORT = "report", _("Issuing a status report")
    MEETING_PACK = "meeting_pack", _("Meeting pack")
    IMPORT = "import", _("Applying an import")
    REMINDERS = "reminders", _("Reminder e-mails")
    PURGE_UPLOADS = "purge_uploads", _("Purging stale uploads")


class JobState(models.TextChoices):
    """queued → running → done | failed; a running job whose worker died is queued again
    (where retrying is safe) or failed with the reason."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({JobState.DONE, JobState.FAILED})
