"""Notices carry the design system's icon of their kind: the notice that an unsaved text was
filled in again (made by the page's script) and the message after saving."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")
TEXT = "Første hold SPV'er starter i marts."


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=False)


def _icon_beside_text(alert: Any, kind: str, label: str) -> None:
    """The alert shows its kind's icon from the sprite, left of its text, named for screen
    readers."""
    icon = alert.locator("svg.alert-icon")
    expect(icon).to_have_count(1)
    expect(icon).to_be_visible()
    assert icon.locator("use").get_attribute("href").endswith(f"all-svg-icons.svg#{kind}")
    assert icon.get_attribute("role") == "img" and icon.get_attribute("aria-label") == label
    box, text = icon.bounding_box(), alert.locator(".alert-text").bounding_box()
    assert box["width"] >= 16 and box["height"] >= 16
    assert box["x"] + box["width"] <= text["x"]  # in the left padding, not over the text


def test_the_draft_notice_and_the_message_after_saving_show_their_icons(
    page, live_server, demo_data, login
):
    initiative = Initiative.objects.filter(plan__slug="vinterplan-2021").order_by("pk").first()
    form = f"{live_server.url}/initiatives/{initiative.pk}/status/"
    login("koordinator")
    page.goto(form)
    page.locator("#id_text").fill(TEXT)
    page.goto(f"{live_server.url}/plans/")  # left without sending
    page.goto(form)
    notice = page.locator(".draft-notice")
    expect(notice).to_be_visible()
    _icon_beside_text(notice, "info", "Information")
    shot(page, "alert-draft-notice")

    page.get_by_role("button", name="Registrér status").click()
    message = page.locator(".messages .alert")
    expect(message).to_be_visible()
    assert "alert-success" in message.get_attribute("class")
    # the design system's colours of a success, like its icon
    expect(message).to_have_css("background-color", "rgb(221, 247, 206)")
    _icon_beside_text(message, "success", "Succes")
    shot(page, "alert-message-success")


def test_an_error_message_has_the_error_look_and_icon(page, live_server, demo_data, login):
    from fremdrift.indicators.models import IndicatorRun

    run = IndicatorRun.objects.filter(status="published").order_by("pk").first()
    login("analytiker")
    page.goto(f"{live_server.url}{run.get_absolute_url()}")
    # published already: publishing it again (an old tab's button) is refused with a message
    page.evaluate(
        "url => { const f = document.createElement('form'); f.method = 'post'; f.action = url;"
        " f.appendChild(document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode());"
        " document.body.appendChild(f); f.submit(); }",
        f"{run.get_absolute_url()}publish/",
    )
    message = page.locator(".messages .alert")
    expect(message).to_be_visible()
    assert "alert-error" in message.get_attribute("class")
    expect(message).to_have_css("background-color", "rgb(255, 224, 224)")
    expect(message).to_have_css(
        "background-image", "linear-gradient(90deg, rgb(204, 0, 0) 4px, rgba(0, 0, 0, 0) 0px)"
    )
    _icon_beside_text(message, "error", "Fejl")
    shot(page, "alert-message-error")
