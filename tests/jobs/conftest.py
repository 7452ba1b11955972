"""Fixtures of the queue tests: the database backend instead of the immediate one, a real
worker loop in the test's process, small indicator inputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.indicators_web.indicators_web_helpers import (
    CONTACT_COLUMNS,
    PERIOD_COLUMNS,
    contact_rows,
    write_csv,
)

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def database_tasks(settings: Any, tmp_path: Path) -> None:
    """Tasks go into the database queue; nothing runs until a worker takes them."""
    settings.TASKS = DATABASE_BACKEND
    settings.FREMDRIFT_INDICATOR_UPLOADS = tmp_path / "uploads"


@pytest.fixture
def process_queue(database_tasks: None) -> Callable[[], None]:
    """Run the worker loop of ``fremdrift worker`` in this process until the queue has
    nothing ready (tasks waiting for a later time stay queued)."""
    from django_tasks_db.management.commands.db_worker import Worker

    from fremdrift.jobs.runner import Current

    def run() -> None:
        Current.worker = "test:1:worker"
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=Current.worker,
            excluded_queue_names=[],
        ).run()

    return run


@pytest.fixture
def input_files(tmp_path: Path) -> dict[str, Path]:
    contacts = write_csv(tmp_path / "in" / "kontakter.csv", CONTACT_COLUMNS, contact_rows())
    periods = write_csv(
        tmp_path / "in" / "fb.csv",
        PERIOD_COLUMNS,
        [[1, "p1", "2022-01-04T10:00:00+01:00", "2022-01-05T08:00:00+01:00", "somatik", "730"]],
    )
    return {"contacts": contacts, "fb_periods": periods}
