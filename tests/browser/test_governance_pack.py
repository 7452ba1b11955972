"""The meeting pack on screen, read by a forum member."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_open_action_items_have_a_readable_header(page, live_server, demo_data, login):
    """The header of the action items' table is white text: it needs the dark background."""
    login("koordinator")
    page.goto(f"{live_server.url}/governance/meetings/")
    page.get_by_role("link", name="10. december 2021").first.click()
    page.get_by_role("link", name="Mødemateriale", exact=True).click()
    header = page.locator("#pack-actions thead th").first
    assert header.inner_text() == "Handling"
    colour, background = header.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert colour == "rgb(255, 255, 255)"
    assert background not in ("rgba(0, 0, 0, 0)", "transparent", colour)
