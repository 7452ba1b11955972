"""Recording changes in the audit trail.

Actions call :func:`record` inside their transaction. The channel (web, API, import, CLI)
comes from a context variable that the entry point sets with :func:`channel`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import models

from fremdrift.core.choices import AuditAction, Channel
from fremdrift.core.models import AuditEvent

_channel: contextvars.ContextVar[str] = contextvars.ContextVar(
    "fremdrift_audit_channel", default=Channel.SYSTEM
)


@contextlib.contextmanager
def channel(name: str) -> Iterator[None]:
    """Attribute every change recorded inside the block to ``name`` (a :class:`Channel`)."""
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def current_channel() -> str:
    return _channel.get()


# The request whose user is acting, for changes recorded without an explicit actor (the
# user signals). The request is kept, not its user: DRF resolves token users later.
_request: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "fremdrift_audit_request", default=None
)


@contextlib.contextmanager
def acting(request: Any) -> Iterator[None]:
    """Attribute changes without an explicit actor inside the block to ``request.user``."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_actor() -> Any:
    """The acting request's user, or ``None`` outside a request (CLI, system)."""
    request = _request.get()
    return getattr(request, "user", None) if request is not None else None


def jsonable(value: Any) -> Any:
    """Turn model field values into JSON-safe values for the before/after columns."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def record(
    actor: Any,
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event to the audit trail and return it."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        object_repr = object_repr or str(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(user.get_username() if user else str(actor or ""))[:150],
        channel=current_channel(),
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        object_repr=(object_repr or "")[:300],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        note=note,
    )


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """Return only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if jsonable(before.get(k)) != jsonable(after.get(k))]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
