"""Units a user reads in the follow-up's lists follow the Danish alphabet (A–Z, then Æ, Ø, Å;
small and capital letters together), not the code points (where "Åby" comes before "Ærø"
and "øst" after every capital letter)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from fremdrift.core.models import OrgUnit
from fremdrift.followup import actions, hooks, queries
from fremdrift.followup.choices import ReadinessDimension
from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db

ALL_TWO = {d.value: (2, "") for d in ReadinessDimension}
# (unit fixture, name): code points put them Åby, Ærø, Østerbro, ølstykke; Danish as here
DANISH = [("cluster", "Ærø Sundhedshus"), ("horsens", "ølstykke Hospital")]
DANISH += [("hospital", "Østerbro Hospital"), ("department", "Åby Afdeling")]


def _rename(units: dict[str, Any]) -> list[str]:
    for key, name in DANISH:
        OrgUnit.objects.filter(pk=units[key].pk).update(name=name)
        units[key].refresh_from_db()
    return [name for _key, name in DANISH]


def _assess(initiative: Any, units: dict[str, Any]) -> None:
    for key, _name in DANISH:
        if key != "department":
            actions.record_readiness(initiative, units[key], by="t", scores=ALL_TWO)


def test_the_support_list_names_units_in_danish_order(local_plan, units):
    names = [name for name in _rename(units) if not name.startswith("Åby")]
    _assess(local_plan.initiatives_by_key["local"], units)
    low = queries.low_readiness(Initiative.objects.all())
    assert [a.unit.name for a in low] == names


def test_the_readiness_radars_are_in_danish_order(local_plan, units, people):
    names = [name for name in _rename(units) if not name.startswith("Åby")]
    initiative = local_plan.initiatives_by_key["local"]
    _assess(initiative, units)
    request = RequestFactory().get("/")
    request.user = people["admin"]
    panels = hooks.initiative_panels(request, initiative)
    radars = next(p.context["radars"] for p in panels if "radars" in p.context)
    assert [a.unit.name for a, _svg in radars] == names


def test_a_rounds_progress_lists_units_in_danish_order(plan, units, open_round):
    names = _rename({**units, "horsens": units["hr"]})
    progress = queries.round_progress(open_round)
    shown = [u.unit.name for u in progress.by_unit if u.unit and u.unit.name in names]
    assert len(shown) >= 2
    assert shown == [name for name in names if name in shown]
