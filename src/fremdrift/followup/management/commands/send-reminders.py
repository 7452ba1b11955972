"""``fremdrift send-reminders``: the reminder e-mails of open update rounds, for cron.

Idempotent: every reminder is recorded with a unique key, so running it every hour (or
twice by mistake) never sends the same reminder twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fremdrift.core import audit
from fremdrift.core.choices import Channel
from fremdrift.followup import actions


class Command(BaseCommand):
    help = "Send due reminder e-mails of open update rounds (safe to run as often as wanted)."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.channel(Channel.CLI):
            sent = actions.send_due_reminders(by="send-reminders")
        if options["verbosity"] >= 1:
            self.stdout.write(f"{len(sent)} reminder(s) sent.")
