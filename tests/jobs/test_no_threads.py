"""The web server process holds no thread for long work: views only enqueue."""

from __future__ import annotations

import ast
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import fremdrift
from fremdrift.interchange import webimport
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db

SOURCE = Path(fremdrift.__file__).parent
WORKER_ONLY = {
    SOURCE / "jobs" / "worker.py",  # the worker's heartbeat, never imported by views
    # writes the Parquet output beside the CSV output, within a run (the worker's or the
    # command line's; views only enqueue runs, see below), and waits for it before going on
    SOURCE / "indicators" / "engine" / "engine.py",
    # `fremdrift indicators run` starts the engine in a thread while Django starts; imported
    # by that command and cli.main only, never by a view
    SOURCE / "indicators" / "early.py",
}


def test_only_the_worker_module_uses_threads():
    users = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n.split(".")[0] in {"threading", "_thread", "concurrent"} for n in names):
                users.append(path)
    assert set(users) <= WORKER_ONLY, sorted(str(p) for p in set(users) - WORKER_ONLY)


@pytest.fixture
def started_threads(monkeypatch: Any) -> list[threading.Thread]:
    started: list[threading.Thread] = []
    original = threading.Thread.start

    def spy(self: threading.Thread) -> None:
        started.append(self)
        original(self)

    monkeypatch.setattr(threading.Thread, "start", spy)
    return started


def test_views_of_long_work_enqueue_and_start_no_thread(
    client, users, plan, input_files, database_tasks, started_threads, settings, tmp_path
):
    settings.FREMDRIFT_INDICATOR_INBOX = str(tmp_path / "inbox")
    client.force_login(users["analyst"])
    with input_files["contacts"].open("rb") as contacts, input_files["fb_periods"].open("rb") as fb:
        client.post(
            reverse("indicators:run-create"),
            {
                "contacts_file": SimpleUploadedFile("k.csv", contacts.read()),
                "fb_file": SimpleUploadedFile("fb.csv", fb.read()),
                "as_of": "2022-03-01T00:00",
                "link_gap_hours": "4",
                "admission_min_hours": "12",
                "acute_rule": "first_contact",
                "windows": "somatik:30;psykiatri:7,30",
            },
        )
    client.force_login(users["coordinator"])
    client.post(reverse("reports:issue", args=[plan.slug]), {"format": "pdf"})
    client.force_login(users["admin"])
    upload = webimport.upload(
        content=b'{"format": "fremdrift-plan/1", "plan": {"slug": "ny", "title": "Ny"}}',
        filename="ny.json",
        plan_slug="",
        by=users["admin"],
    )
    client.post(reverse("interchange:apply", args=[upload.pk]))
    assert sorted(Job.objects.values_list("kind", "state")) == [
        ("import", "queued"),
        ("indicator_run", "queued"),
        ("report", "queued"),
    ]
    assert started_threads == []
