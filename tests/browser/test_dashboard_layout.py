"""The dashboard's choices can be read at the common laptop widths: the chosen run (its data
time and when it was published) is not cut off, and nothing spills out on a phone."""

from __future__ import annotations

import os
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")

# How much room the chosen option's text needs beside the room the list box gives it: the
# text measured in the box's own font, against its width less padding, border and the arrow.
ROOM = """
async (select) => {
  await document.fonts.ready;
  const style = getComputedStyle(select);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" ");
  const label = select.options[select.selectedIndex].text;
  const arrow = 16;
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight) - arrow;
  return {label: label, needs: Math.ceil(canvas.measureText(label).width), room: room,
          right: select.getBoundingClientRect().right};
}
"""

FIELDS = ["#id_run", "#id_indicator", "#id_sector", "#id_period_type", "#id_geo", "#id_period"]


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_chosen_run_and_the_other_choices_are_not_cut_off(
    page, live_server, demo_data, login, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login("analytiker")
    page.goto(f"{live_server.url}/indicators/")
    assert "offentliggjort" in page.locator("#id_run option:checked").inner_text()
    for field in FIELDS:
        room = page.locator(field).evaluate(ROOM)
        assert room["needs"] <= room["room"], (field, room)
    shot(page, f"dashboard-filters-{width}")


def test_the_choices_stay_inside_a_phones_screen(page, live_server, demo_data, login):
    page.set_viewport_size({"width": 375, "height": 800})
    login("analytiker")
    page.goto(f"{live_server.url}/indicators/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for field in FIELDS:
        assert page.locator(field).evaluate(ROOM)["right"] <= 375, field
    shot(page, "dashboard-filters-375")
