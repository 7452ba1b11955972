"""The audit trail for people: each changed field with its label, as before → after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fremdrift.core.templatetags.fremdrift import danish_date, danish_datetime

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the event has no before (a creation)
    after: str | None  # None: the event has no after (a deletion)


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


# Keys that events write beside the model's own fields (an initiative's place in an area).
KEY_LABELS = {
    "area": _lazy("area"),
    "area_title": _lazy("area title"),
    "position": _lazy("position"),
}


def _label(field: Any, key: str) -> str:
    name = getattr(field, "verbose_name", None) or KEY_LABELS.get(key)
    return capfirst(str(name)) if name else capfirst(key.replace("_", " "))


def readable(value: Any, field: Any = None) -> str:
    """A stored audit value as a person reads it: no ``None``, no dict or list reprs."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, dict):
        parts = (f"{capfirst(str(k).replace('_', ' '))}: {readable(v)}" for k, v in value.items())
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return ", ".join(readable(item) for item in value) or EMPTY
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            if len(value) == 10:
                return danish_date(dt.date.fromisoformat(value))
            return danish_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def changes(event: Any) -> list[Change]:
    """The fields an audit event records, labelled, in the order they were written."""
    model = _model(event.object_type)
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        field = _field(model, key)
        rows.append(
            Change(
                label=_label(field, key),
                before=readable(before.get(key), field) if event.before is not None else None,
                after=readable(after.get(key), field) if event.after is not None else None,
            )
        )
    return rows
