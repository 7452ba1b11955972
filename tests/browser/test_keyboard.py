"""Keyboard journeys: recording a status, issuing a report and answering an update round with
the keyboard alone (Tab, typing, Enter), on a phone-sized screen, with a visible focus."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 400


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``; it must show a focus mark."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            visible = page.evaluate(
                """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle !== 'none' && s.outlineWidth !== '0px'
                          || s.boxShadow !== 'none'; }"""
            )
            assert visible, f"{selector} has no visible focus"
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_status_report_and_round_answer_with_the_keyboard_alone(
    page, live_server, demo_data, login
) -> None:
    from fremdrift.reports.models import IssuedReport

    page.set_viewport_size({"width": 390, "height": 844})
    login("koordinator")

    # Record a status.
    page.goto(f"{live_server.url}/plans/vinterplan-2021/")
    tab_to(page, "a.initiative-title")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1")
    tab_to(page, "a[href$='/status/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_text")
    tab_to(page, "#id_text")
    page.keyboard.type("Status skrevet med tastaturet alene.")
    tab_to(page, "button[type=submit].primary")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message")
    assert "Status skrevet med tastaturet alene." in page.locator(".timeline li").first.inner_text()

    # Issue a report.
    issued = IssuedReport.objects.count()
    page.goto(f"{live_server.url}/reports/plans/vinterplan-2021/")
    tab_to(page, "#issue-title")
    page.keyboard.type("HMU 10. december 2021")
    tab_to(page, ".issue-form button[type=submit]")
    page.keyboard.press("Enter")
    # The test backend renders the deck inside the request: allow for a loaded machine.
    page.wait_for_url(re.compile(r"/jobs/|#issued-"), timeout=90_000)
    assert IssuedReport.objects.count() == issued + 1

    # Answer an update round.
    page.context.clear_cookies()
    login("redaktoer")
    page.goto(f"{live_server.url}/followup/mine/")
    tab_to(page, "#owed tbody a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_text")
    tab_to(page, "#id_text")
    page.keyboard.press("Control+A")
    page.keyboard.type("Svar på statusrunden, skrevet med tastaturet.")
    tab_to(page, "button[name=kind][value=status]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message:has-text('Din opdatering er registreret')")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
