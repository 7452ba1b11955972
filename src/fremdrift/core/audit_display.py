"""The audit trail for people: each changed field with its label, as before → after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# Keys that events write beside the model's own fields, with the names the page shows.
KEY_LABELS = {
    "area": gettext_lazy("area"),
    "area_title": gettext_lazy("area title"),
    "position": gettext_lazy("position"),
    "archived": gettext_lazy("archived"),
    # the status a section's own wording rewords
    "status_for": gettext_lazy("status reworded"),
    "initiative": gettext_lazy("initiative"),
    "unit": gettext_lazy("unit"),
    "units": gettext_lazy("units"),
    "meeting": gettext_lazy("meeting"),
    "forums": gettext_lazy("forums"),
    "requests": gettext_lazy("requests"),
    "recipients": gettext_lazy("recipients"),
    "scale": gettext_lazy("scale"),
    "illustrative": gettext_lazy("illustrative"),
    "indicator_link": gettext_lazy("linked indicator"),
    "manual_indicator": gettext_lazy("hand-entered indicator"),
    "manual_value": gettext_lazy("hand-entered value"),
    "indicator": gettext_lazy("indicator"),
    "date": gettext_lazy("date"),
    "value": gettext_lazy("value"),
    # a plan file imported
    "file": gettext_lazy("file"),
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "linked": gettext_lazy("linked"),
    "unlinked": gettext_lazy("unlinked"),
    # an issued report, an indicator run's input file
    "sha256": gettext_lazy("SHA-256 digest"),
    "content_sha256": gettext_lazy("SHA-256 digest of the content"),
    "issued_at": gettext_lazy("issued"),
    "recorded_at": gettext_lazy("recorded"),
    "role": gettext_lazy("role"),
    "name": gettext_lazy("name"),
    "size": gettext_lazy("size"),
    "rows": gettext_lazy("rows"),
    "scores": gettext_lazy("scores"),
    "participants": gettext_lazy("participants"),
    "outputs": gettext_lazy("outputs"),
    "questions": gettext_lazy("questions"),
    # an indicator run's parameters, named as on the run form
    "params": gettext_lazy("parameters"),
    "link_across_sectors": gettext_lazy("Link contacts across sectors into one stay"),
    "link_gap_hours": gettext_lazy("Gap that still joins contacts into one stay (hours)"),
    "admission_min_hours": gettext_lazy("Minimum length of an admission (hours)"),
    "acute_rule": gettext_lazy("Acute stay"),
    "windows": gettext_lazy("Readmission windows (days)"),
    "index_exclusion_prefixes": gettext_lazy("Action diagnoses never used as index (prefixes)"),
    "readmission_exclusion_prefixes": gettext_lazy(
        "Action diagnoses never counted as readmission (prefixes)"
    ),
}

# Recorded values that are dicts keyed by the values of a choice (a score per readiness
# dimension, the units per follow-up role …): their keys read as the choices' labels.
KEY_CHOICES = {
    "scores": "fremdrift.followup.choices.ReadinessDimension",
    "outputs": "fremdrift.participation.choices.OutputKind",
    "windows": "fremdrift.indicators.choices.Sector",
    "units": "fremdrift.portfolio.choices.FollowUpRole",
}

# Recorded values that are the state of another model, read with that model's fields.
KEY_MODELS = {
    "indicator_link": "indicators.indicatorlink",
    "manual_indicator": "indicators.manualindicator",
}

# Notes that the code records as fixed words (other notes are what a person wrote).
NOTE_LABELS = {
    "published": gettext_lazy("published"),
    "cancel": gettext_lazy("cancel requested"),
    "single sign-on: administrator": gettext_lazy(
        "single sign-on refused: an administrator's account"
    ),
    "single sign-on: deactivated": gettext_lazy("single sign-on refused: the user is deactivated"),
    "single sign-on: not linked": gettext_lazy(
        "single sign-on refused: the account is linked to no user"
    ),
}

# Object types that are not models.
OBJECT_LABELS = {
    "backup": gettext_lazy("backup"),
    "core.identity": gettext_lazy("single sign-on identity"),
}


# Keys under which old events recorded other objects by their numbers (new events store
# names): the model and the field that names an object.
KEY_IDS = {
    "units": ("core.orgunit", "name"),
    "area": ("portfolio.area", "title"),
    "parent_id": ("portfolio.initiative", "title"),
}

# Per key of KEY_IDS, the name of each recorded number that still exists.
Names = dict[str, dict[int, str]]


def _ids(value: Any) -> set[int]:
    """The numbers in a recorded value (a number, a list of them, a dict of lists)."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return set().union(*(_ids(item) for item in value))
    return set()


def names_for(events: Any) -> Names:
    """The names of the units and areas that old ``events`` recorded by number: one query
    per kind for all of them (a page of the trail), none where there is nothing to look up."""
    wanted: dict[str, set[int]] = {key: set() for key in KEY_IDS}
    for event in events:
        for values in (event.before, event.after):
            if isinstance(values, dict):
                for key in KEY_IDS.keys() & values.keys():
                    wanted[key] |= _ids(values[key])
    names: Names = {}
    for key, ids in wanted.items():
        model, field = KEY_IDS[key]
        if ids and (found := _model(model)) is not None:
            rows = found._default_manager.filter(pk__in=ids).values_list("pk", field)
            names[key] = {pk: str(name) for pk, name in rows}
    return names


def _named(value: Any, names: dict[int, str]) -> Any:
    """``value`` with each recorded number that still names an object replaced by its name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, value)
    if isinstance(value, dict):
        return {k: _named(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_named(item, names) for item in value]
    return value


def _inside(key: str) -> tuple[type[Model] | None, dict[str, Any]]:
    """How the keys of a dict recorded under ``key`` are named: the model whose state it
    is (KEY_MODELS) and the labels of the choice whose values key it (KEY_CHOICES)."""
    model = _model(KEY_MODELS[key]) if key in KEY_MODELS else None
    path = KEY_CHOICES.get(key)
    return model, dict(import_string(path).choices) if path else {}


def _name(field: Any, key: str, choices: dict[str, Any] | None = None) -> Any:
    """The translatable name of a field or recorded key; None where there is none."""
    if choices and key in choices:
        return choices[key]
    name = getattr(field, "verbose_name", None)
    if isinstance(name, Promise):
        return name
    return KEY_LABELS.get(key)


def _label(field: Any, key: str, choices: dict[str, Any] | None = None) -> str:
    name = _name(field, key, choices)
    return capfirst(str(name)) if name is not None else capfirst(key.replace("_", " "))


def object_label(object_type: str) -> str:
    """An audit event's object type as a person reads it ("Indsats", not
    ``portfolio.initiative``); the code name where it is no model."""
    if object_type in OBJECT_LABELS:
        return capfirst(str(OBJECT_LABELS[object_type]))
    model = _model(object_type)
    if model is None:
        return object_type
    return capfirst(str(model._meta.verbose_name))


def note_label(note: str) -> str:
    """An audit event's note as a person reads it: fixed words translated."""
    return str(NOTE_LABELS[note]) if note in NOTE_LABELS else note


def readable(value: Any, field: Any = None, key: str = "") -> str:
    """A stored audit value as a person reads it: no ``None``, no dict or list reprs."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, dict):
        model, choices = _inside(key)
        parts = []
        # keys that are a choice's values in the choice's order (PostgreSQL's jsonb keeps
        # its own key order), the others as stored
        rank = {name: n for n, name in enumerate(choices)}
        for k, v in sorted(value.items(), key=lambda item: rank.get(item[0], len(rank))):
            inner = _field(model, k)
            parts.append(f"{_label(inner, k, choices)}: {readable(v, inner, k)}")
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


def unnamed_keys(event: Any) -> list[str]:
    """The keys an event records (in nested values too) that have no translatable name, so
    that the page could show them only by their code name."""
    model = _model(event.object_type)
    found = []

    def visit(values: Any, model: Any, choices: dict[str, Any], prefix: str) -> None:
        if not isinstance(values, dict):
            return
        for key, value in values.items():
            if _name(_field(model, key), key, choices) is None:
                found.append(prefix + key)
            if isinstance(value, dict):
                visit(value, *_inside(key), f"{prefix}{key}.")
            elif isinstance(value, list):
                for item in value:
                    visit(item, None, {}, f"{prefix}{key}.")

    visit(event.before, model, {}, "")
    visit(event.after, model, {}, "")
    return sorted(set(found))


def changes(event: Any, names: Names | None = None) -> list[Change]:
    """The fields an audit event records, labelled, in the order they were written; units
    and areas that old events recorded by number by the ``names`` of :func:`names_for`."""
    model = _model(event.object_type)
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    for key, known in (names or {}).items():
        before = {**before, key: _named(before[key], known)} if key in before else before
        after = {**after, key: _named(after[key], known)} if key in after else after
    rows = []
    for key in dict.fromkeys([*before, *after]):
        field = _field(model, key)
        rows.append(
            Change(
                label=_label(field, key),
                before=readable(before.get(key), field, key) if event.before is not None else None,
                after=readable(after.get(key), field, key) if event.after is not None else None,
            )
        )
    return rows
