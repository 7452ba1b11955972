"""The audit trail reads in Danish: every recorded field and object type has a Danish name.

The trail stores field names as the code writes them (``status_for``, ``manual_value``, …);
the page shows each by its translated name. A key without one would show in English, by its
code name, in the Danish interface.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from fremdrift.core import audit_display
from fremdrift.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_every_field_of_every_model_has_a_translatable_name() -> None:
    unnamed = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.name.startswith("fremdrift")
        for model in config.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    assert unnamed == []


def test_every_model_has_a_translatable_name() -> None:
    unnamed = [
        model._meta.label
        for config in apps.get_app_configs()
        if config.name.startswith("fremdrift")
        for model in config.get_models()
        if not isinstance(model._meta.verbose_name, Promise)
    ]
    assert unnamed == []


def test_every_key_in_the_demos_trail_has_a_danish_name(demo_module) -> None:
    events = AuditEvent.objects.all()
    assert events.count() > 300
    unnamed = {
        (event.object_type, key) for event in events for key in audit_display.unnamed_keys(event)
    }
    assert sorted(unnamed) == []


def test_every_object_type_in_the_demos_trail_has_a_danish_name(demo_module) -> None:
    types = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
    with translation.override("da"):
        labels = {t: audit_display.object_label(t) for t in types}
    assert [t for t, label in labels.items() if label == t] == []
    assert labels["portfolio.initiative"] == "Indsats"


def test_the_filter_lists_object_types_in_danish_alphabetical_order() -> None:
    from fremdrift.core.forms import AuditFilterForm

    made = [
        AuditEvent.objects.create(channel="web", action="create", object_type=object_type).pk
        for object_type in ("core.apitoken", "followup.updaterequest", "portfolio.initiative")
    ]
    with translation.override("da"):
        form = AuditFilterForm(events=AuditEvent.objects.filter(pk__in=made))
        labels = [str(label) for value, label in form.fields["object_type"].choices if value]
    # by code point "API-nøgle" would come first (capital P before small n)
    assert labels == ["Anmodning om opdatering", "API-nøgle", "Indsats"]
