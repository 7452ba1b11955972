"""The indicator figures read cleanly on a phone (390 px): a share stays on one line
("22,7 %", not "22,7" over "%"), and the trends of an initiative carry no stray bullet."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _publish(rows: list[dict]) -> None:
    from fremdrift.indicators import actions

    run = actions.create_run(
        by="test",
        as_of=dt.datetime(2022, 3, 1, tzinfo=ZoneInfo("Europe/Copenhagen")),
        params={},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(run.pk, by="test", validation={}, rows=rows)
    actions.publish_run(run, by="test")


def _rate_rows() -> list[dict]:
    from tests.indicators_web.indicators_web_helpers import suppression_rows, value_row

    rows = suppression_rows()
    for code, name in (("730", "Randers"), ("706", "Syddjurs"), ("710", "Favrskov")):
        rows.append(
            value_row(
                indicator="readmission_30d",
                geo_code=code,
                geo_name=name,
                period="2022-01",
                numerator=227,
                denominator=1000,
                value=0.227,
            )
        )
    for month in ("2021-12", "2022-01"):
        rows.append(
            value_row(
                indicator="readmission_30d",
                geo_level="cluster",
                geo_code="Randersklyngen",
                geo_name="Randersklyngen",
                period=month,
                numerator=681,
                denominator=3000,
                value=0.227,
            )
        )
    return rows


def _lines(page: Any, locator: Any) -> int:
    """How many lines the text of ``locator`` takes."""
    return page.evaluate(
        """(el) => { const r = document.createRange(); r.selectNodeContents(el);
        const tops = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top)));
        return tops.size; }""",
        locator.element_handle(),
    )


def test_a_share_stays_on_one_line_on_a_phone(
    page: Any, live_server: Any, users: Any, login: Any
) -> None:
    _publish(_rate_rows())
    page.set_viewport_size({"width": 390, "height": 900})
    login("laeser", "pw")
    page.goto(
        f"{live_server.url}/indicators/?indicator=readmission_30d&period=2022-01&tab=municipalities"
    )
    table = page.locator("#municipalities table")
    randers = table.locator("tr", has=page.locator("th", has_text="Randers")).locator("td").last
    assert randers.text_content().strip() == "22,7 %"
    assert _lines(page, randers) == 1


def test_the_trends_of_an_initiative_have_no_stray_bullet(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    from fremdrift.indicators import actions

    _publish(_rate_rows())
    initiative = plan.initiatives_by_key["shared"]
    actions.link_indicator(
        initiative,
        by="t",
        indicator="readmission_30d",
        sector="somatik",
        geo_level="cluster",
        geo_code="Randersklyngen",
        geo_name="Randersklyngen",
    )
    login("laeser", "pw")
    page.goto(live_server.url + initiative.get_absolute_url())
    trend = page.locator("li.trend").first
    assert trend.is_visible()
    bullet = page.evaluate(
        "(el) => getComputedStyle(el, '::before').content", trend.element_handle()
    )
    assert bullet in ("none", "normal", '""')
