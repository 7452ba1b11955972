"""``fremdrift indicators run`` without Django's start, where it can.

The engine needs nothing of Django; Django's start (settings, every app and its models:
about 0.4 CPU-s) is needed only for the messages around a run, and run beside the engine it
takes that time from the engine's two cores. So ``cli.main`` hands the command line to
:func:`start` first: a ``run`` command line is parsed here, with the command's own argument
definitions (:func:`add_run_arguments`), and the engine starts in a thread. When it ends
well, :func:`finish` puts its files in place and prints its report (:func:`report`) in the
settings' language, and Django never starts. Anything else (the run failed, the settings
cannot be read) goes to the management command as before: Django starts, the command takes
the run (:func:`take`) instead of starting one of its own, and words what went wrong.

Anything unusual starts nothing early and leaves the command to run as it always did: an
option or ``--param`` this module cannot read (the command words the error), ``--help``, or
options of Django before ``run``. A run no command takes (Django failed to start, or the
user pressed Ctrl-C) is stopped by :func:`abandon`. Free of Django.
"""

from __future__ import annotations

import argparse
import gettext as stdlib_gettext
import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from fremdrift.indicators.engine import IndicatorParams, RunResult, Stop, run
from fremdrift.indicators.engine.engine import import_numpy_beside, settle_environment
from fremdrift.indicators.messages import SECTION_MSGIDS, VALIDATION_MSGIDS

# the options of `run` that decide what it computes and where it writes
RUN_OPTIONS = ("contacts", "fb_periods", "as_of", "out", "param", "municipalities", "memory_limit")


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``fremdrift indicators run`` (the command and :func:`start` share them)."""
    parser.add_argument("--contacts", required=True, help="contacts .csv or .parquet")
    parser.add_argument("--fb-periods", required=True, help="fb_periods .csv or .parquet")
    parser.add_argument("--as-of", required=True, help="ISO 8601 timestamp")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="change a setting, e.g. link_gap_hours=6 or windows=somatik:30;psykiatri:7,30",
    )  # fmt: skip
    parser.add_argument("--municipalities", help="replacement municipalities.csv")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit")


class NotAPair(ValueError):
    """A ``--param`` that is not ``NAME=VALUE`` (the argument is the text given)."""


def param_values(pairs: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs as a dict; raises :class:`NotAPair` for the first that is not."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise NotAPair(pair)
        values[name.strip()] = value
    return values


class ProgressBar:
    """A one-line text progress bar on a terminal; silent when the stream is not one."""

    width = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = hasattr(stream, "isatty") and stream.isatty()
        self.drawn = False

    def __call__(self, step: str, fraction: float) -> None:
        if not self.active:
            return
        filled = round(self.width * max(0.0, min(1.0, fraction)))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {fraction:4.0%} {step:<20}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """End the bar's line so that later output starts on a new one."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


@dataclass
class EarlyRun:
    """A run started by :func:`start`: its options, its result to come and its stop."""

    options: dict[str, Any]
    future: Future[RunResult]
    bar: ProgressBar
    stop: Stop
    taken: bool = False

    def result(self) -> RunResult:
        """Wait for the run; raises what the engine raised."""
        return self.future.result()

    def stop_and_wait(self) -> None:
        """Stop the run and wait until its thread has let go of the files."""
        self.stop()
        wait([self.future])
        self.bar.close()


class _Unreadable(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # noqa: ANN401 - argparse's signature
        raise _Unreadable(message)


_current: EarlyRun | None = None


def start(argv: Sequence[str], stream: TextIO | None = None) -> EarlyRun | None:
    """Start the engine for a ``fremdrift indicators run …`` command line; None for any
    other command line, or one this module cannot read (the command then runs as usual)."""
    global _current
    if len(argv) < 3 or list(argv[1:3]) != ["indicators", "run"] or _current is not None:
        return None
    parser = _Parser(prog="fremdrift indicators run", add_help=False)
    add_run_arguments(parser)
    try:
        options = vars(parser.parse_args(list(argv[3:])))
        params = IndicatorParams.from_strings(param_values(options["param"]))
    except (_Unreadable, ValueError, TypeError):  # the command words the error
        return None
    bar = ProgressBar(stream or sys.stderr)
    stop = Stop()
    _read_settings()
    settle_environment()  # (before the engine's thread: nothing sets it beside DuckDB)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="indicators-run")
    try:
        future = pool.submit(
            run, options["contacts"], options["fb_periods"], options["as_of"], options["out"],
            params, bar, municipalities_path=options["municipalities"],
            memory_limit=options["memory_limit"], stop=stop, hold=True, public=True,
        )  # fmt: skip
        _current = EarlyRun({name: options[name] for name in RUN_OPTIONS}, future, bar, stop)
        import_numpy_beside()  # (the engine needs it about a second from now)
    except BaseException:
        # Ctrl-C while the thread starts: the run may already be going, and nothing could
        # take or abandon it; stop it, so that Python's exit does not wait for it to finish
        stop()
        raise
    finally:
        pool.shutdown(wait=False)  # the thread ends with the run (else exit waits forever)
    return _current


def take(options: Mapping[str, Any]) -> EarlyRun | None:
    """The run :func:`start` started, when it was started with these options (the command's);
    None otherwise (a run started with other options is stopped)."""
    early = _current
    if early is None or early.taken:
        return None
    if any(options.get(name) != value for name, value in early.options.items()):
        abandon()
        return None
    early.taken = True
    return early


def abandon() -> None:
    """Stop the early run unless it has ended (``cli.main`` calls this when the command has
    ended, however it ended)."""
    global _current
    early, _current = _current, None
    if early is None:
        return
    if not early.future.done():
        early.stop_and_wait()
    if not early.taken and early.future.exception() is None:
        early.future.result().discard()  # its files were held for a command that never came


def report(result: RunResult, gettext: Callable[[str], str]) -> list[str]:
    """The lines ``fremdrift indicators run`` prints after a run: its files, what it read and
    one line per validation counter that is not zero, worded by ``gettext``."""
    lines = [
        gettext("%(rows)s rows written to %(path)s")
        % {"rows": result.rows_written, "path": result.indicators_csv},
        gettext("Public figures (small cells hidden): %(path)s") % {"path": result.public_csv},
        gettext("%(contacts)s contacts and %(periods)s færdigbehandling periods read")
        % {"contacts": result.contacts_read, "periods": result.fb_periods_read},
        gettext("Validation report: %(path)s") % {"path": result.validation_json},
    ]
    for section, label in SECTION_MSGIDS.items():
        lines.append(f"{gettext(label)}:")
        for key, value in result.validation[section].items():
            count = value if isinstance(value, int) else value["count"]
            if count:
                lines.append(f"  {gettext(VALIDATION_MSGIDS.get(key, key))}: {count}")
    return lines


def finish(started: EarlyRun, stdout: TextIO) -> bool:
    """End a command line whose run :func:`start` started, without Django: wait for the run,
    put its files in place and print its report (:func:`report`) in the language of the
    settings. False, with nothing printed, when the run failed, its files could not be put in
    place or the settings cannot be read: the management command then takes the run and
    words what went wrong, as it does for any run.

    Django's start (every app and its models: about 0.4 CPU-s) would otherwise run beside
    the engine on the same cores; the report needs only the settings' language and this
    project's catalog of messages (docs/benchmarks.md, twelfth look)."""
    try:  # (read while the engine runs: nothing is left to do once it has ended)
        translations = _settings_translations()
    except Exception:  # noqa: BLE001 - any fault of the settings: Django words it
        return False
    wait([started.future])
    if started.future.exception() is not None:
        return False
    result = started.future.result()
    try:
        placed = result.place()
    except OSError:
        return False
    started.taken = True
    started.bar.close()
    stdout.write("".join(f"{line}\n" for line in report(placed, translations.gettext)))
    return True


def _read_settings() -> None:
    """Import the settings module now, before the engine's thread starts: reading the
    settings can change the process's environment (a local ``.env`` file), and glibc's
    ``getenv``, which DuckDB's threads call, crashes when the environment changes beside it
    (seen: a segfault in ``getenv`` about once in fifty runs). A fault of the settings is
    left for Django to word."""
    with suppress(Exception):  # (Django reads them again and says what is wrong)
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])


def _settings_translations() -> stdlib_gettext.NullTranslations:
    """The catalog of the settings' ``LANGUAGE_CODE`` from their ``LOCALE_PATHS`` (this
    project's messages), read from the settings module without starting Django."""
    settings = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    if not getattr(settings, "USE_I18N", True):
        return stdlib_gettext.NullTranslations()
    language, _, country = str(getattr(settings, "LANGUAGE_CODE", "en-us")).partition("-")
    locale = f"{language.lower()}_{country.upper()}" if country else language.lower()
    found = stdlib_gettext.NullTranslations()
    for folder in reversed(list(getattr(settings, "LOCALE_PATHS", []))):
        catalog = stdlib_gettext.translation(
            "django", localedir=Path(folder), languages=[locale], fallback=True
        )
        catalog.add_fallback(found)
        found = catalog
    return found
