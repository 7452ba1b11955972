"""A user makes an API token in Chromium, copies it once, uses it, and revokes it."""

from __future__ import annotations

import os

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def test_a_token_is_shown_once_listed_and_revoked(page, live_server, users, login):
    login("laeser", "pw")
    page.get_by_role("link", name="laeser").click()
    page.wait_for_selector("h1:has-text('API-nøgler')")
    assert "Du har endnu ingen nøgler." in page.content()
    page.get_by_label("Navn").fill("Power BI")
    page.get_by_label("Dage til den udløber").fill("30")
    page.get_by_role("button", name="Lav en nøgle").click()
    secret = page.get_by_label("Nøgle", exact=True).input_value()
    assert secret.startswith("fdr_")
    assert "kun denne ene gang" in page.get_by_role("alert").inner_text()
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "api-token-new.png"), full_page=True)

    api = Client()
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200

    page.goto(f"{live_server.url}/accounts/token/")
    assert secret not in page.content()
    row = page.locator("table.tokens tbody tr", has_text="Power BI")
    assert "aktiv" in row.inner_text() and secret[:12] in row.inner_text()
    # at 1280 px the whole row, its button included, is in view: no sideways scrolling
    scroller = page.locator(".table-scroll", has=page.locator("table.tokens"))
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    row.get_by_role("button", name="Tilbagekald nøglen Power BI").click()
    page.wait_for_selector(".message")
    assert "tilbagekaldt" in page.locator("table.tokens tbody tr", has_text="Power BI").inner_text()
    assert api.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401
