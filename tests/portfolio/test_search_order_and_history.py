"""The initiative search sorts phases along an initiative's life, not by their names, and a
filtered search comes back with its filters when the browser goes back to it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db

PHASES = ["drift", "afprøvning", "udvikling", "afdækning", "udbredelse"]


def _phases_in_order(html: str) -> list[str]:
    return re.findall(r'<span class="phase phase-([^" ]+)">', html)


def test_sorting_by_phase_follows_the_life_of_an_initiative(client: Any, users: Any, plan: Any):
    area = plan.areas_by_slug["personale"]
    for phase in PHASES:
        actions.create_initiative(
            plan, by="t", title=f"Fasetest {phase}", areas=[area], phase=phase
        )
    client.force_login(users["admin"])
    html = client.get(
        reverse("portfolio:search"), {"q": "Fasetest", "sort": "phase"}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert _phases_in_order(html) == ["afdækning", "udvikling", "afprøvning", "udbredelse", "drift"]


def test_a_search_restored_from_the_browser_history_is_the_whole_page_with_its_filters(
    client: Any, users: Any, plan: Any
):
    client.force_login(users["admin"])
    response = client.get(
        reverse("portfolio:search"),
        {"q": "SPV", "phase": "implementering"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert "<h1>Søg i indsatser</h1>" in html
    assert re.search(r'<input type="text" name="q" value="SPV"', html)
    assert '<option value="implementering" selected>' in html
    assert "1 indsats fundet" in html


def test_the_search_page_keeps_no_stale_copy_of_itself_for_the_back_button(
    client: Any, users: Any, plan: Any
):
    """htmx's copy of the page keeps the results but not what was typed or chosen in the
    filters; the page asks for itself anew instead."""
    client.force_login(users["admin"])
    html = client.get(reverse("portfolio:search"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert 'hx-history="false"' in html


def test_an_htmx_filter_request_still_gets_only_the_results(client: Any, users: Any, plan: Any):
    client.force_login(users["admin"])
    html = client.get(
        reverse("portfolio:search"), {"q": "SPV"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "<h1>" not in html
    assert "1 indsats fundet" in html


def test_the_search_answer_says_it_differs_for_htmx_so_the_back_button_gets_the_page(
    client: Any, users: Any, plan: Any
):
    """Without ``Vary``, the browser takes the cached results-only answer of a filter for
    the page when the user comes back to its address: a bare table without the page."""
    client.force_login(users["admin"])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(reverse("portfolio:search"), {"q": "SPV"}, **headers)
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        assert {"hx-request", "hx-history-restore-request"} <= vary


def test_the_area_filter_names_each_areas_plan_by_its_title_not_its_code(
    client: Any, users: Any, plan: Any
):
    client.force_login(users["admin"])
    html = client.get(reverse("portfolio:search"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    select = re.search(r'<select name="area"[^>]*>(.*?)</select>', html, re.S).group(1)
    personale = plan.areas_by_slug["personale"].pk
    assert '<optgroup label="Vinterplan">' in select
    assert re.search(rf'<option value="{personale}">Personale</option>', select)
    assert "vinter:" not in select


def test_an_area_chosen_in_the_filter_stays_chosen(client: Any, users: Any, plan: Any):
    client.force_login(users["admin"])
    area = plan.areas_by_slug["hospitaler"]
    html = client.get(
        reverse("portfolio:search"), {"area": area.pk}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert f'<option value="{area.pk}" selected>Hospitaler</option>' in html
    assert "1 indsats fundet" in html
