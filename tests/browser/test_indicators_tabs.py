"""The dashboard's view stays where the planner put it: in a cluster meeting the figures are
read by municipality, and choosing another month ("Periode for søjlediagrammerne", which only
the bar charts use) must not throw the page back to the time series; nor must a reload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators_web.indicators_web_helpers import AS_OF, suppression_rows

pytestmark = pytest.mark.django_db(transaction=True)


def _publish() -> None:
    from fremdrift.indicators import actions

    run = actions.create_run(
        by="test",
        as_of=AS_OF,
        params={"link_gap_hours": 4},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(
        run.pk, by="test", validation={"contacts": {"rows_read": 10}}, rows=suppression_rows()
    )
    actions.publish_run(run, by="test")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_municipality_view_stays_open_after_show_and_a_reload(
    page: Any, live_server: Any, users: Any, login: Any, width: int
) -> None:
    _publish()
    page.set_viewport_size({"width": width, "height": 900})
    login("analytiker", "pw")
    page.goto(f"{live_server.url}/indicators/?indicator=acute_admissions")
    page.get_by_role("tab", name="Pr. kommune").click()
    assert page.locator("#municipalities").is_visible()
    page.locator("select[name=period]").select_option("2021-12")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**period=2021-12**")
    selected = page.get_by_role("tab", selected=True)
    assert selected.text_content().strip() == "Pr. kommune"
    assert page.locator("#municipalities").is_visible()
    assert not page.locator("#series").is_visible()
    assert "december 2021" in page.locator("#municipalities-h").text_content()

    page.get_by_role("tab", name="Pr. klynge").click()
    page.reload()
    assert page.get_by_role("tab", selected=True).text_content().strip() == "Pr. klynge"
    assert page.locator("#clusters").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
