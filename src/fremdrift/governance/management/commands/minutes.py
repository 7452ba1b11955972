"""``fremdrift minutes MEETING_ID --format docx|pdf -o FILE``: write a meeting's minutes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fremdrift.core.commands import FremdriftCommand
from fremdrift.governance import minutes
from fremdrift.governance.models import Meeting


class Command(FremdriftCommand):
    help = "Write the minutes (referat) of a meeting as DOCX or PDF."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--format", choices=["docx", "pdf"], required=True)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        queryset = self.restrict(options, Meeting.objects.select_related("forum"))
        meeting = queryset.filter(pk=options["meeting_id"]).first()
        if meeting is None:
            raise CommandError(f"No meeting {options['meeting_id']}.")
        data = minutes.render(meeting, self.as_user(options), options["format"])
        try:
            Path(options["output"]).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{options['output']}: cannot write ({exc.strerror})") from exc
        state = "approved" if meeting.minutes_approved_at else "draft"
        self.stdout.write(f"{options['output']}: minutes of {meeting} ({state})")
