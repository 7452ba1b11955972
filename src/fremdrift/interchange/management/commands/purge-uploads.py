"""``fremdrift purge-uploads [--older-than HOURS]``: delete uploaded import files nobody confirmed.

Safe to run as often as wanted (from cron or a periodic task): a file is deleted once, and
every deletion is audited with the file's name, size and hash.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from fremdrift.core.commands import FremdriftCommand
from fremdrift.interchange.webimport import purge_stale_uploads


class Command(FremdriftCommand):
    help = (
        "Delete the files of imports not confirmed within FREMDRIFT_UPLOAD_RETENTION_HOURS "
        "(and of finished imports that still hold one)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than",
            dest="hours",
            type=float,
            default=None,
            help="Hours a preview may wait (default: FREMDRIFT_UPLOAD_RETENTION_HOURS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"]
        if hours is not None and hours < 0:
            raise CommandError(_("--older-than must be zero or more hours."))
        older_than = None if hours is None else datetime.timedelta(hours=hours)
        purged = purge_stale_uploads(older_than=older_than)
        if options["verbosity"] >= 1:
            self.stdout.write(_("%(count)d uploaded file(s) deleted.") % {"count": purged})
