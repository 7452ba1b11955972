"""``fremdrift backup FILE``: all data and history in one database-independent zip file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from fremdrift.core import audit
from fremdrift.core.backup import BackupError, write_backup
from fremdrift.core.choices import AuditAction
from fremdrift.core.commands import FremdriftCommand


class Command(FremdriftCommand):
    help = "Write all data and history to FILE (a zip of JSON lines with a manifest)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="The backup file to write (.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            entries = write_backup(path, progress=self._progress(options))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(e.rows for e in entries)
        audit.record(
            self.actor(options),
            AuditAction.EXPORTED,
            object_type="backup",
            object_repr=str(path),
            after={"models": len(entries), "rows": rows},
        )
        self.stdout.write(f"{path}: {rows} rows of {len(entries)} models")

    def _progress(self, options: dict[str, Any]) -> Any:
        if options.get("verbosity", 1) < 1:
            return None
        return lambda line: self.stderr.write(line)
