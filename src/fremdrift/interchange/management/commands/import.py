"""``fremdrift import FILE [--plan SLUG] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from fremdrift.core.commands import FremdriftCommand
from fremdrift.interchange import webimport
from fremdrift.interchange.apply import apply_document, document_hash
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.loader import load_bytes
from fremdrift.interchange.readers import DRIFT_MERGE_THRESHOLD, NearMatch, merge_suggested
from fremdrift.interchange.readers.base import translate
from fremdrift.interchange.readers.messages import MESSAGES


def _one_line(path: str, exc: ImportFailed) -> str:
    """The error in one line that names the file once."""
    message = " ".join(str(exc).split())
    if exc.location.startswith((path, Path(path).name)):
        return message
    return f"{path}: {message}"


class Command(FremdriftCommand):
    help = "Import a plan from .pptx, .xlsx, .csv, .json or .yaml; --dry-run writes nothing."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--plan", dest="plan", default=None, help="Short name of the plan.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        user = self.as_user(options)
        try:
            loaded = load_bytes(content, path, plan_slug=options["plan"])
            slug = options["plan"]
            if loaded.plan_fields is not None:  # a deck or sheet names its plan by title
                slug = webimport.target_plan_slug(user, loaded.document, options["plan"])
            if user is not None:
                slug = slug or str((loaded.document.get("plan") or {}).get("slug"))
                refusal = webimport.import_refusal(user, slug)
                if refusal:
                    raise ImportFailed(refusal)
            _refuse_unreadable_parts(loaded.diagnostics)
            # Drifted repeats at or above the documented threshold are one initiative here;
            # the web preview asks instead (docs/import-columns.md).
            document, merged = merge_suggested(loaded.document, loaded.near_matches)
            report = apply_document(
                document,
                by=self.actor(options),
                plan_slug=slug or None,
                dry_run=options["dry_run"],
                source_name=path,
                source_hash=document_hash(content),
                create_units=user is None or webimport.may_create_units(user),
                plan_fields=loaded.plan_fields,
                # A sheet's or deck's unknown unit names stay follow-up text: only the web
                # preview asks whether to create them (docs/import-columns.md).
                confirmed_units=None if loaded.plan_fields is None else (),
            )
        except ImportFailed as exc:
            raise CommandError(_one_line(path, exc)) from None
        for diagnostic in loaded.diagnostics:
            self.stderr.write(str(diagnostic))
        for match in merged:
            self.stderr.write(merged_line(path, match))
        for item in loaded.skipped:
            self.stdout.write(f"skipped: {item}")
        for lines in report.lines():
            self.stdout.write(lines)
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")


def _refuse_unreadable_parts(diagnostics: list[Any]) -> None:
    """A sheet or slide that could not be read stops the import: nothing is written."""
    errors = [d for d in diagnostics if getattr(d, "level", "") == "error"]
    if errors:
        more = f" (+{len(errors) - 1})" if len(errors) > 1 else ""
        raise ImportFailed(f"{errors[0].message}{more}", str(errors[0].location))


def merged_line(path: str, match: NearMatch) -> str:
    """One line saying which drifted repeat was taken to be the same initiative."""
    message = translate(
        MESSAGES["merged_drifted"],
        {
            "title": _short(match.title_b),
            "other": _short(match.title_a),
            "first": ", ".join(match.areas_a),
            "score": f"{match.score:g}",
            "threshold": f"{DRIFT_MERGE_THRESHOLD:g}",
        },
    )
    return f"{path}: {message}"


def _short(text: str, length: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"
