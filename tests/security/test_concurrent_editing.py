"""No lost updates: two writers with their own database connections, at the same time.

``portfolio.actions`` lock the initiative row (``select_for_update``) before comparing the
version the writer started from, so the second writer waits for the first to commit, then
sees the new version and is refused with ``StaleEdit``. Only PostgreSQL has row locks that
make this a real race; SQLite serialises whole-database writes and is skipped.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative, StatusUpdate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrent writers need PostgreSQL"
    ),
]


def _in_thread(target: Any, results: dict[str, Any], key: str) -> threading.Thread:
    def run() -> None:
        try:
            results[key] = target()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each writer got
            results[key] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_second_of_two_concurrent_writers_gets_stale_edit(plan, users):
    shared = plan.initiatives_by_key["shared"]
    seen = shared.version
    first_has_written, release_first = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first_writer() -> Any:
        with transaction.atomic():  # keeps the row lock until the test releases it
            update = actions.record_status(
                shared, by=users["editor_hospital"], seen_version=seen, text="Først."
            )
            first_has_written.set()
            assert release_first.wait(20)
            return update

    def second_writer() -> Any:
        return actions.edit_initiative(
            shared, by=users["coordinator"], seen_version=seen, changes={"title": "Anden skriver"}
        )

    one = _in_thread(first_writer, results, "first")
    assert first_has_written.wait(20)
    two = _in_thread(second_writer, results, "second")
    time.sleep(0.5)
    assert two.is_alive(), "the second writer should wait for the first one's row lock"
    release_first.set()
    one.join(20)
    two.join(20)

    assert isinstance(results["first"], StatusUpdate)
    assert isinstance(results["second"], actions.StaleEdit)
    assert results["second"].current.version == seen + 1
    current = Initiative.objects.get(pk=shared.pk)
    assert current.version == seen + 1
    assert current.status_text == "Først."
    assert not current.title.startswith("Anden")


def test_of_many_writers_starting_from_one_version_exactly_one_wins(plan, users):
    shared = plan.initiatives_by_key["shared"]
    seen = shared.version
    start = threading.Barrier(4)
    results: dict[str, Any] = {}

    def writer(n: int) -> Any:
        def run() -> Any:
            start.wait(20)
            return actions.record_status(
                shared, by=users["editor_hospital"], seen_version=seen, text=f"Skriver {n}."
            )

        return run

    threads = [_in_thread(writer(n), results, f"w{n}") for n in range(4)]
    for thread in threads:
        thread.join(30)
    winners = [r for r in results.values() if isinstance(r, StatusUpdate)]
    losers = [r for r in results.values() if isinstance(r, actions.StaleEdit)]
    assert len(winners) == 1 and len(losers) == 3, results
    assert StatusUpdate.objects.filter(initiative=shared).count() == 2
    assert Initiative.objects.get(pk=shared.pk).version == seen + 1
