"""The portfolio search ignores the case of Danish letters (æ, ø, å) as it does of a–z, on
SQLite as on PostgreSQL, and takes ``%`` and ``_`` in the search text literally."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db

TITLES = {
    "aarhus": "Sundhedshus i Århus",
    "economy": "Økonomi og styring i psykiatrien",
    "budget": "Bedre overblik over økonomien",
    "aeroe": "Færgeforbindelse til Ærø",
    "percent": "Ventetid ned med 50% på et år",
    "five_hundred": "Plads til 500 patienter",
    "underscore": "Kode AB_12 i indberetningen",
    "letter": "Kode ABX12 i indberetningen",
}


@pytest.fixture
def titled(plan: Any) -> dict[str, Any]:
    area = plan.areas_by_slug["personale"]
    return {
        key: actions.create_initiative(plan, by="t", title=title, areas=[area])
        for key, title in TITLES.items()
    }


def _titles_found(client: Any, q: str) -> set[str]:
    response = client.get(reverse("portfolio:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    page = response.content.decode()
    return {key for key, title in TITLES.items() if title in page}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("århus", {"aarhus"}),
        ("ÅRHUS", {"aarhus"}),
        ("ØKONOMI", {"economy", "budget"}),
        ("økonomi", {"economy", "budget"}),
        ("ærø", {"aeroe"}),
        ("FÆRGEFORBINDELSE ærø", {"aeroe"}),  # every word, any case
    ],
)
def test_the_search_ignores_the_case_of_danish_letters(
    client: Any, users: Any, titled: Any, q: str, expected: set[str]
) -> None:
    client.force_login(users["admin"])
    assert _titles_found(client, q) == expected


def test_percent_and_underscore_in_the_search_text_are_taken_literally(
    client: Any, users: Any, titled: Any
) -> None:
    client.force_login(users["admin"])
    assert _titles_found(client, "50%") == {"percent"}
    assert _titles_found(client, "ab_12") == {"underscore"}
    assert _titles_found(client, "%") == {"percent"}
    assert _titles_found(client, "_") == {"underscore"}
