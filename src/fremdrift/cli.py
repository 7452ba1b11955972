"""The ``fremdrift`` console command: Django's management entry point for this project."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (``fremdrift migrate``, ``fremdrift demo`` …)."""
    from_command_line = argv is None  # (not a call from Python, which goes on afterwards)
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    if len(argv) > 1 and argv[1] == "demo" and "FREMDRIFT_ENV" not in os.environ:
        # The demo is local work: development, debug pages and a development key unless
        # configured. A run marked FREMDRIFT_ENV=production keeps its own settings.
        os.environ["FREMDRIFT_ENV"] = "development"
        os.environ.setdefault("DEBUG", "true")
    started = None
    if argv[1:3] == ["indicators", "run"]:
        # the engine needs no Django: it starts now and runs while Django starts
        from fremdrift.indicators import early

        started = early.start(argv)
    try:  # (Ctrl-C may come while Django is imported: the early run is stopped then too)
        # a run that ended well is reported without Django; anything else goes to the command
        if started is None or not early.finish(started, sys.stdout):
            _execute(argv)
    finally:
        if started is not None:
            early.abandon()
    if started is not None and from_command_line:
        _end_now()


def _end_now() -> None:
    """End the process at once, as it would end, without Python's clean-up of every module
    (DuckDB's, numpy's, Django's: 0.1–0.2 s after a large indicator run, see
    docs/benchmarks.md). Only after a run has ended well: its files are written, closed and in
    place, and its output is flushed here; nothing else of the command holds anything open."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _execute(argv: list[str]) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"fremdrift: configuration error: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
