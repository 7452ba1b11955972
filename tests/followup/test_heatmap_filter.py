"""The heatmap's plan and area filters agree: an area of another plan is refused at the field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_plan(local_plan, units):
    other = portfolio_actions.create_plan(by="t", slug="psyk", title="Årsplan psykiatri")
    track = portfolio_actions.create_area(other, by="t", title="Spor 1")
    portfolio_actions.create_initiative(
        other,
        by="t",
        title="Recovery-orienteret praksis",
        areas=[track],
        units={"local": [units["hospital"]]},
    )
    other.track = track
    return other


def _get(client, **params) -> str:
    response = client.get(reverse("followup:heatmap"), params)
    assert response.status_code == 200
    return response.content.decode()


def _area_options(html: str) -> list[str]:
    select = re.search(r'<select name="area".*?</select>', html, re.S)
    assert select
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def test_an_area_of_another_plan_is_refused_at_the_area_field(
    client, local_plan, other_plan, people
):
    client.force_login(people["admin"])
    html = _get(client, plan=local_plan.slug, area=other_plan.track.pk)
    field = re.search(r'<div class="field has-error">.*?</div>', html, re.S)
    assert field, "the area field shows an error"
    assert "id_area" in field.group(0)
    assert "Området “Spor 1” hører ikke til planen “Vinterplan”." in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    # The plan filter still holds: the plan's initiatives, not the other plan's.
    assert "Overblik over akut kapacitet" in html
    assert "Recovery-orienteret praksis" not in html
    # What can be chosen instead: the plan's own areas.
    plan_areas = ["Alle områder", "Vinterplan: Personale", "Vinterplan: Hospitaler"]
    assert _area_options(html) == plan_areas


def test_with_a_plan_chosen_only_its_areas_are_offered(client, local_plan, other_plan, people):
    client.force_login(people["admin"])
    options = _area_options(_get(client, plan=local_plan.slug))
    assert options == ["Alle områder", "Vinterplan: Personale", "Vinterplan: Hospitaler"]
    everything = _area_options(_get(client))
    assert "Årsplan psykiatri: Spor 1" in everything and "Vinterplan: Personale" in everything


def test_an_area_of_the_chosen_plan_filters_as_before(client, local_plan, other_plan, people):
    client.force_login(people["admin"])
    html = _get(client, plan=local_plan.slug, area=local_plan.areas_by_slug["hospitaler"].pk)
    assert "has-error" not in html
    assert "Overblik over akut kapacitet" in html
    html = _get(client, area=other_plan.track.pk)  # an area alone: its plan is implied
    assert "Recovery-orienteret praksis" in html and "Overblik over akut kapacitet" not in html
