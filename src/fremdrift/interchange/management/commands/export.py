"""``fremdrift export SLUG --format json|yaml|xlsx|csv [-o FILE]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fremdrift.core.commands import FremdriftCommand
from fremdrift.interchange.export import dumps, plan_document


class Command(FremdriftCommand):
    help = "Write a plan in the interchange format (stdout when no -o is given)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["json", "yaml", "xlsx", "csv"], default="json")
        parser.add_argument("-o", "--output", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self.plan(options, options["slug"])
        document = plan_document(plan)
        fmt = options["format"]
        if fmt in ("json", "yaml"):
            data: bytes = dumps(document, fmt).encode("utf-8")
        else:
            from fremdrift.interchange.tabular import document_to_csv, document_to_xlsx

            data = document_to_xlsx(document) if fmt == "xlsx" else document_to_csv(document)
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(data)
            except OSError as exc:
                raise CommandError(f"{options['output']}: cannot write ({exc.strerror})") from exc
        elif fmt == "xlsx":
            raise CommandError("XLSX is binary: give a file with -o.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
