"""``fremdrift worker [--concurrency N]``: run background jobs until stopped."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fremdrift.jobs import worker


class Command(BaseCommand):
    help = "Run background tasks (indicator runs, reports, imports, reminders) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=1,
            help="number of worker processes (each runs one task at a time; default 1)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at an empty queue (default 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        concurrency = options["concurrency"]
        if concurrency < 1:
            raise CommandError("--concurrency: must be 1 or more")
        if options["interval"] <= 0:
            raise CommandError("--interval: must be more than 0")
        level = logging.INFO if options["verbosity"] >= 1 else logging.WARNING
        for name in ("fremdrift.jobs", "django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
        if concurrency == 1:
            worker.run_worker(interval=options["interval"])
        else:
            worker.supervise(concurrency, interval=options["interval"])
