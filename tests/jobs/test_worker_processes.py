"""Real ``fremdrift worker`` processes against a database of their own (SQLite file, or a
PostgreSQL database made for the test): kill -9 in the middle of an indicator run on 1 M
synthetic contacts, the limit of one run at a time across processes, a clean stop.

These tests drive the product as an operator does: ``fremdrift indicators publish``,
``fremdrift worker``, ``fremdrift jobs --json``; they read the job table directly only to
catch the moment to kill.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import tools
from tests.indicators_web.indicators_web_helpers import (
    CONTACT_COLUMNS,
    PERIOD_COLUMNS,
    contact_rows,
    write_csv,
)

pytestmark = pytest.mark.slow

FREMDRIFT = str(Path(sys.executable).parent / "fremdrift")
ENGINE_STEPS_AFTER_HASHING = {"read", "stays", "admissions", "readmissions", "færdigbehandling"}


def _pg_url(url: str, name: str) -> str:
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of ``fremdrift`` processes sharing one fresh, migrated database."""
    folder = tmp_path_factory.mktemp("workers")
    base = os.environ.get("DATABASE_URL", "")
    made = None
    if base.startswith("postgres"):
        import psycopg

        made = f"fremdrift_workers_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        with psycopg.connect(
            _pg_url(base, urlsplit(base).path.lstrip("/")), autocommit=True
        ) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{made}"')
            con.execute(f'CREATE DATABASE "{made}"')
        url = _pg_url(base, made)
    else:
        url = f"sqlite:///{folder / 'fremdrift.sqlite3'}"
    values = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test",
        "FREMDRIFT_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "FREMDRIFT_VAR_DIR": str(folder),
        "FREMDRIFT_REMINDER_TIME": "",
        "FREMDRIFT_PURGE_TIME": "",
    }
    subprocess.run([FREMDRIFT, "migrate", "-v0"], env=values, check=True, timeout=300)
    yield values
    if made is not None:
        import psycopg

        with psycopg.connect(
            _pg_url(base, urlsplit(base).path.lstrip("/")), autocommit=True
        ) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')


def query(env: dict[str, str], sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
        try:
            return con.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            con.close()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as con:
        return con.execute(sql, params).fetchall()


def fremdrift(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = tools.run([FREMDRIFT, *args], env=env, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test() -> Iterator[None]:
    """A failed assertion must not leave a worker (and its children) running after the test:
    stop what is still alive, its whole process group."""
    yield
    while STARTED:
        worker = STARTED.pop()
        if worker.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    with log.open("ab") as handle:
        worker = subprocess.Popen(
            [FREMDRIFT, "worker", *args],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    STARTED.append(worker)
    return worker


def publish(env: dict[str, str], contacts: Path, periods: Path, as_of: str) -> int:
    out = fremdrift(
        env, "indicators", "publish", "--contacts", str(contacts),
        "--fb-periods", str(periods), "--as-of", as_of,
    )  # fmt: skip
    return int(out.strip().splitlines()[-1])


def job_state(env: dict[str, str], job_id: int) -> dict[str, Any]:
    """The job as ``fremdrift jobs --json`` shows it."""
    rows = json.loads(fremdrift(env, "jobs", "--json"))
    return next(row for row in rows if row["id"] == job_id)


def wait_until_finished(env: dict[str, str], job_id: int, limit: float) -> tuple[dict, float]:
    start = time.monotonic()
    while True:
        row = job_state(env, job_id)
        if row["state"] in ("done", "failed"):
            return row, time.monotonic() - start
        assert time.monotonic() - start < limit, f"job {job_id} still {row['state']}"
        time.sleep(1)


def stop(worker: subprocess.Popen) -> int:
    worker.send_signal(signal.SIGTERM)
    return worker.wait(timeout=60)


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("synth")
    fremdrift(env, "indicators", "synth", "--contacts", "1000000", "--out", str(out), timeout=600)
    as_of = json.loads((out / "synth.json").read_text())["as_of"]
    return {
        "contacts": out / "contacts.parquet",
        "periods": out / "fb_periods.parquet",
        "as_of": as_of,
    }


def test_a_worker_killed_mid_run_on_a_million_contacts_leaves_nothing_running(
    env, million, tmp_path
):
    job = publish(env, million["contacts"], million["periods"], million["as_of"])
    first = start_worker(env, tmp_path / "worker-1.log")
    started = time.monotonic()
    while True:
        state, step = query(env, "SELECT state, step FROM jobs_job WHERE id = %s", (job,))[0]
        if state == "running" and step in ENGINE_STEPS_AFTER_HASHING | {"store"}:
            break
        assert state in ("queued", "running"), (state, (tmp_path / "worker-1.log").read_text())
        assert time.monotonic() - started < 120, "the run never started"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = time.monotonic()
    assert job_state(env, job)["state"] == "running"  # what the backend alone would leave

    second = start_worker(env, tmp_path / "worker-2.log")
    second_started = time.monotonic()
    row, _waited = wait_until_finished(env, job, limit=90)
    recovered_in = time.monotonic() - second_started
    after_kill = time.monotonic() - killed_at
    assert row["state"] == "done", row
    assert row["attempts"] == 2

    fresh = publish(env, million["contacts"], million["periods"], million["as_of"])
    fresh_row, fresh_took = wait_until_finished(env, fresh, limit=180)
    assert fresh_row["state"] == "done", fresh_row
    statuses = query(env, "SELECT status FROM indicators_indicatorrun ORDER BY id")
    assert statuses == [("published",), ("published",)]
    assert query(
        env, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    ) == [(0,)]
    assert stop(second) == 0
    print(
        f"\nkill -9 at step {step!r}; killed job done {recovered_in:.1f} s after the new "
        f"worker started ({after_kill:.1f} s after the kill, limit 90 s); "
        f"a fresh job took {fresh_took:.1f} s"
    )


def _when(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def test_two_worker_processes_run_one_indicator_run_at_a_time_and_stop_cleanly(env, tmp_path):
    contacts = write_csv(tmp_path / "kontakter.csv", CONTACT_COLUMNS, contact_rows())
    periods = write_csv(
        tmp_path / "fb.csv",
        PERIOD_COLUMNS,
        [[1, "p1", "2022-01-04T10:00:00+01:00", "2022-01-05T08:00:00+01:00", "somatik", "730"]],
    )
    jobs = [publish(env, contacts, periods, "2022-03-01T00:00:00+01:00") for _n in range(3)]
    supervisor = start_worker(env, tmp_path / "workers.log", "--concurrency", "2")
    for job in jobs:
        row, _took = wait_until_finished(env, job, limit=120)
        assert row["state"] == "done", row
    spans = sorted(
        (_when(started), _when(finished))
        for started, finished in query(
            env,
            "SELECT started_at, finished_at FROM jobs_job WHERE kind = 'indicator_run' "
            "AND id >= %s",
            (min(jobs),),
        )
    )
    for (_start, end), (next_start, _end) in zip(spans, spans[1:], strict=False):
        assert next_start >= end, "two indicator runs worked at the same time"
    alive = query(env, "SELECT count(*) FROM jobs_workerprocess WHERE stopped_at IS NULL")
    assert alive == [(2,)]
    assert stop(supervisor) == 0
    time.sleep(1)
    assert query(env, "SELECT count(*) FROM jobs_workerprocess WHERE stopped_at IS NULL") == [(0,)]
