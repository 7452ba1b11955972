"""Journey: before the meeting an editor answers the update round; the coordinator sees it."""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def _reported(page) -> tuple[int, int]:
    text = page.locator("#progress-summary").inner_text()
    match = re.search(r"(\d+) af (\d+) indrapporteret", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def _open_progress(page, live_server) -> tuple[int, int]:
    page.goto(f"{live_server.url}/plans/vinterplan-2021/")
    page.get_by_role("link", name="Statusrunder").click()
    page.get_by_role("link", name="Status til Koncernledelsen").click()
    page.wait_for_selector("#progress-summary")
    return _reported(page)


def test_editor_answers_and_the_coordinator_sees_the_progress(page, live_server, demo_data, login):
    login("koordinator")
    before, total = _open_progress(page, live_server)
    shot(page, "followup-progress-before")
    page.context.clear_cookies()

    login("redaktoer")
    page.get_by_role("link", name="Mine opdateringer").click()
    page.wait_for_selector("h1:has-text('Mine opdateringer')")
    owed = page.locator("#owed tbody tr")
    n_owed = owed.count()
    assert n_owed >= 2
    shot(page, "followup-mine")

    first_request = owed.nth(0).get_attribute("data-request")
    owed.nth(0).locator("a").first.click()
    page.get_by_role("button", name="Bekræft uændret").click()
    page.wait_for_selector(".message:has-text('Registreret som uændret')")
    assert page.locator("#owed tbody tr").count() == n_owed - 1
    answered = page.locator(f'#answered tr[data-request="{first_request}"]')
    assert "Uændret" in answered.inner_text()

    page.locator("#owed tbody tr").nth(0).locator("a").first.click()
    page.locator("#id_text").fill("Første hold SPV'er starter i marts. Midler er afsat.")
    page.locator("#id_phase").select_option("implementering")
    shot(page, "followup-answer")
    page.get_by_role("button", name="Indsend status").click()
    page.wait_for_selector(".message:has-text('Din opdatering er registreret')")
    assert page.locator("#owed tbody tr").count() == n_owed - 2
    shot(page, "followup-mine-after")
    page.context.clear_cookies()

    login("koordinator")
    after, total_after = _open_progress(page, live_server)
    assert (after, total_after) == (before + 2, total)
    row = page.locator(f'#by-initiative tr[data-request="{first_request}"]')
    assert "Uændret" in row.inner_text() and "Indrapporteret" in row.inner_text()
    shot(page, "followup-progress-after")


def test_initiative_page_and_heatmap_show_local_implementation(page, live_server, demo_data, login):
    login("koordinator")
    page.goto(f"{live_server.url}/plans/vinterplan-2021/")
    assert page.locator(".row-note", has_text="Lokalt: 1 af 1 enheder i").count() >= 3
    page.get_by_role("link", name="Lokal implementering").click()
    page.wait_for_selector("#heatmap")
    table = page.locator("#heatmap")
    assert table.locator("td", has_text="Implementering").count() >= 1
    shot(page, "followup-heatmap")
    table.get_by_role("link", name=re.compile("overblik", re.I)).first.click()
    page.wait_for_selector("#local-status")
    assert page.locator("svg.radar").count() >= 1
    shot(page, "followup-initiative")
