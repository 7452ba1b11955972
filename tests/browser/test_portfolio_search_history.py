"""Journey: a coordinator narrows the initiative search, opens a result and goes back; each
step back shows the page with the filters that gave the results on the screen."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db(transaction=True)

COUNTS = {("sygeplejersker", ""): "2 indsatser fundet", ("sygeplejersker", "drift"): "1 indsats"}


def _filters(page) -> tuple[str, str, str]:
    return (
        page.locator("#id_q").input_value(),
        page.locator("#id_phase").input_value(),
        page.locator("#id_sort").input_value(),
    )


def _filters_in_address(url: str) -> tuple[str, str, str]:
    query = parse_qs(urlparse(url).query)
    return (
        query.get("q", [""])[0],
        query.get("phase", [""])[0],
        query.get("sort", [""])[0] or "title",
    )


def test_going_back_through_a_search_shows_the_filters_of_the_results(
    page, live_server, plan, users, login
):
    area = plan.areas_by_slug["personale"]
    for title, phase in [
        ("Sygeplejersker i akutmodtagelsen", "udvikling"),
        ("Sygeplejersker på nattevagt", "drift"),
        ("Ørelæger på tværs", "drift"),
    ]:
        actions.create_initiative(plan, by="t", title=title, areas=[area], phase=phase)
    login("koordinator", "pw")
    page.goto(f"{live_server.url}/search/")
    count = page.locator(".result-count")
    page.locator("#id_q").press_sequentially("sygeplejersker")
    expect(count).to_contain_text("2 indsatser fundet")
    page.locator("#id_phase").select_option("drift")
    expect(count).to_contain_text("1 indsats fundet")
    page.locator("#id_sort").select_option("phase")
    page.wait_for_url("**sort=phase**")
    page.locator("#results a", has_text="nattevagt").click()
    expect(page.locator("h1")).to_have_text("Sygeplejersker på nattevagt")

    seen = []
    for _step in range(8):
        page.go_back()
        expect(page.locator("h1")).to_have_text("Søg i indsatser")
        wanted = _filters_in_address(page.url)
        if wanted[0] != "sygeplejersker":
            break  # back before the search text was typed
        expect(page.locator("#id_sort")).to_have_value(wanted[2])
        expect(page.locator("#id_phase")).to_have_value(wanted[1])
        assert _filters(page) == wanted
        expect(count).to_contain_text(COUNTS[wanted[:2]])
        seen.append(wanted)
    assert ("sygeplejersker", "drift", "phase") in seen
    assert ("sygeplejersker", "drift", "title") in seen
    assert ("sygeplejersker", "", "title") in seen


def test_search_text_pasted_or_filled_in_without_keys_updates_the_results(
    page, live_server, plan, users, login
):
    """Pasting with the mouse or choosing a text the browser suggests sends no key press; the
    results follow the text all the same."""
    login("koordinator", "pw")
    page.goto(f"{live_server.url}/search/")
    count = page.locator(".result-count")
    expect(count).to_contain_text("2 indsatser fundet")
    page.locator("#id_q").fill("SPV")  # an input event, no key
    expect(count).to_contain_text("1 indsats fundet")
    expect(page).to_have_url(re.compile(r"q=SPV"))


def test_typing_a_search_then_choosing_a_filter_makes_one_history_entry_per_search(
    page, live_server, plan, users, login
):
    """Leaving the search box for a filter (a ``change`` of the box) asks again for the
    search already on the screen; that is no new step for the back button."""
    area = plan.areas_by_slug["personale"]
    for title, phase in [
        ("Sygeplejersker i akutmodtagelsen", "udvikling"),
        ("Sygeplejersker på nattevagt", "drift"),
    ]:
        actions.create_initiative(plan, by="t", title=title, areas=[area], phase=phase)
    login("koordinator", "pw")
    page.goto(f"{live_server.url}/search/")
    start = page.evaluate("history.length")
    count = page.locator(".result-count")
    page.locator("#id_q").press_sequentially("sygeplejersker")
    expect(count).to_contain_text("2 indsatser fundet")
    page.wait_for_url("**q=sygeplejersker**")
    page.locator("#id_phase").focus()  # the search box loses focus: its change event
    page.wait_for_load_state("networkidle")
    page.locator("#id_phase").select_option("drift")
    expect(count).to_contain_text("1 indsats fundet")
    page.wait_for_url("**phase=drift**")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("history.length") == start + 2

    page.go_back()
    expect(page).to_have_url(re.compile(r"q=sygeplejersker"))
    assert "phase=drift" not in page.url
    expect(page.locator("#id_phase")).to_have_value("")
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/search/")
