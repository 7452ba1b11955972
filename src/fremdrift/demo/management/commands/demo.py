"""``fremdrift demo [--port 8000] [--no-serve]``: migrate, load the demo, serve on 127.0.0.1
with a background worker beside the web server."""

from __future__ import annotations

import subprocess
from typing import Any

from django.core.management import call_command

from fremdrift.core.commands import FremdriftCommand
from fremdrift.demo import loader
from fremdrift.jobs import worker


class Command(FremdriftCommand):
    help = "Migrate, load the demo data and demo users (idempotent), then serve on 127.0.0.1."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Indlæser demodata …")
        for report in loader.load_all():
            summary = report.lines()[-1]
            self.stdout.write(f"  {report.plan_slug}: {summary}")
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (adgangskode for alle: {loader.PASSWORD}):")
        for user in loader.DEMO_USERS:
            self.stdout.write(f"  {user.username:<12} {user.description}")
        if options["no_serve"]:
            return
        self.stdout.write("")
        self.stdout.write(
            f"Fremdrift kører på http://127.0.0.1:{options['port']}/  (stop med Ctrl+C)"
        )
        # Long work (indicator runs, reports, imports) runs in a worker beside the web
        # server; it stops with the demo.
        self.stdout.write("Baggrundsopgaver køres af en worker (fremdrift worker).")
        background = worker.spawn(["--verbosity", "0"])
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        finally:
            background.terminate()
            try:
                background.wait(timeout=30)
            except subprocess.TimeoutExpired:
                background.kill()
