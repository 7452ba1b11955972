"""Starting indicator runs: files from an upload or the inbox, the engine in the background.

Privacy (DESIGN.md): the contact files are read by the engine where they lie (inbox) or from
a private temporary folder that is removed when the run ends (uploads). Nothing of their
content reaches the database; :mod:`fremdrift.indicators.actions` stores the aggregates.

A run normally works in a background thread of the server process, so the page may be
closed; ``FREMDRIFT_INDICATOR_RUN_SYNC = True`` (or ``background=False``) runs it in the
caller's thread, as tests and the demo do.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from fremdrift.env import env_str
from fremdrift.indicators import actions
from fremdrift.indicators.choices import RunSource
from fremdrift.indicators.engine import IndicatorParams, InputError
from fremdrift.indicators.engine import run as run_engine
from fremdrift.indicators.models import IndicatorRun

logger = logging.getLogger(__name__)

INPUT_SUFFIXES = (".csv", ".parquet", ".pq")
ROLES = ("contacts", "fb_periods")


@dataclass(frozen=True)
class InputFile:
    """One input file: where it lies and the name to show and record."""

    role: str
    path: Path
    name: str


def inbox_dir() -> Path:
    """The folder on the server from which runs may read files."""
    configured = getattr(settings, "FREMDRIFT_INDICATOR_INBOX", None) or env_str(
        "FREMDRIFT_INDICATOR_INBOX"
    )
    return Path(configured or Path(settings.VAR_DIR) / "inbox").resolve()


def inbox_files() -> list[str]:
    """Input files in the inbox (relative names), for the run form."""
    root = inbox_dir()
    if not root.is_dir():
        return []
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
    )


def inbox_file(role: str, relative: str) -> InputFile:
    """An inbox file by its relative name; refuses anything outside the inbox."""
    root = inbox_dir()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise ValidationError(_("%(name)s is not a file in the inbox.") % {"name": relative})
    return InputFile(role, path, relative)


def _safe_name(name: str) -> str:
    base = Path(name).name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", base)[:120] or "input"


def save_upload(role: str, uploaded: Any, folder: Path) -> InputFile:
    """Copy an uploaded file into the run's private temporary folder."""
    target = folder / role / _safe_name(uploaded.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return InputFile(role, target, Path(uploaded.name).name)


def private_folder() -> Path:
    """A new temporary folder readable only by this process's user."""
    return Path(tempfile.mkdtemp(prefix="fremdrift-indicator-run-"))


def file_facts(item: InputFile) -> dict[str, Any]:
    """Name, SHA-256 and size of an input file (recorded on the run and in the audit)."""
    digest = hashlib.sha256()
    size = 0
    with item.path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
            size += len(block)
    return {
        "role": item.role,
        "name": item.name,
        "sha256": digest.hexdigest(),
        "size": size,
        "rows": None,
    }


def input_error_message(error: InputError, names: dict[str, str]) -> str:
    """The engine's refusal in the user's language, naming the file as the user knows it."""
    path = names.get(str(error.path), Path(str(error.path)).name if error.path else "")
    values = {"path": path, "column": error.column, "detail": error.detail}
    messages = {
        "file_not_found": _("%(path)s: file not found"),
        "unknown_file_type": _("%(path)s: unknown file type (expected .csv or .parquet)"),
        "empty_file": _("%(path)s: the file is empty (no header row)"),
        "unreadable": _("%(path)s: cannot read the file (%(detail)s)"),
        "missing_column": _("%(path)s: required column “%(column)s” is missing"),
        "bad_as_of": _("“%(detail)s” is not a valid data time"),
    }
    return messages.get(error.code, str(error)) % values


def start_run(
    *,
    by: Any,
    contacts: InputFile,
    fb_periods: InputFile,
    as_of: dt.datetime,
    params: IndicatorParams,
    source: str = RunSource.UPLOAD,
    cleanup: Path | None = None,
    background: bool | None = None,
    note: str = "",
) -> IndicatorRun:
    """Record the run and compute it, in a background thread unless told otherwise.

    ``cleanup`` is a temporary folder holding uploaded copies; it is removed when the run ends.
    """
    files = [
        {"role": item.role, "name": item.name, "sha256": None, "size": None, "rows": None}
        for item in (contacts, fb_periods)
    ]
    run = actions.create_run(
        by=by, as_of=as_of, params=params.to_dict(), files=files, source=source, note=note
    )
    if background is None:
        background = not getattr(settings, "FREMDRIFT_INDICATOR_RUN_SYNC", False)
    job = (run.pk, by, contacts, fb_periods, as_of, params, cleanup)
    if background:
        context = contextvars.copy_context()  # keeps the audit channel of the request
        thread = threading.Thread(
            target=context.run, args=(_execute_in_thread, *job), name=f"indicator-run-{run.pk}"
        )
        thread.daemon = True
        thread.start()
    else:
        execute(*job)
    run.refresh_from_db()
    return run


def _execute_in_thread(*job: Any) -> None:
    try:
        execute(*job)
    finally:
        connection.close()


def execute(
    run_pk: int,
    by: Any,
    contacts: InputFile,
    fb_periods: InputFile,
    as_of: dt.datetime,
    params: IndicatorParams,
    cleanup: Path | None,
) -> None:
    """Run the engine for a recorded run and store its outcome (validated or failed)."""
    out = private_folder()
    names = {str(contacts.path): contacts.name, str(fb_periods.path): fb_periods.name}
    try:
        # Hashing a large extract takes a while: it is part of the background work.
        actions.report_progress(run_pk, "hash", 0.0)
        actions.record_files(run_pk, [file_facts(contacts), file_facts(fb_periods)])
        result = run_engine(
            contacts.path,
            fb_periods.path,
            as_of,
            out,
            params,
            progress=lambda step, fraction: actions.report_progress(run_pk, step, fraction),
            memory_limit=getattr(settings, "FREMDRIFT_INDICATOR_MEMORY_LIMIT", "2GB"),
        )
        actions.report_progress(run_pk, "store", 0.97)
        actions.complete_run(
            run_pk, by=by, validation=result.validation, rows=read_rows(result.indicators_parquet)
        )
    except InputError as exc:
        actions.fail_run(run_pk, by=by, error=input_error_message(exc, names))
    except Exception as exc:  # noqa: BLE001 - the run must end as failed, whatever broke
        logger.exception("Indicator run %s failed", run_pk)
        actions.fail_run(
            run_pk, by=by, error=_("The run stopped with an error: %(error)s") % {"error": exc}
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)


def read_rows(parquet_path: Path) -> Iterator[dict[str, Any]]:
    """The engine's output rows, as dicts (thousands of aggregates, never contacts)."""
    import pyarrow.parquet as pq

    table = pq.read_table(parquet_path)
    for batch in table.to_batches(max_chunksize=5000):
        yield from batch.to_pylist()
