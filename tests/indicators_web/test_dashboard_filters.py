"""The dashboard's choices say what is shown, and survive: a choice the page cannot honour
changes that choice alone, and the chosen view (over time, by municipality …) stays after
"Vis" and a reload."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role, UnitKind
from tests.indicators_web.indicators_web_helpers import suppression_rows, value_row

pytestmark = pytest.mark.django_db


def _selected(html: str, name: str) -> str | None:
    """The value the page's list box ``name`` shows as chosen."""
    box = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert box, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', box.group(1))
    return chosen.group(1) if chosen else None


def _psychiatry_rows() -> list[dict]:
    return [
        value_row(
            indicator="readmission_7d",
            sector="psykiatri",
            geo_level="region",
            geo_code="RM",
            geo_name="RM",
            numerator=3,
            denominator=30,
            value=0.1,
        ),
        value_row(sector="psykiatri", geo_level="region", geo_code="RM", geo_name="RM"),
    ]


def test_seven_day_readmissions_show_psychiatry_and_the_sector_box_says_so(client, users, make_run):
    make_run(suppression_rows() + _psychiatry_rows())
    client.force_login(users["analyst"])
    response = client.get(
        reverse("indicators:dashboard") + "?indicator=readmission_7d&sector=somatik",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert "Genindlæggelser inden for 7 dage, Psykiatri" in html
    assert _selected(html, "sector") == "psykiatri"


@pytest.fixture
def randers_partner(units, make_user):
    randers = core_actions.create_unit(
        by="test",
        name="Randers Kommune",
        short_name="Randers",
        kind=UnitKind.MUNICIPALITY,
        parent=units["cluster"],
    )
    return make_user("randers", Role.MUNICIPALITY_PARTNER, unit=randers)


def test_a_place_a_partner_may_not_see_changes_the_place_alone(client, randers_partner, make_run):
    """An analyst's link for Aarhus, opened by Randers: the indicator, sector and month
    asked for stay; the place falls back to the region (and the box says so)."""
    make_run(suppression_rows() + _psychiatry_rows())
    client.force_login(randers_partner)
    response = client.get(
        reverse("indicators:dashboard")
        + "?indicator=acute_admissions&sector=psykiatri&period=2022-01&geo=municipality:751",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    selection = response.context["board"].selection
    assert (selection.indicator, selection.sector) == ("acute_admissions", "psykiatri")
    assert (selection.geo_level, selection.geo_code) == ("region", "RM")
    html = response.content.decode()
    assert _selected(html, "indicator") == "acute_admissions"
    assert _selected(html, "sector") == "psykiatri"
    assert _selected(html, "geo") == "region:RM"
    assert "Aarhus" not in html


def _tab(html: str) -> str:
    selected = re.findall(r'aria-controls="([a-z]+)" aria-selected="true"', html)
    assert len(selected) == 1, selected
    return selected[0]


def test_the_chosen_view_is_kept_in_the_address_and_the_form(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["analyst"])
    url = reverse("indicators:dashboard")
    html = client.get(url).content.decode()
    assert _tab(html) == "series"
    assert re.search(r'<input type="hidden" name="tab" value="series"', html)
    html = client.get(url + "?period=2022-01&tab=municipalities").content.decode()
    assert _tab(html) == "municipalities"
    assert re.search(r'<input type="hidden" name="tab" value="municipalities"', html)
    # the municipalities' view opens on the municipalities unless another view is asked for
    municipal = reverse("indicators:municipalities")
    assert _tab(client.get(municipal).content.decode()) == "municipalities"
    assert _tab(client.get(municipal + "?tab=clusters").content.decode()) == "clusters"
    # an unknown view is no error: the page's own first view shows
    assert _tab(client.get(url + "?tab=nonsense&period=2022-01").content.decode()) == "series"
