"""The roll-up note on a plan row speaks Danish: one "enhed", several "enheder"."""

from __future__ import annotations

import pytest
from django.utils import translation

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from fremdrift.followup import actions, queries
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db


def test_a_single_local_unit_is_one_enhed(local_plan, units):
    area = local_plan.areas_by_slug["hospitaler"]
    alone = portfolio_actions.create_initiative(
        local_plan, by="t", title="Kun Randers", areas=[area], units={"local": [units["hospital"]]}
    )
    actions.record_local_status(alone, units["hospital"], by="t", phase="implementering")
    with translation.override("da"):
        notes = queries.rollup_notes([alone.pk])
    assert notes[alone.pk] == ["Lokalt: 1 af 1 enhed i implementering"]


def test_several_local_units_are_enheder_even_when_one_is_counted(local_plan, units):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(initiative, units["hospital"], by="t", phase="implementering")
    with translation.override("da"):
        notes = queries.rollup_notes([initiative.pk])
    assert notes[initiative.pk] == ["Lokalt: 1 af 3 enheder i implementering, 2 uden lokal status"]


def test_the_english_note_is_singular_for_one_unit(local_plan, units):
    area = local_plan.areas_by_slug["hospitaler"]
    horsens = core_actions.create_unit(
        by="t", name="Hospitalsenheden Vest", kind=UnitKind.HOSPITAL, parent=units["region"]
    )
    alone = portfolio_actions.create_initiative(
        local_plan, by="t", title="Kun Vest", areas=[area], units={"local": [horsens]}
    )
    actions.record_local_status(alone, horsens, by="t", phase="drift")
    with translation.override("en"):
        notes = queries.rollup_notes([alone.pk])
    assert notes[alone.pk] == ["Local: 1 of 1 unit in operation"]
