"""``fremdrift restore FILE [--force]``: bring back a backup made by ``fremdrift backup``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from fremdrift.core.backup import BackupError, restore_backup
from fremdrift.core.commands import FremdriftCommand


class Command(FremdriftCommand):
    help = (
        "Restore all data and history from FILE into an empty database "
        "(run `fremdrift migrate` first). --force replaces everything in a non-empty one."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="A backup written by `fremdrift backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Empty a database that already holds data before restoring (irreversible).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        say = (lambda line: self.stderr.write(line)) if options.get("verbosity", 1) >= 1 else None
        try:
            counts = restore_backup(
                path, by=self.actor(options), force=options["force"], progress=say
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(counts.values())
        self.stdout.write(f"{path}: restored {rows} rows of {len(counts)} models")
