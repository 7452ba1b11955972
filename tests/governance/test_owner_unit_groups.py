"""The action item's owner unit is chosen from groups a planner recognises: the region with
its staff units, each hospital with its departments, each cluster with its municipalities,
and the organisations outside; in Danish alphabetical order, the group's own unit first."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


class _Select(HTMLParser):
    """The options of one select: [(group label or None, option text), …]."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name, self.inside, self.group, self.option = name, False, None, None
        self.options: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "select":
            self.inside = values.get("name") == self.name
        elif self.inside and tag == "optgroup":
            self.group = values.get("label")
        elif self.inside and tag == "option":
            self.option = ""

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.inside = False
        elif tag == "optgroup":
            self.group = None
        elif tag == "option" and self.option is not None:
            self.options.append((self.group, self.option.strip()))
            self.option = None


def test_owner_units_are_grouped_by_hospital_cluster_and_region_in_danish_order(
    meetings: Any, units: Any, users: Any
) -> None:
    hospital = units["hospital"]
    for name, kind, parent in [
        ("Åreknudeklinikken", UnitKind.DEPARTMENT, hospital),
        ("Øjenafdelingen", UnitKind.DEPARTMENT, hospital),
        ("Ældremedicinsk Afdeling", UnitKind.DEPARTMENT, hospital),
        ("Lægevagten", UnitKind.DEPARTMENT, units["region"]),
        ("Randers Kommune", UnitKind.MUNICIPALITY, units["cluster"]),
        ("Sundhedsstyrelsen", UnitKind.EXTERNAL, None),
    ]:
        core_actions.create_unit(by=ACTOR, name=name, kind=kind, parent=parent)
    core_actions.create_unit(
        by=ACTOR,
        name="M1, Ældremedicinsk Afdeling",
        kind=UnitKind.SECTION,
        parent=units["department"],
    )
    response = client_for(users["coordinator"]).get(
        f"/governance/meetings/{meetings['december'].pk}/actions/new/"
    )
    select = _Select("owner_unit")
    select.feed(response.content.decode())
    assert select.options == [
        (None, "Ingen enhed"),
        ("Region Midtjylland", "Region Midtjylland"),
        ("Region Midtjylland", "Koncern HR"),
        ("Region Midtjylland", "Lægevagten"),
        ("Regionshospitalet Randers", "Regionshospitalet Randers"),
        ("Regionshospitalet Randers", "Akutafdelingen Randers"),
        ("Regionshospitalet Randers", "M1, Ældremedicinsk Afdeling"),
        ("Regionshospitalet Randers", "Ældremedicinsk Afdeling"),
        ("Regionshospitalet Randers", "Øjenafdelingen"),
        ("Regionshospitalet Randers", "Åreknudeklinikken"),
        ("Randersklyngen", "Randersklyngen"),
        ("Randersklyngen", "Randers Kommune"),
        ("Andre organisationer", "Sundhedsstyrelsen"),
    ]


def test_a_grouped_owner_unit_is_still_saved(meetings: Any, units: Any, users: Any) -> None:
    from fremdrift.governance.models import ActionItem

    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meetings['december'].pk}/actions/new/",
        {"text": "Følg op", "owner_unit": units["department"].pk},
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().owner_unit == units["department"]
