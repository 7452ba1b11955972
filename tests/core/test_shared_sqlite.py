"""The test database's connection shared between threads, as the live server shares it with
its request threads (tests/shared_sqlite.py): queries that call back into Python (our LIKE, the
"da" collation) beside quick queries in another thread must all finish.

Without the lock this froze the process within a second or two (seen on 6 December 2026).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from fremdrift.core.database import danish
from fremdrift.core.models import OrgUnit

ROUNDS = 300


@pytest.mark.django_db(transaction=True)
def test_threads_sharing_the_in_memory_connection_all_finish() -> None:
    shared = connections["default"]
    if shared.vendor != "sqlite" or not shared.is_in_memory_db():
        pytest.skip("only the in-memory SQLite test database is shared between threads")
    OrgUnit.objects.bulk_create(
        OrgUnit(name=f"Afdeling {n} for Ærø og Åbyhøj", kind="department") for n in range(400)
    )
    done: list[str] = []
    failed: list[BaseException] = []

    def sharing(name: str, query: Any) -> threading.Thread:
        def work() -> None:
            connections["default"] = shared  # as Django's LiveServerThread does
            try:
                for _ in range(ROUNDS):
                    query()
                done.append(name)
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                failed.append(exc)

        return threading.Thread(target=work, name=name, daemon=True)

    shared.inc_thread_sharing()
    try:
        threads = [
            sharing("like", lambda: list(OrgUnit.objects.filter(name__icontains="åbyhøj"))),
            sharing("collation", lambda: list(OrgUnit.objects.order_by(danish("name"))[:5])),
            sharing("quick", lambda: list(OrgUnit.objects.values_list("pk", "name")[:1])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        shared.dec_thread_sharing()
    assert failed == []
    assert sorted(done) == ["collation", "like", "quick"]
