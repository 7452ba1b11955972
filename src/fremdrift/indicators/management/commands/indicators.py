"""``fremdrift indicators run …``, ``… publish …`` and ``… synth …`` (spec/interfaces.md)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext

from fremdrift.core.commands import FremdriftCommand
from fremdrift.indicators import early
from fremdrift.indicators.early import NotAPair, ProgressBar, add_run_arguments, param_values
from fremdrift.indicators.engine import IndicatorParams, InputError, run
from fremdrift.indicators.engine.geography import GeographyError
from fremdrift.indicators.engine.params import ParamError


def input_error_message(error: InputError) -> str:
    """The user's-language wording of an engine input error: what and where."""
    values = {"path": error.path, "column": error.column, "detail": error.detail}
    messages = {
        "file_not_found": gettext("%(path)s: file not found"),
        "unknown_file_type": gettext("%(path)s: unknown file type (expected .csv or .parquet)"),
        "empty_file": gettext("%(path)s: the file is empty (no header row)"),
        "unreadable": gettext("%(path)s: cannot read the file (%(detail)s)"),
        "missing_column": gettext("%(path)s: required column “%(column)s” is missing"),
        "bad_as_of": gettext("--as-of: “%(detail)s” is not an ISO 8601 timestamp"),
    }
    return messages.get(error.code, str(error)) % values


def parse_as_of(text: str) -> dt.datetime:
    """An ISO 8601 time; without an offset it is Copenhagen time."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            gettext("--as-of: “%(detail)s” is not an ISO 8601 timestamp") % {"detail": text}
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class Command(FremdriftCommand):
    help = "Compute indicators from contact files, or write synthetic input."
    # the system checks import every URL configuration and view (about 1 CPU-s); the
    # engine needs none of them, and `fremdrift check` runs them on their own
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run_parser = sub.add_parser("run", help="Compute the indicators (spec/indicators.md).")
        add_run_arguments(run_parser)
        publish_parser = sub.add_parser(
            "publish",
            help="Queue a run for the worker that publishes to the dashboard when it validates.",
        )
        publish_parser.add_argument("--contacts", required=True, help="contacts .csv or .parquet")
        publish_parser.add_argument(
            "--fb-periods", required=True, help="fb_periods .csv or .parquet"
        )
        publish_parser.add_argument("--as-of", required=True, help="ISO 8601 timestamp")
        publish_parser.add_argument(
            "--param", action="append", default=[], metavar="NAME=VALUE", help="change a setting"
        )
        publish_parser.add_argument("--note", default="", help="a note shown with the run")
        publish_parser.add_argument(
            "--wait", action="store_true", help="wait until the run has ended (exit 1 if failed)"
        )
        synth_parser = sub.add_parser("synth", help="Write realistic synthetic input.")
        synth_parser.add_argument("--contacts", required=True, type=int, help="number of contacts")
        synth_parser.add_argument("--seed", type=int, default=1)
        synth_parser.add_argument("--out", required=True, help="output directory")
        synth_parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = ProgressBar(sys.stderr)
        try:
            if options["subcommand"] == "run":
                self._run(options, progress)
            elif options["subcommand"] == "publish":
                self._publish(options, progress)
            else:
                self._synth(options, progress)
        finally:
            progress.close()

    def _run(self, options: dict[str, Any], progress: ProgressBar) -> None:
        params = self._params(options["param"])
        # the run cli.main started while Django started, when it has these options
        started = early.take(options)
        try:
            if started is not None:
                progress = started.bar
                result = started.result()
            else:
                result = run(
                    options["contacts"],
                    options["fb_periods"],
                    options["as_of"],
                    options["out"],
                    params,
                    progress,
                    municipalities_path=options["municipalities"],
                    memory_limit=options["memory_limit"],
                    hold=True,
                    public=True,
                )
        except InputError as exc:
            raise CommandError(input_error_message(exc)) from None
        except GeographyError as exc:
            raise CommandError(gettext("--municipalities: %(detail)s") % {"detail": exc}) from None
        except OSError as exc:
            raise self._cannot_write(options, exc) from None
        finally:
            progress.close()
        # the run wrote the public figures beside its own files: all go into place together
        try:
            result = result.place()
        except OSError as exc:
            raise self._cannot_write(options, exc) from None
        finally:
            result.discard()
        for line in early.report(result, gettext):
            self.stdout.write(line)

    @staticmethod
    def _cannot_write(options: dict[str, Any], exc: OSError) -> CommandError:
        return CommandError(
            gettext("%(path)s: cannot write (%(detail)s)")
            % {"path": options["out"], "detail": exc.strerror or exc}
        )

    def _publish(self, options: dict[str, Any], progress: ProgressBar) -> None:
        """Enqueue a run that publishes when it validates; the last line is the job id."""
        from fremdrift.indicators import runs
        from fremdrift.indicators.choices import RunSource

        params = self._params(options["param"])
        if problems := params.unsupported_windows():
            raise CommandError(gettext("--param: %(detail)s") % {"detail": ParamError(problems)})
        files = {}
        for role, option in (("contacts", "contacts"), ("fb_periods", "fb_periods")):
            path = Path(options[option]).expanduser().resolve()
            if not path.is_file():
                raise CommandError(gettext("%(path)s: file not found") % {"path": options[option]})
            files[role] = runs.InputFile(role, path, path.name)
        as_of = parse_as_of(options["as_of"])
        run, job = runs.enqueue_run(
            by=self.actor(options),
            contacts=files["contacts"],
            fb_periods=files["fb_periods"],
            as_of=as_of,
            params=params,
            source=RunSource.COMMAND,
            note=options["note"][:300],
            publish=True,
        )
        self.stdout.write(
            gettext("Indicator run #%(run)s is queued as background task %(job)s.")
            % {"run": run.pk, "job": job.pk}
        )
        if options["wait"]:
            job = self._wait(job, progress)
            progress.close()
            run.refresh_from_db()
            if job.state == "failed":
                self.stdout.write(str(job.pk))
                raise CommandError(job.error.replace("\n", " "))
            self.stdout.write(
                gettext("Run #%(run)s: %(status)s.") % {"run": run.pk, "status": run.status}
            )
        self.stdout.write(str(job.pk))

    def _wait(self, job: Any, progress: ProgressBar) -> Any:
        import time

        from fremdrift.jobs.models import Job

        if not job.is_finished:
            self.stderr.write(gettext("Waiting for a worker (fremdrift worker) …"))
        while not job.is_finished:
            time.sleep(0.5)
            job = Job.objects.defer("output").get(pk=job.pk)
            progress(job.step or job.state, job.progress)
        return job

    def _params(self, pairs: list[str]) -> IndicatorParams:
        try:
            values = param_values(pairs)
        except NotAPair as exc:
            raise CommandError(
                gettext("--param: expected NAME=VALUE, got “%(value)s”") % {"value": exc.args[0]}
            ) from None
        try:
            return IndicatorParams.from_strings(values)
        except (ValueError, TypeError) as exc:
            raise CommandError(gettext("--param: %(detail)s") % {"detail": exc}) from None

    def _synth(self, options: dict[str, Any], progress: ProgressBar) -> None:
        # numpy and pyarrow are only needed here: importing them costs every run a second
        from fremdrift.indicators.engine.synth import generate

        if options["contacts"] < 1:
            raise CommandError(gettext("--contacts: must be a positive number"))
        try:
            result = generate(
                options["contacts"],
                options["seed"],
                Path(options["out"]),
                fmt=options["format"],
                progress=progress,
            )
        except OSError as exc:
            raise CommandError(
                gettext("%(path)s: cannot write (%(detail)s)")
                % {"path": options["out"], "detail": exc.strerror or exc}
            ) from None
        progress.close()
        self.stdout.write(
            gettext("%(contacts)s contacts written to %(path)s")
            % {"contacts": result.contacts, "path": result.contacts_path}
        )
        self.stdout.write(
            gettext("%(periods)s færdigbehandling periods written to %(path)s")
            % {"periods": result.fb_periods, "path": result.fb_periods_path}
        )
        self.stdout.write(gettext("Suggested --as-of: %(as_of)s") % {"as_of": result.as_of})
