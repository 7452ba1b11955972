"""Starting indicator runs: files from an upload or the inbox, the engine in the background.

Privacy (DESIGN.md): the contact files are read by the engine where they lie (inbox) or from
a private temporary folder that is removed when the run ends (uploads). Nothing of their
content reaches the database; :mod:`fremdrift.indicators.actions` stores the aggregates.

A run is a background job (:mod:`fremdrift.jobs`): the web page or ``fremdrift indicators
publish`` records it as *queued* and a worker (``fremdrift worker``) computes it, so the page
may be closed and a restart loses nothing. At most ``FREMDRIFT_INDICATOR_RUNS_AT_ONCE`` runs
work at once; DuckDB's memory and threads per run come from settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.core.templatetags.fremdrift import danish_datetime
from fremdrift.env import env_str
from fremdrift.indicators import actions
from fremdrift.indicators.choices import RunSource, RunStatus
from fremdrift.indicators.engine import IndicatorParams, InputError
from fremdrift.indicators.engine import run as run_engine
from fremdrift.indicators.engine.params import ParamError
from fremdrift.indicators.models import IndicatorRun
from fremdrift.jobs import actions as job_actions
from fremdrift.jobs.choices import JobKind, JobState
from fremdrift.jobs.models import Job
from fremdrift.jobs.registry import UserError
from fremdrift.jobs.runner import Progress

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


def upload_root() -> Path:
    """Where uploaded contact files wait for their run (shared by web and workers)."""
    return Path(settings.FREMDRIFT_INDICATOR_UPLOADS).resolve()


def upload_folder() -> Path:
    """A new folder for one run's uploaded copies, readable only by this user."""
    root = upload_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    os.chmod(folder, 0o700)
    return folder


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


def enqueue_run(
    *,
    by: Any,
    contacts: InputFile,
    fb_periods: InputFile,
    as_of: dt.datetime,
    params: IndicatorParams,
    source: str = RunSource.UPLOAD,
    cleanup: Path | None = None,
    note: str = "",
    publish: bool = False,
) -> tuple[IndicatorRun, Job]:
    """Record the run as *queued* and enqueue it for a worker (``fremdrift worker``).

    ``cleanup`` is the folder holding uploaded copies; it is removed when the run ends.
    ``publish`` publishes the run when validation passes (the nightly load of
    ``fremdrift indicators publish``). The files must be readable where the worker runs.
    """
    if problems := params.unsupported_windows():
        # a run for the dashboard makes only the product's indicators (the form says so too)
        raise ParamError(problems)
    files = [
        {"role": item.role, "name": item.name, "sha256": None, "size": None, "rows": None}
        for item in (contacts, fb_periods)
    ]
    run = actions.create_run(
        by=by,
        as_of=as_of,
        params=params.to_dict(),
        files=files,
        source=source,
        note=note,
        queued=True,
    )
    job = job_actions.enqueue(
        JobKind.INDICATOR_RUN,
        by=by,
        subject=run,
        title=_("Indicator run #%(pk)s, data as of %(date)s")
        % {"pk": run.pk, "date": danish_datetime(as_of)},
        params={
            "run": run.pk,
            "contacts": {"path": str(contacts.path), "name": contacts.name},
            "fb_periods": {"path": str(fb_periods.path), "name": fb_periods.name},
            "as_of": as_of.isoformat(),
            "params": params.to_dict(),
            "cleanup": str(cleanup) if cleanup is not None else None,
            "publish": publish,
        },
    )
    run.refresh_from_db()
    return run, job


def job_of(run: IndicatorRun) -> Job | None:
    """The latest job that computes the run (None for runs made without the queue)."""
    return (
        Job.objects.filter(subject_type="indicators.indicatorrun", subject_id=str(run.pk))
        .defer("output")
        .order_by("-created_at", "-id")
        .first()
    )


def run_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The task of an indicator run, in the worker: hash, compute, store, maybe publish."""
    p = job.params
    by = job.created_by or job.created_by_name
    contacts = InputFile("contacts", Path(p["contacts"]["path"]), p["contacts"]["name"])
    fb_periods = InputFile("fb_periods", Path(p["fb_periods"]["path"]), p["fb_periods"]["name"])
    cleanup = Path(p["cleanup"]) if p.get("cleanup") else None
    run_pk = p["run"]
    actions.start_run_work(run_pk)
    try:
        execute(
            run_pk,
            by,
            contacts,
            fb_periods,
            dt.datetime.fromisoformat(p["as_of"]),
            IndicatorParams.from_dict(p["params"]),
            progress=progress,
        )
    except Exception:
        remove_uploads(cleanup)
        raise
    remove_uploads(cleanup)
    run = IndicatorRun.objects.get(pk=run_pk)
    if run.status == RunStatus.FAILED:
        raise UserError(run.error)
    if p.get("publish") and run.status == RunStatus.VALIDATED:
        run = actions.publish_run(run, by=by)
    return {"run": run.pk, "status": run.status, "rows": run.rows_written}


def run_failed(job: Job, reason: str) -> None:
    """The job failed for good (an error, a cancel, its worker died): so did the run."""
    by = job.created_by or job.created_by_name
    actions.fail_run(job.params["run"], by=by, error=reason)
    remove_uploads(Path(job.params["cleanup"]) if job.params.get("cleanup") else None)


def run_requeued(job: Job) -> None:
    actions.requeue_run(job.params["run"])


def remove_uploads(folder: Path | None) -> None:
    """Remove a run's folder of uploaded copies (only ever one below the uploads folder)."""
    if folder is None:
        return
    root = upload_root()
    if folder.resolve().is_relative_to(root) and folder.resolve() != root:
        shutil.rmtree(folder, ignore_errors=True)


def purge_stale_upload_folders(*, older_than: dt.timedelta) -> int:
    """Remove upload folders of runs that ended long ago without removing them."""
    root = upload_root()
    if not root.is_dir():
        return 0
    live = {
        str(Path(p["cleanup"]).resolve())
        for p in Job.objects.exclude(state__in=[JobState.DONE, JobState.FAILED])
        .filter(kind=JobKind.INDICATOR_RUN)
        .values_list("params", flat=True)
        if p.get("cleanup")
    }
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for folder in root.iterdir():
        stale = folder.is_dir() and folder.stat().st_mtime < cutoff
        if stale and str(folder.resolve()) not in live:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def execute(
    run_pk: int,
    by: Any,
    contacts: InputFile,
    fb_periods: InputFile,
    as_of: dt.datetime,
    params: IndicatorParams,
    *,
    progress: Any = None,
) -> None:
    """Run the engine for a recorded run and store its outcome (validated or failed).

    A refusal of the input (a missing column …) fails the run with a message naming the
    file and column; any other error propagates to the job, which logs it and stores only
    a safe summary (:mod:`fremdrift.jobs.runner`).
    """
    out = private_folder()
    names = {str(contacts.path): contacts.name, str(fb_periods.path): fb_periods.name}

    def report(step: str, fraction: float) -> None:
        actions.report_progress(run_pk, step, fraction)
        if progress is not None:
            progress(step, fraction)

    try:
        # Hashing a large extract takes a while: it is part of the background work.
        report("hash", 0.0)
        actions.record_files(run_pk, [file_facts(contacts), file_facts(fb_periods)])
        result = run_engine(
            contacts.path,
            fb_periods.path,
            as_of,
            out,
            params,
            progress=report,
            memory_limit=settings.FREMDRIFT_INDICATOR_MEMORY_LIMIT,
            threads=settings.FREMDRIFT_INDICATOR_THREADS or None,
        )
        report("store", 0.9)
        total = max(1, result.rows_written)
        stored = actions.store_values(
            run_pk,
            read_rows(result.indicators_parquet),
            on_batch=lambda count: report("store", 0.9 + 0.09 * count / total),
        )
        actions.complete_run(run_pk, by=by, validation=result.validation, stored=stored)
    except InputError as exc:
        actions.fail_run(run_pk, by=by, error=input_error_message(exc, names))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def read_rows(parquet_path: Path) -> Iterator[dict[str, Any]]:
    """The engine's output rows, as dicts (thousands of aggregates, never contacts)."""
    import pyarrow.parquet as pq

    table = pq.read_table(parquet_path)
    for batch in table.to_batches(max_chunksize=5000):
        yield from batch.to_pylist()
