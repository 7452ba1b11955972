"""``fremdrift worker``: the process that runs background jobs.

One worker process runs one task at a time with the database backend's worker loop
(``django-tasks-db``), plus a heartbeat thread that every few seconds

- renews the lease of the job it works on and its own ``last_seen``,
- recovers jobs whose worker died (:func:`fremdrift.jobs.actions.recover`), and
- enqueues the periodic jobs that are due (:mod:`fremdrift.jobs.schedule`).

``--concurrency N`` starts N such processes under a small supervisor that restarts a process
that dies and passes a stop signal on. The web server never runs jobs: it only enqueues.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from django.db import OperationalError, close_old_connections, connections

from fremdrift.jobs import actions, conf, schedule
from fremdrift.jobs.runner import Current

logger = logging.getLogger("fremdrift.jobs")


class Heartbeat(threading.Thread):
    """The worker's sign of life, recovery and schedule, beside the task it runs."""

    def __init__(self, name: str) -> None:
        super().__init__(name="fremdrift-worker-heartbeat", daemon=True)
        self.worker_name = name
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(conf.heartbeat_seconds()):
                tick(self.worker_name)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


def tick(name: str) -> None:
    """One round of upkeep; a database that does not answer is tried again next round."""
    try:
        actions.beat(name, Current.job_pk)
        actions.recover()
        schedule.enqueue_due()
    except OperationalError as exc:
        logger.warning("Worker upkeep skipped this round: %s", exc.__class__.__name__)
    except Exception:  # noqa: BLE001 - the heartbeat must go on
        logger.exception("Worker upkeep failed")
    finally:
        close_old_connections()


def run_worker(*, interval: float = 1.0) -> None:
    """Run jobs in this process until stopped (SIGINT/SIGTERM: finish the current job)."""
    from django_tasks_db.management.commands.db_worker import Worker

    name = actions.worker_name()
    Current.worker = name
    actions.register_worker(name)
    logger.info("Worker %s started", name)
    # Recover what earlier workers left behind before taking new work.
    tick(name)
    heartbeat = Heartbeat(name)
    heartbeat.start()
    loop = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=name,
        excluded_queue_names=[],
    )
    loop.configure_signals()
    try:
        loop.run()
    finally:
        heartbeat.stop()
        with contextlib.suppress(Exception):
            actions.stop_worker(name)
        logger.info("Worker %s stopped", name)


def die_with_parent() -> None:
    """In a child process: receive SIGTERM (stop after the current job) when the parent
    dies, so that no worker outlives ``fremdrift demo`` or a killed supervisor (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(args: list[str]) -> subprocess.Popen:
    """Start ``fremdrift worker ARGS`` as a child that stops when this process dies."""
    return subprocess.Popen(
        [sys.executable, "-m", "fremdrift.cli", "worker", *args],
        preexec_fn=die_with_parent,  # noqa: PLW1509 - no threads run in the parent
        start_new_session=True,
    )


def supervise(concurrency: int, *, interval: float = 1.0) -> None:
    """Run ``concurrency`` worker processes; restart one that dies; pass stop signals on."""
    args = ["--concurrency", "1", "--interval", str(interval)]
    children = [spawn(args) for _ in range(concurrency)]
    stopping = {"signal": None}

    def stop(signum: int, frame: Any) -> None:
        stopping["signal"] = signum
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    logger.info("Supervising %s worker processes", concurrency)
    while True:
        if stopping["signal"] is not None:
            if all(child.poll() is not None for child in children):
                return
        else:
            for index, child in enumerate(children):
                code = child.poll()
                if code is not None:
                    logger.warning("Worker %s ended (%s); starting another", child.pid, code)
                    children[index] = spawn(args)
        time.sleep(0.5)
