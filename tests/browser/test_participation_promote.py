"""A coordinator on a phone scores a candidate, promotes it into the long-list's plan (only
that plan's areas are offered), and its scores then stay as they were decided."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.participation import actions
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"


def test_a_coordinator_scores_and_promotes_a_candidate_on_a_phone(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    other = portfolio_actions.create_plan(by=ACTOR, slug="aarsplan", title="Årsplan 2022")
    portfolio_actions.create_area(other, by=ACTOR, title="Spor 1: Rekruttering")
    core_actions.grant_role(by=ACTOR, user=users["coordinator"], role=Role.COORDINATOR, plan=other)
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    candidate = actions.add_candidate(long_list, by=ACTOR, title="Psyko-bussen")

    page.set_viewport_size({"width": 390, "height": 844})
    login("koordinator", "pw")
    page.goto(f"{live_server.url}{long_list.get_absolute_url()}")
    row = page.locator(f"#candidate-{candidate.pk}")
    row.get_by_label("Effekt: Psyko-bussen").fill("4")
    row.get_by_label("Gennemførlighed: Psyko-bussen").fill("2")
    row.get_by_role("button", name="Gem score: Psyko-bussen").click()
    page.wait_for_url(f"**{long_list.get_absolute_url()}#candidate-{candidate.pk}")
    assert "Farver:" in page.locator("figcaption").inner_text()

    page.locator(f"#candidate-{candidate.pk}").get_by_role("link", name="Gør til indsats").click()
    assert page.get_by_label("Hospitaler").is_visible()
    assert page.get_by_label("Spor 1: Rekruttering").count() == 0
    page.get_by_label("Hospitaler").check()
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/initiatives/**")

    page.goto(f"{live_server.url}{long_list.get_absolute_url()}")
    row = page.locator(f"#candidate-{candidate.pk}")
    assert row.locator("input[type=number]").count() == 0
    assert "4 / 2" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
