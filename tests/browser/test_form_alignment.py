"""Forms under a page's heading line up with it; the login box stays centred."""

from __future__ import annotations

from typing import Any


def _left(page: Any, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().left")


def test_a_narrow_form_lines_up_with_its_heading_and_the_login_box_is_centred(
    page, live_server, demo_data, login
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    box = page.locator("div.narrow").first.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return [r.left, document.documentElement.clientWidth - r.right]; }"
    )
    assert abs(box[0] - box[1]) < 2  # centred
    login("koordinator")
    page.goto(f"{live_server.url}/participation/plans/vinterplan-2021/long-lists/")
    heading = _left(page, "main h2")
    form = _left(page, "form.stacked.narrow")
    assert abs(form - heading) < 2, (form, heading)
