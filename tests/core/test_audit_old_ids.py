"""Old audit events name units and areas by their numbers; the trail shows their names.

Events written before the trail stored names hold ``{"units": {"lead": [18], …}}`` and
``{"area": 3}``. The trail looks the numbers up (one query per kind for a whole page of
events, not one per event) and keeps the number where the unit or area no longer exists.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from fremdrift.core import audit_display
from fremdrift.core.choices import AuditAction, Channel
from fremdrift.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _old_event(initiative, **values):
    return AuditEvent.objects.create(
        actor_name="t",
        channel=Channel.WEB,
        action=AuditAction.UPDATED,
        object_type="portfolio.initiative",
        object_id=str(initiative.pk),
        object_repr=str(initiative),
        **values,
    )


def _shown(events):
    names = audit_display.names_for(events)
    with translation.override("da"):
        return [
            {c.label: (c.before, c.after) for c in audit_display.changes(e, names)} for e in events
        ]


def test_old_events_show_unit_and_area_names_not_their_numbers(users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    area = plan.areas_by_slug["personale"]
    hr, cluster = units["hr"].pk, units["cluster"].pk
    events = [
        _old_event(
            shared,
            before={"units": {"lead": [hr], "common": [hr]}},
            after={"units": {"lead": [hr], "common": [hr, cluster]}},
        ),
        _old_event(shared, before={"area": area.pk, "position": 1}, after={"area": area.pk}),
    ]
    units_shown, area_shown = _shown(events)
    assert units_shown["Enheder"] == (
        "Tovholder: Koncern HR; Fælles: Koncern HR",
        "Tovholder: Koncern HR; Fælles: Koncern HR, Randersklyngen",
    )
    assert area_shown["Område"] == ("Personale", "Personale")


def test_new_events_that_store_names_read_as_before(users, plan):
    shared = plan.initiatives_by_key["shared"]
    event = _old_event(
        shared, after={"units": {"common": ["Koncern HR"]}, "area": ["Personale", "Hospitaler"]}
    )
    (shown,) = _shown([event])
    assert shown["Enheder"] == (None, "Fælles: Koncern HR")
    assert shown["Område"] == (None, "Personale, Hospitaler")


def test_a_unit_or_area_that_is_gone_keeps_its_number(users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    event = _old_event(
        shared, after={"units": {"common": [units["hr"].pk, 987654]}, "area": 876543}
    )
    (shown,) = _shown([event])
    assert shown["Enheder"] == (None, "Fælles: Koncern HR, 987654")
    assert shown["Område"] == (None, "876543")


def test_the_names_cost_one_query_per_kind_for_the_page_not_one_per_event(
    users, plan, units, django_assert_num_queries
):
    shared = plan.initiatives_by_key["shared"]
    area = plan.areas_by_slug["personale"]
    events = [
        _old_event(shared, after={"units": {"lead": [unit.pk]}, "area": area.pk})
        for unit in units.values()
    ]
    with django_assert_num_queries(2):  # the units, the areas
        names = audit_display.names_for(events)
        for event in events:
            audit_display.changes(event, names)
    plain = _old_event(shared, after={"position": 1})
    with django_assert_num_queries(0):  # nothing to look up: no query
        audit_display.names_for([plain])
