"""Fixtures of the follow-up tests: users with e-mail addresses, local units, rounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from fremdrift.followup import actions
from fremdrift.portfolio import actions as portfolio_actions

ACTOR = "test"


@pytest.fixture
def people(users: dict[str, Any]) -> dict[str, Any]:
    """The shared ``users`` with e-mail addresses (reminders go only to addresses)."""
    for key, user in users.items():
        user.email = f"{user.username}@example.invalid"
        user.first_name = key
        user.save()
    return users


@pytest.fixture
def local_plan(plan: Any, units: dict[str, Any]) -> Any:
    """The ``plan`` fixture plus an initiative implemented locally by three units."""
    horsens = core_actions.create_unit(
        by=ACTOR, name="Regionshospitalet Horsens", kind=UnitKind.HOSPITAL, parent=units["region"]
    )
    units["horsens"] = horsens
    area = plan.areas_by_slug["hospitaler"]
    local = portfolio_actions.create_initiative(
        plan,
        by=ACTOR,
        title="Overblik over akut kapacitet",
        areas=[area],
        units={"local": [units["hospital"], units["cluster"], horsens]},
        phase="implementering",
    )
    plan.initiatives_by_key["local"] = local
    return plan


@pytest.fixture
def open_round(plan: Any, people: dict[str, Any]) -> Any:
    return actions.open_round(
        plan,
        by=people["coordinator"],
        title="Før HMU",
        occasion="HMU 10. december",
        deadline=timezone.localdate() + dt.timedelta(days=7),
    )
