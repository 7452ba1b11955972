"""The export lists the plan's units parents first and, among units at the same depth, in
Danish alphabetical order (A–Z, then Æ, Ø, Å; small and capital letters together)."""

from __future__ import annotations

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import UnitKind
from fremdrift.interchange.export import units_document

pytestmark = pytest.mark.django_db

NAMES = ["Ærø Sygehus", "Aarhus Universitetshospital", "Åbyhøj Klinik", "ølstykke-teamet"]
NAMES += ["Østjylland", "Ebeltoft Sundhedshus", "Éngangsteamet"]


def test_units_at_the_same_depth_are_exported_in_danish_order():
    region = core_actions.create_unit(by="t", name="Region Midtjylland", kind=UnitKind.REGION)
    ids = {
        core_actions.create_unit(by="t", name=name, kind=UnitKind.HOSPITAL, parent=region).pk
        for name in NAMES
    }
    names = [unit["name"] for unit in units_document(ids)]
    assert names == [
        "Region Midtjylland",
        "Aarhus Universitetshospital",
        "Ebeltoft Sundhedshus",
        "Éngangsteamet",
        "Ærø Sygehus",
        "ølstykke-teamet",
        "Østjylland",
        "Åbyhøj Klinik",
    ]
