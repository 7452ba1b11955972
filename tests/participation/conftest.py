"""Fixtures of the governance tests: a forum with two meetings about the ``plan`` fixture."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fremdrift.governance import actions

ACTOR = "test"


@pytest.fixture
def forum(units: dict[str, Any], plan: Any) -> Any:
    """HMU, serving the ``plan`` fixture (so the plan's people see its meetings)."""
    return actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", unit=units["region"], plans=[plan]
    )


@pytest.fixture
def meetings(forum: Any, plan: Any) -> dict[str, Any]:
    """HMU on 4 November and 10 December 2021; the December item is a decision point."""
    november = actions.create_meeting(
        forum, by=ACTOR, date=dt.date(2021, 11, 4), title="HMU-møde", place="Skovagervej 2"
    )
    december = actions.create_meeting(
        forum,
        by=ACTOR,
        date=dt.date(2021, 12, 10),
        title="HMU-møde",
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
    )
    shared = plan.initiatives_by_key["shared"]
    actions.add_agenda_item(
        november,
        by=ACTOR,
        title="Orientering om vinterplanen",
        kind="orientering",
        initiatives=[shared],
    )
    item = actions.add_agenda_item(
        december,
        by=ACTOR,
        title="Præhospitalet i dagtid",
        kind="beslutning",
        presenter="Karen Koordinator",
        duration_minutes=30,
        initiatives=[shared],
        questions=["Hvad er vigtigt?", ("Hvad mangler?", 10)],
        discussion_minutes=20,
    )
    return {"november": november, "december": december, "item": item}
