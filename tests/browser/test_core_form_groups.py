"""A group of checkboxes is a fieldset named by its legend, described by its help text and
its error, and it fits a phone (390 px) with the design system's styles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fremdrift.governance import actions as governance_actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for box in page.locator("main input[type=checkbox]").all():
        size = box.bounding_box()
        assert size is not None and size["width"] >= 12 and size["x"] >= 0
        assert size["x"] + size["width"] <= 390


def test_a_group_of_checkboxes_is_named_by_its_legend_and_described_by_its_help_on_a_phone(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login("admin", "pw")
    page.goto(f"{live_server.url}/governance/forums/new/")
    group = page.get_by_role("group", name="Planer, som forummet betjener")
    assert group.count() == 1
    help_id = group.get_attribute("aria-describedby")
    assert "åbne for planernes brugere" in page.locator(f"#{help_id}").inner_text()
    assert page.locator("main label[for='']").count() == 0
    group.get_by_label("Vinterplan").check()  # each box keeps its own label
    assert group.get_by_label("Vinterplan").is_checked()
    _fits(page)


def test_the_error_of_a_group_is_inside_it_and_describes_it_on_a_phone(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    forum = governance_actions.create_forum(by=ACTOR, short_name="AL", name="AL", plans=[plan])
    meeting = governance_actions.create_meeting(forum, by=ACTOR, date=dt.date(2030, 3, 1))
    page.set_viewport_size({"width": 390, "height": 844})
    login("admin", "pw")
    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}/prepare/")
    group = page.get_by_role("group", name="Planer, der skal indhentes status for")
    for box in group.locator("input[type=checkbox]").all():
        box.uncheck()
    page.get_by_role("button", name="Åbn statusrunder").click()
    group = page.get_by_role("group", name="Planer, der skal indhentes status for")
    error = group.locator(f"#{group.get_attribute('aria-describedby')}")
    assert error.inner_text() == "Vælg de planer, der skal indhentes status for."
    assert error.is_visible()
    _fits(page)
