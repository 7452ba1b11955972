"""Three-way merge of a form that was sent on top of an older version of an initiative.

The base is what the user's form started from (the ``InitiativeVersion`` of the version it
carried), "theirs" is what is saved now, "mine" is what the user sent. Per field: left as in
the base, the saved value counts; changed only by the user, the user's value counts; changed
by both to different values, it is a clash: the form keeps the user's value and the page
shows the saved one beside it. Nothing is written here; the user saves the merged form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.forms import SECTION_WORDING_FORM_FIELDS, section_wording_initial
from fremdrift.portfolio.models import Area, AreaMembership, Initiative, InitiativeVersion


@dataclass
class FieldChange:
    """A field the other person changed: its label and the value saved now."""

    name: str
    label: str
    saved: str


@dataclass
class Merge:
    """The merged form data and what the page tells the user about it."""

    data: QueryDict
    theirs: list[FieldChange] = field(default_factory=list)
    clashes: list[FieldChange] = field(default_factory=list)


def merge_form(
    form: forms.Form,
    posted: QueryDict,
    base: Mapping[str, Any],
    saved: Mapping[str, Any],
    *,
    version: int,
) -> Merge:
    """Merge the user's ``posted`` form with what is ``saved`` now, field by field, against
    the ``base`` the form started from. ``base`` and ``saved`` are form values (as
    ``initial``) of the fields that take part; the others keep what the user sent. The
    result carries the saved ``version``, so that the next save goes through."""
    data = posted.copy()
    result = Merge(data=data)
    for name, bound in form.fields.items():
        if name not in base or name not in saved:
            continue
        mine = _mine(form, posted, name)
        original, now = _raw(base[name]), _raw(saved[name])
        if _same(bound, now, original):
            continue  # the other person left it
        change = FieldChange(name, str(bound.label), _display(bound, now))
        if _same(bound, mine, original):
            data.setlist(name, now)  # only the other changed it: take theirs
            result.theirs.append(change)
        elif _same(bound, mine, now):
            result.theirs.append(change)  # both changed it the same way
        else:
            result.clashes.append(change)  # both changed it: the user's stays in the form
    data["version"] = str(version)
    return result


def mark_clashes(form: forms.Form, merge: Merge) -> None:
    """Put the saved value of each clashing field beside it (``field.saved_value``, read by
    ``portfolio/_field.html``) and tie it to the input for screen readers."""
    for clash in merge.clashes:
        bound = form.fields[clash.name]
        bound.saved_value = clash.saved
        auto_id = form[clash.name].auto_id
        described = [f"{auto_id}_saved"]
        if bound.help_text:
            described.append(f"{auto_id}_helptext")
        bound.widget.attrs["aria-describedby"] = " ".join(described)


def base_of_edit(initiative: Initiative, version: int | None) -> dict[str, Any] | None:
    """The edit form's values as they were at ``version`` of the initiative (fields, units
    and the home plan's areas), or None if that version is not kept."""
    stored = InitiativeVersion.objects.filter(initiative=initiative, version=version).first()
    if stored is None:
        return None
    state = stored.data
    values = {name: state.get(name) for name in EDIT_FIELDS}
    values["parent"] = state.get("parent_id")
    units = state.get("units") or {}
    for role in FollowUpRole:
        values[role.value] = units.get(role.value, [])
    at = stored.valid_from
    values["areas"] = list(
        AreaMembership.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=at),
            initiative=initiative,
            area__plan=initiative.plan_id,
            valid_from__lte=at,
        ).values_list("area_id", flat=True)
    )
    return values


def base_of_section_wording(
    initiative: Initiative, area: Area, version: int | None
) -> dict[str, Any] | None:
    """The section wording form's values in ``area`` as they were at ``version`` of the
    initiative (the place's wording then, as :func:`section_wording_initial` gives it), or
    None if that version is not kept or the initiative was not in the section then."""
    stored = InitiativeVersion.objects.filter(initiative=initiative, version=version).first()
    if stored is None:
        return None
    at = stored.valid_from
    place = (
        AreaMembership.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=at),
            initiative=initiative,
            area=area,
            valid_from__lte=at,
        )
        .order_by("-valid_from")
        .first()
    )
    if place is None:
        return None
    then = Initiative(status_text=stored.data.get("status_text") or "")
    values = section_wording_initial(place, then)
    return {name: values[name] for name in SECTION_WORDING_FORM_FIELDS}


def base_of_status(initiative: Initiative, version: int | None) -> dict[str, Any] | None:
    """The status form's values (text, phase, target phase) as they were at ``version``."""
    stored = InitiativeVersion.objects.filter(initiative=initiative, version=version).first()
    if stored is None:
        return None
    return {
        "text": stored.data.get("status_text", ""),
        "phase": stored.data.get("phase", ""),
        "phase_target": stored.data.get("phase_target", ""),
    }


def status_values(initiative: Initiative) -> dict[str, Any]:
    """The status form's values that follow the initiative."""
    return {
        "text": initiative.status_text,
        "phase": initiative.phase,
        "phase_target": initiative.phase_target,
    }


# The edit form's fields that the version history keeps under the same name.
EDIT_FIELDS = (
    "title",
    "theme",
    "kind",
    "work_form",
    "phase",
    "phase_target",
    "year_task",
    "description",
    "follow_up_text",
    "start_date",
    "end_date",
)


def _is_multiple(bound: forms.Field) -> bool:
    return isinstance(bound, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def _mine(form: forms.Form, posted: QueryDict, name: str) -> list[str]:
    """What the user sent, as the form's own cleaned value where it has one."""
    cleaned = getattr(form, "cleaned_data", {})
    if name in cleaned:
        return _raw(cleaned[name])
    return posted.getlist(name) if _is_multiple(form.fields[name]) else [posted.get(name, "")]


def _raw(value: Any) -> list[str]:
    """A form value as the strings a browser would send."""
    if isinstance(value, QuerySet | list | tuple | set):
        return [_one(v) for v in value]
    return [_one(value)]


def _one(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _same(bound: forms.Field, a: list[str], b: list[str]) -> bool:
    if _is_multiple(bound):
        return {v for v in a if v} == {v for v in b if v}
    return _text(a) == _text(b)


def _text(values: Iterable[str]) -> str:
    """Text as compared: browsers send line breaks as CR LF, forms strip the ends."""
    return "\n".join(values).replace("\r\n", "\n").strip()


def _display(bound: forms.Field, raw: list[str]) -> str:
    """The value as the user reads it."""
    values = [v for v in raw if v]
    if not values:
        return _("(empty)")
    if isinstance(bound, forms.ModelChoiceField):
        model = bound.queryset.model
        found = model.objects.in_bulk([int(v) for v in values if v.isdigit()])
        names = [str(found[int(v)]) for v in values if v.isdigit() and int(v) in found]
        return ", ".join(names) or _("(empty)")
    if isinstance(bound, forms.ChoiceField):
        labels = {str(k): str(v) for k, v in bound.choices}
        return ", ".join(labels.get(v, v) for v in values)
    if isinstance(bound, forms.DateField):
        try:
            return format_date(dt.date.fromisoformat(values[0]))
        except ValueError:
            return values[0]
    return _text(values)
