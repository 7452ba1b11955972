"""Names a user reads in the indicators' lists follow the Danish alphabet (A–Z, then Æ, Ø, Å;
small and capital letters together; é with e), as the database's sorts already do, not the
code points (where "Åbyhøj" comes before "Ærø" and "ølstykke" after every capital)."""

from __future__ import annotations

import pytest

from fremdrift.indicators import actions as indicator_actions
from fremdrift.indicators import deck, public, queries
from fremdrift.indicators.engine.geography import REGION_CODE, Municipality
from tests.indicators_web.indicators_web_helpers import value_row

pytestmark = pytest.mark.django_db

IN_AARHUSKLYNGEN = ["Ærø", "Aarhus", "Åbyhøj", "ølstykke", "Østjylland", "Élev", "Ebeltoft"]
DANISH = ["Aarhus", "Ebeltoft", "Élev", "Ærø", "ølstykke", "Østjylland", "Åbyhøj"]
ELSEWHERE = [("Marstal", "Ærøklyngen"), ("Skanderborg", "Åbyklyngen"), ("Odder", "østklyngen")]
ELSEWHERE += [("Viby", "Egåklyngen")]
ALL_DANISH = ["Aarhus", "Ebeltoft", "Élev", "Marstal", "Odder", "Skanderborg", "Viby"]
ALL_DANISH += ["Ærø", "ølstykke", "Østjylland", "Åbyhøj"]


@pytest.fixture
def region(monkeypatch: pytest.MonkeyPatch) -> tuple[Municipality, ...]:
    """A region whose names sort differently by code point and in Danish."""
    found = tuple(
        Municipality(str(800 + n), name, "Aarhusklyngen") for n, name in enumerate(IN_AARHUSKLYNGEN)
    ) + tuple(Municipality(str(900 + n), name, c) for n, (name, c) in enumerate(ELSEWHERE))
    monkeypatch.setattr(queries, "municipalities", lambda: found)
    return found


def test_the_clusters_are_in_danish_order(region):
    assert queries.clusters() == [
        "Aarhusklyngen",
        "Egåklyngen",
        "Ærøklyngen",
        "østklyngen",
        "Åbyklyngen",
    ]


def test_the_place_choices_list_municipalities_in_danish_order(region):
    choices = queries.geo_choices()
    labels = [label.split(" (")[0] for value, label in choices if "municipality:" in value]
    assert labels == ALL_DANISH


def test_the_dashboards_municipality_bars_are_in_danish_order(region, make_run):
    run = make_run(
        [
            value_row(geo_code="800", geo_name="Ærø"),
            value_row(geo_level="region", geo_code=REGION_CODE, geo_name="Region Midtjylland"),
        ]
    )
    board = queries.dashboard(
        queries.Selection(
            run=run,
            indicator="acute_admissions",
            sector="somatik",
            period_type="month",
            geo_level="region",
            geo_code=REGION_CODE,
            period="2022-01",
            public=False,
        )
    )
    assert [cell.label for cell in board.municipalities][: len(region)] == ALL_DANISH


def test_the_public_index_lists_clusters_and_municipalities_in_danish_order(region, settings):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    clusters = public._clusters()
    assert [cluster for cluster, _m in clusters] == [
        "Aarhusklyngen",
        "Egåklyngen",
        "Ærøklyngen",
        "østklyngen",
        "Åbyklyngen",
    ]
    assert [m.name for m in clusters[0][1]] == DANISH


def test_a_municipalitys_public_page_compares_its_cluster_in_danish_order(
    region, make_run, settings
):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    run = make_run([value_row(geo_code="800", geo_name="Ærø")])
    page = public.build(run, region[0])
    assert [name for level, _code, name in page["places"] if level == "municipality"] == DANISH


def test_a_decks_hand_entered_measures_of_an_initiative_are_in_danish_order(plan):
    initiative = plan.initiatives_by_key["shared"]
    for name in ["Ærø-tal", "Andel", "Åbne senge", "ønsket tid", "Østjylland", "Éngang"]:
        indicator_actions.create_manual_indicator(initiative, by="t", name=name, unit="%")
    charts = deck.indicator_charts([initiative.pk])
    assert [chart.name for chart in charts] == [
        "Andel",
        "Éngang",
        "Ærø-tal",
        "ønsket tid",
        "Østjylland",
        "Åbne senge",
    ]
