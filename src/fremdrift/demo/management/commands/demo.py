"""``fremdrift demo [--port 8000] [--no-serve] [--force] [--reset]``: migrate, load the demo
(once per database), serve on 127.0.0.1 with a background worker beside the web server.

The demo makes the users ``admin``/``demo`` and the rest: it refuses a database that holds
plans, users or units it did not make, unless given ``--force``. A later start on a database
the demo was loaded into loads nothing again, so nothing users changed in the demo is undone;
``--reset`` empties a demo database, removes the files uploaded in the demo that wait outside
it (:func:`fremdrift.demo.loader.reset`) and loads the demo afresh.
"""

from __future__ import annotations

import subprocess
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.core.commands import FremdriftCommand
from fremdrift.demo import loader
from fremdrift.jobs import worker


class Command(FremdriftCommand):
    help = (
        "Migrate, load the demo data and demo users once (a later start keeps everything "
        "changed in the demo), then serve on 127.0.0.1."
    )

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
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Start the demo afresh: delete everything in the demo database (also what "
            "users changed or added in the demo) and the files uploaded in the demo that "
            "wait outside it, and load the demo data again. Refuses a "
            "database that held other data when the demo came into it (--force).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        previous = loader.loaded()
        if options["reset"]:
            self._reset(previous)
            previous = None
        if previous is None:
            self._load(force=options["force"])
        else:
            self._keep(previous)
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

    def _load(self, *, force: bool) -> None:
        foreign = loader.foreign_data()
        if foreign and not force:
            raise CommandError(_refusal(foreign))
        self.stdout.write("Indlæser demodata …")
        for report in loader.load_demo(beside_other_data=bool(foreign)):
            summary = report.lines()[-1]
            self.stdout.write(f"  {report.plan_slug}: {summary}")

    def _keep(self, previous: loader.LoadedDemo) -> None:
        """A later start: load nothing, say so, and say how to start afresh."""
        when = formats.date_format(timezone.localtime(previous.at), "j. F Y H:i")
        self.stdout.write(
            _(
                "The demo data was already loaded on %(when)s: nothing is loaded again, so "
                "everything changed in the demo is kept. To start afresh (deleting those "
                "changes): fremdrift demo --reset"
            )
            % {"when": when}
        )
        if not previous.current:
            self.stdout.write(
                _(
                    "This version of Fremdrift has newer demo data; fremdrift demo --reset "
                    "loads it (and deletes what was changed in the demo)."
                )
            )

    def _reset(self, previous: loader.LoadedDemo | None) -> None:
        foreign = loader.foreign_data()
        if foreign and (previous is None or previous.beside_other_data):
            raise CommandError(_reset_refusal(foreign))
        self.stdout.write(_("Starting the demo afresh: the database is emptied …"))
        removed = loader.reset()
        self.stdout.write(
            ngettext(
                "%(count)s file uploaded in the demo was removed.",
                "%(count)s files uploaded in the demo were removed.",
                removed,
            )
            % {"count": removed}
        )


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


def _reset_refusal(foreign: dict[str, list[str]]) -> str:
    """One line, Danish and English: --reset empties only a database that is the demo's."""
    danish = "; ".join(f"{KINDS[k][0]}: {', '.join(v)}" for k, v in foreign.items())
    english = "; ".join(f"{KINDS[k][1]}: {', '.join(v)}" for k, v in foreign.items())
    return (
        f"--reset tømmer kun en database, som demoen blev lagt i tom, og denne indeholder "
        f"andre data ({danish}); intet er slettet. / --reset empties only a database the "
        f"demo was loaded into empty, and this one holds other data ({english}); nothing "
        f"was deleted."
    )
