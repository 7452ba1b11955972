"""One SQLite connection shared by threads, used by one thread at a time.

The test database on SQLite lives in memory, so the live server of the browser tests shares
the test's connection with its request threads (Django's ``connections_override``). CPython's
``sqlite3`` then deadlocks now and then: while one thread is inside ``sqlite3_step`` (holding
SQLite's lock on the connection) and calls back into Python for our ``LIKE`` or the "da"
collation (``fremdrift.core.database``), it needs the GIL; another thread holding the GIL can
meanwhile call into SQLite without letting the GIL go (``sqlite3_column_name`` when building
a result, binding parameters, ``sqlite3_get_autocommit`` on commit) and wait for SQLite's lock.
Neither moves again; a CI run hung for an hour that way in a browser test of the search page.

Production is not affected (each thread has a connection of its own). For the tests, every use
of a SQLite connection through Django takes one process-wide re-entrant lock, so only one
thread is inside SQLite at a time; a thread waiting for the lock lets the GIL go.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

LOCK = threading.RLock()

# the methods that call into SQLite: the cursor's, and the connection's outside a cursor
CURSOR_METHODS = ("execute", "executemany", "fetchone", "fetchmany", "fetchall", "close")
CONNECTION_METHODS = (
    "_commit",
    "_rollback",
    "_close",
    "_set_autocommit",
    "_start_transaction_under_autocommit",
    "is_usable",
)


def _one_at_a_time(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        with LOCK:
            return method(*args, **kwargs)

    call.__shared_sqlite__ = True  # type: ignore[attr-defined]
    return call


def _next_row(cursor: Any) -> Any:
    with LOCK:
        row = cursor.fetchone()
    if row is None:
        raise StopIteration
    return row


def install() -> None:
    """Serialise Django's use of SQLite connections in this process (idempotent)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper, SQLiteCursorWrapper

    for cls, names in (
        (SQLiteCursorWrapper, CURSOR_METHODS),
        (DatabaseWrapper, CONNECTION_METHODS),
    ):
        for name in names:
            method = getattr(cls, name)
            if not getattr(method, "__shared_sqlite__", False):
                setattr(cls, name, _one_at_a_time(method))
    SQLiteCursorWrapper.__next__ = _next_row
