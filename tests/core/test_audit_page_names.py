"""The audit trail page names the units and areas of old events (recorded by number), with
one query per kind for the page: the page costs the same with one old event or five."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fremdrift.core.choices import AuditAction, Channel
from fremdrift.core.models import AuditEvent

pytestmark = pytest.mark.django_db
DA = {"HTTP_ACCEPT_LANGUAGE": "da"}


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


def test_the_trail_shows_old_events_units_and_areas_by_name(client, users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    area = plan.areas_by_slug["personale"]
    hr, cluster = units["hr"].pk, units["cluster"].pk
    _old_event(shared, after={"units": {"lead": [hr], "common": [hr, cluster]}, "area": area.pk})
    client.force_login(users["admin"])
    html = client.get("/audit/", {"type": "portfolio.initiative"}, **DA).content.decode()
    assert "Tovholder: Koncern HR; Fælles: Koncern HR, Randersklyngen" in html
    assert f"<dt>Område</dt><dd>{area.title}</dd>" in html


def test_the_trail_costs_the_same_queries_for_one_old_event_or_five(client, users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    area = plan.areas_by_slug["personale"]
    client.force_login(users["admin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get("/audit/", {"type": "portfolio.initiative"}, **DA)
        return len(ctx.captured_queries)

    _old_event(shared, after={"units": {"common": [units["hr"].pk]}, "area": area.pk})
    one = queries()
    for unit in ("region", "hospital", "department", "cluster"):
        _old_event(shared, after={"units": {"lead": [units[unit].pk]}, "area": area.pk})
    assert queries() == one
