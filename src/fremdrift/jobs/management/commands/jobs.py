"""``fremdrift jobs [--json]``: the background tasks, newest first."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from fremdrift.jobs.choices import JobState
from fremdrift.jobs.models import Job

KEYS = ("id", "kind", "state", "progress", "started", "finished", "error")


def as_row(job: Job) -> dict[str, Any]:
    """One job as ``fremdrift jobs --json`` prints it (spec/interfaces.md)."""

    def when(value: Any) -> str | None:
        return timezone.localtime(value).isoformat(timespec="seconds") if value else None

    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "progress": round(job.progress, 3),
        "started": when(job.started_at),
        "finished": when(job.finished_at),
        "error": job.error,
        "title": job.title,
        "queued": when(job.created_at),
        "step": job.step,
        "attempts": job.attempts,
    }


class Command(BaseCommand):
    help = "List background tasks: id, kind, state, progress, started, finished, error."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON array")
        parser.add_argument("--state", choices=JobState.values, help="only tasks in this state")
        parser.add_argument(
            "--limit", type=int, default=200, help="at most this many, newest first (200)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = Job.objects.defer("output", "params", "result").order_by("-created_at", "-id")
        if options["state"]:
            jobs = jobs.filter(state=options["state"])
        rows = [as_row(job) for job in jobs[: max(0, options["limit"])]]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            percent = f"{round(row['progress'] * 100)} %"
            fields = [
                str(row["id"]),
                row["kind"],
                row["state"],
                percent,
                row["started"] or "-",
                row["finished"] or "-",
                row["error"].replace("\n", " ") or "-",
            ]
            self.stdout.write("\t".join(fields))
