"""Every search of the product ignores the case of Danish letters, whichever database runs
it: the fix is made once for every SQLite connection (core/database.py), so the API's and
the meeting list's searches find "Århus" for "århus" as the portfolio search does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from fremdrift.governance import actions as governance_actions
from fremdrift.portfolio import actions
from tests.conftest import api_token_for, client_for

pytestmark = pytest.mark.django_db


def test_the_api_search_of_initiatives_ignores_the_case_of_danish_letters(
    users: Any, plan: Any
) -> None:
    area = plan.areas_by_slug["personale"]
    actions.create_initiative(plan, by="t", title="Sundhedshus i Århus", areas=[area])
    actions.create_initiative(plan, by="t", title="Bedre økonomi i psykiatrien", areas=[area])
    actions.create_initiative(plan, by="t", title="Ventetid ned med 50%", areas=[area])
    actions.create_initiative(plan, by="t", title="Plads til 500 patienter", areas=[area])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(users['reader'])}")

    def titles(q: str) -> list[str]:
        response = api.get("/api/v1/initiatives/", {"q": q})
        assert response.status_code == 200, response.content
        return sorted(i["title"] for i in response.json()["results"])

    assert titles("århus") == ["Sundhedshus i Århus"]
    assert titles("ØKONOMI") == ["Bedre økonomi i psykiatrien"]
    assert titles("50%") == ["Ventetid ned med 50%"]


def test_the_meeting_search_ignores_the_case_of_danish_letters(
    users: Any, plan: Any, units: Any
) -> None:
    forum = governance_actions.create_forum(
        by="t", short_name="HL", name="Hospitalsledelsen", unit=units["region"], plans=[plan]
    )
    governance_actions.create_meeting(
        forum, by="t", date=dt.date(2026, 3, 2), title="Temamøde", place="Ærøskøbing Rådhus"
    )
    governance_actions.create_meeting(
        forum, by="t", date=dt.date(2026, 3, 9), title="Temamøde", place="Aarhus Rådhus"
    )
    page = (
        client_for(users["admin"])
        .get("/governance/meetings/", {"q": "ÆRØSKØBING"}, HTTP_ACCEPT_LANGUAGE="da")
        .content.decode()
    )
    assert "Ærøskøbing Rådhus" in page
    assert "Aarhus Rådhus" not in page
