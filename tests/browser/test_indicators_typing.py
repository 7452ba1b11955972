"""Numbers typed into the indicator forms arrive as typed: a planner writes a share's target
as "12,5" (the help text says so), and the browser must not turn it into 125."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_target_typed_with_a_decimal_comma_is_saved_as_typed(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    from fremdrift.indicators.models import IndicatorLink

    initiative = plan.initiatives_by_key["shared"]
    login("koordinator", "pw")
    page.goto(live_server.url + reverse("indicators:initiative-indicators", args=[initiative.pk]))
    page.locator("select[name=indicator]").select_option("readmission_30d")
    page.locator("select[name=geo]").select_option("cluster:Randersklyngen")
    target = page.get_by_label("Mål")
    target.click()
    page.keyboard.type("12,5")
    assert target.input_value() == "12,5"
    page.get_by_role("button", name="Tilknyt indikatoren").click()
    page.wait_for_selector("text=Indikatoren er tilknyttet indsatsen.")
    assert IndicatorLink.objects.get().target == pytest.approx(0.125)
    row = page.locator("table.list tbody tr").first
    assert "12,5 %" in row.text_content()


def test_the_run_settings_checkbox_sits_at_its_label(
    page: Any, live_server: Any, users: Any, login: Any
) -> None:
    """Not a box adrift in the middle of the form, a page width away from what it means."""
    login("analytiker", "pw")
    page.goto(live_server.url + reverse("indicators:run-create"))
    box = page.locator("#id_link_across_sectors").bounding_box()
    label = page.locator("label[for=id_link_across_sectors]").bounding_box()
    assert box is not None and label is not None
    assert box["width"] < 40
    assert abs(box["x"] - label["x"]) < 10
