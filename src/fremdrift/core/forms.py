"""Forms of the core pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fremdrift.core import audit_display
from fremdrift.core.choices import AuditAction, Channel
from fremdrift.core.database import danish_key

ALL_TYPES = [("", _("All types"))]


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show an action's ``ValidationError`` on the form: at its field where the form has
    one, else above the form (the error summary lists both)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    """Filters of the audit trail: who, channel, action, object type, period and words."""

    user = forms.CharField(label=_("User"), required=False, max_length=150)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *AuditAction.choices], required=False
    )
    object_type = forms.ChoiceField(label=_("Object type"), choices=ALL_TYPES, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, *args: Any, events: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = events.order_by().values_list("object_type", flat=True).distinct()
        labelled = sorted(
            ((audit_display.object_label(t), t) for t in types if t),
            key=lambda pair: danish_key(pair[0]),
        )
        self.fields["object_type"].choices = ALL_TYPES + [(t, label) for label, t in labelled]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, events: QuerySet) -> QuerySet:
        """The events that match the filled-in fields."""
        data = self.cleaned_data
        if data.get("user"):
            events = events.filter(actor_name__icontains=data["user"])
        for field in ("channel", "action", "object_type"):
            if data.get(field):
                events = events.filter(**{field: data[field]})
        if data.get("date_from"):
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        for word in (data.get("q") or "").split():
            events = events.filter(
                Q(object_repr__icontains=word)
                | Q(note__icontains=word)
                | Q(object_id=word)
                | Q(actor_name__icontains=word)
            )
        return events


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the local time zone (Europe/Copenhagen)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ApiTokenForm(forms.Form):
    """A new API token: a name to recognise it by and how many days it lasts."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI” or “nightly import”."),
    )
    days = forms.IntegerField(
        label=_("Days until it expires"),
        min_value=1,
        max_value=366,
        help_text=_("The token stops working after this many days (at most 366)."),
    )
