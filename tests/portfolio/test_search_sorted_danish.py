"""Lists sorted by title follow the Danish alphabet, on SQLite as on PostgreSQL: A–Z, then
Æ, Ø, Å; small and capital letters together; é with e."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db

DANISH_ORDER = ["Akut", "Zoneterapi", "Ægteskab", "Øresund", "Århus"]


def _titles_in_page(html: str, titles: list[str]) -> list[str]:
    found = {title: html.find(f">{title}</a>") for title in titles}
    assert all(place >= 0 for place in found.values()), found
    return sorted(titles, key=found.__getitem__)


def _search(client: Any, **params: str) -> str:
    response = client.get(reverse("portfolio:search"), params, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def alphabet(plan: Any) -> list[str]:
    area = plan.areas_by_slug["personale"]
    for title in reversed(DANISH_ORDER):
        actions.create_initiative(
            plan, by="t", title=title, areas=[area], description="Sorteringsprøve"
        )
    return DANISH_ORDER


@pytest.mark.parametrize("sort", ["title", "plan", "phase", "-status_date", "status_date"])
def test_a_search_sorted_by_title_follows_the_danish_alphabet(
    client: Any, users: Any, alphabet: list[str], sort: str
) -> None:
    """Sorted by title, and by title within a plan, phase or status date (all the same here)."""
    client.force_login(users["admin"])
    html = _search(client, q="Sorteringsprøve", sort=sort)
    assert _titles_in_page(html, alphabet) == DANISH_ORDER


def test_small_and_capital_letters_and_accents_sort_together(
    client: Any, users: Any, plan: Any
) -> None:
    area = plan.areas_by_slug["personale"]
    expected = ["abonnement", "Ebola", "édition", "Epidemi", "zink", "æble", "Ølejr", "åben"]
    for title in reversed(expected):
        actions.create_initiative(
            plan, by="t", title=title, areas=[area], description="Sorteringsprøve"
        )
    client.force_login(users["admin"])
    html = _search(client, q="Sorteringsprøve")  # sorted by title unless asked otherwise
    assert _titles_in_page(html, expected) == expected


def test_the_plan_list_sorts_plans_of_a_period_by_the_danish_alphabet(
    client: Any, users: Any, plan: Any
) -> None:
    titles = ["Akutplan", "Zoneplan", "Ærøplan", "Østplan", "Åplan"]
    for number, title in enumerate(reversed(titles)):
        actions.create_plan(by="t", slug=f"plan-{number}", title=title)
    client.force_login(users["admin"])
    html = client.get(reverse("portfolio:plan-list"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    places = {title: html.find(title) for title in titles}
    assert all(place >= 0 for place in places.values()), places
    assert sorted(titles, key=places.__getitem__) == titles
