"""The audit trail of an initiative names its follow-up units and its parent initiative as
people know them, not by the numbers the database gives them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from fremdrift.core import audit_display
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db


def _changes(initiative: Any, action: str) -> dict[str, tuple[str | None, str | None]]:
    event = AuditEvent.objects.filter(object_id=str(initiative.pk), action=action).latest("id")
    with translation.override("da"):
        return {c.label: (c.before, c.after) for c in audit_display.changes(event)}


def test_a_change_of_follow_up_units_reads_with_the_units_names(plan: Any, units: Any) -> None:
    initiative = plan.initiatives_by_key["hr"]
    actions.edit_initiative(
        initiative,
        by="t",
        seen_version=initiative.version,
        changes={},
        units={"lead": [units["hr"]], "local": [units["cluster"], units["department"]]},
    )
    before, after = _changes(initiative, AuditAction.UPDATED)["Enheder"]
    assert before == "Tovholder: Koncern HR; Fælles: Koncern HR; Lokal: —"
    assert (
        after == "Tovholder: Koncern HR; Fælles: —; Lokal: Randersklyngen, Akutafdelingen Randers"
    )


def test_a_new_initiative_reads_with_its_units_and_parent_by_name(plan: Any, units: Any) -> None:
    parent = plan.initiatives_by_key["shared"]
    child = actions.create_initiative(
        plan,
        by="t",
        title="Delindsats",
        areas=[plan.areas_by_slug["personale"]],
        units={"common": [units["hospital"]]},
        parent_id=parent.pk,
    )
    changes = _changes(child, AuditAction.CREATED)
    assert changes["Enheder"][1] == "Tovholder: —; Fælles: Regionshospitalet Randers; Lokal: —"
    assert changes["Overordnet indsats"][1] == str(parent)
