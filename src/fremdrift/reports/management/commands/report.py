"""``fremdrift report SLUG --format pptx|pdf|xlsx|html [--since DATE | --since-report ID]
[--issue [--issued-at TIME]] -o FILE``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import CommandError

from fremdrift.core.commands import FremdriftCommand
from fremdrift.reports import service


def _moment(value: str, option: str = "--as-of") -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"{option}: {value!r} is not a date or time (YYYY-MM-DD[THH:MM])"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    return moment


class Command(FremdriftCommand):
    help = "Write a status report of a plan with the changes since a baseline marked."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["pptx", "pdf", "xlsx", "html"], required=True)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--since", default=None, help="Baseline date (YYYY-MM-DD).")
        group.add_argument(
            "--since-report", type=int, default=None, help="Baseline issued report id."
        )
        parser.add_argument("--as-of", default=None, help="Status as of this time (default: now).")
        parser.add_argument("--areas", default=None, help="Comma-separated area short names.")
        parser.add_argument(
            "--issue", action="store_true", help="Record it as issued (next baseline)."
        )
        parser.add_argument(
            "--issued-at",
            default=None,
            help="With --issue: the time it was issued outside Fremdrift (default: now).",
        )
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self.plan(options, options["slug"], "change" if options["issue"] else "view")
        if options["issued_at"] and not options["issue"]:
            raise CommandError("--issued-at: only with --issue")
        issued_at = _moment(options["issued_at"], "--issued-at") if options["issued_at"] else None
        since = None
        if options["since"]:
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(
                    f"--since: {options['since']!r} is not a date (YYYY-MM-DD)"
                ) from exc
        areas = [a.strip() for a in options["areas"].split(",")] if options["areas"] else None
        if areas:
            unknown = set(areas) - set(plan.areas.values_list("slug", flat=True))
            if unknown:
                raise CommandError(f"--areas: the plan has no area {', '.join(sorted(unknown))}")
        try:
            generated = service.generate(
                plan,
                fmt=options["format"],
                as_of=_moment(options["as_of"]) if options["as_of"] else None,
                since=since,
                since_report=options["since_report"],
                areas=areas,
            )
        except service.ReportError as exc:
            raise CommandError(str(exc)) from exc
        try:
            Path(options["output"]).write_bytes(generated.data)
        except OSError as exc:
            raise CommandError(f"{options['output']}: cannot write ({exc.strerror})") from exc
        content = generated.content
        marked = len(content.changes)
        self.stdout.write(
            f"{options['output']}: {content.row_count} rows, {marked} changes"
            + (f" since {generated.baseline_at:%Y-%m-%d %H:%M}" if generated.baseline_at else "")
        )
        if options["issue"]:
            try:
                report = service.issue(generated, by=self.actor(options), issued_at=issued_at)
            except service.ReportError as exc:
                raise CommandError(f"--issued-at: {exc}") from exc
            self.stdout.write(f"issued as report {report.pk}")
