"""Journey: a coordinator logs in, opens the winter plan and records a status."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=False)


def test_coordinator_records_a_status_and_sees_it_on_the_plan_page(
    page, live_server, demo_data, login
):
    login("koordinator")
    shot(page, "plan-list")
    page.get_by_role("link", name="360 graders plan – vinterplan 2021/22").click()
    page.wait_for_selector("h1:has-text('360 graders plan')")
    for section in [
        "Personale (særligt fokus på senge-/akutafdelinger)",
        "Praktiserende læger",
        "Hospitaler",
        "Kommuner",
        "Patientkontoret",
    ]:
        assert page.locator("h2", has_text=section).count() == 1
    shot(page, "plan-page")
    page.locator(
        "a.initiative-title", has_text="Yderligere brug af uddannede sygeplejefaglige vagter"
    ).first.click()
    page.get_by_role("link", name="Registrér status").click()
    text = (
        "HR-forum godkendte 16. december, at der uddannes flere SPV'er. "
        "Første hold starter i marts."
    )
    page.locator("#id_text").fill(text)
    page.locator("#id_phase").select_option("udbredelse")
    shot(page, "status-form")
    page.get_by_role("button", name="Registrér status").click()
    page.wait_for_selector(".message")
    assert page.locator(".timeline li").first.inner_text().count("Første hold starter i marts") == 1
    page.get_by_role("link", name="360 graders plan – vinterplan 2021/22").first.click()
    row = page.locator("tr", has_text="Første hold starter i marts")
    assert row.count() == 1
    assert "Udbredelse" in row.inner_text()
    shot(page, "plan-page-after")


def test_a_form_error_is_shown_in_danish_and_the_text_is_kept(page, live_server, demo_data, login):
    login("koordinator")
    page.goto(f"{live_server.url}/search/?q=SPV")
    page.locator("#results a", has_text="SPV").first.click()
    page.get_by_role("link", name="Registrér status").click()
    page.locator("#id_text").fill("Et udkast jeg ikke vil miste")
    page.locator("#id_status_date").fill("")
    page.get_by_role("button", name="Registrér status").click()
    # (a web-first assertion: it waits for the answer, where count() would read the old page)
    expect(page.locator(".error:has-text('Angiv'), .field.has-error").first).to_be_visible()
    assert page.locator("#id_text").input_value() == "Et udkast jeg ikke vil miste"
