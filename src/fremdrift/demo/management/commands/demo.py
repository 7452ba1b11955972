"""``fremdrift demo [--port 8000] [--no-serve] [--force]``: migrate, load the demo, serve on
127.0.0.1 with a background worker beside the web server.

The demo makes the users ``admin``/``demo`` and the rest: it refuses a database that holds
plans, users or units it did not make, unless given ``--force``.
"""

from __future__ import annotations

import subprocess
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.core.commands import FremdriftCommand
from fremdrift.demo import loader
from fremdrift.jobs import worker


class Command(FremdriftCommand):
    help = "Migrate, load the demo data and demo users (idempotent), then serve on 127.0.0.1."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo (and its users, such as admin/demo) into a database that holds "
            "other data too.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        foreign = loader.foreign_data()
        if foreign and not options["force"]:
            raise CommandError(_refusal(foreign))
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


KINDS = {"plans": ("planer", "plans"), "users": ("brugere", "users"), "units": ("enheder", "units")}


def _refusal(foreign: dict[str, list[str]]) -> str:
    """One line, Danish and English: what is not the demo's, and how to go on anyway."""
    danish = "; ".join(f"{KINDS[k][0]}: {', '.join(v)}" for k, v in foreign.items())
    english = "; ".join(f"{KINDS[k][1]}: {', '.join(v)}" for k, v in foreign.items())
    return (
        f"Databasen indeholder andet end demoens data ({danish}); brug --force for at lægge "
        f"demoen og dens brugere ind alligevel. / The database holds data that is not the "
        f"demo's ({english}); give --force to load the demo and its users anyway."
    )
