"""The initiative panel's "Latest" is the latest month whose readmissions are all judged, as
on the dashboard, for everyone: a month still being judged that the public view hides ("*")
is no latest value to hold against the target."""

from __future__ import annotations

import re

import pytest

from fremdrift.indicators import actions
from tests.indicators_web.indicators_web_helpers import value_row

pytestmark = pytest.mark.django_db


def _rows():
    return [
        value_row(
            indicator="readmission_30d",
            geo_level="cluster",
            geo_code="Randersklyngen",
            geo_name="Randersklyngen",
            period=period,
            numerator=num,
            denominator=100,
            value=num / 100,
            provisional=prov,
        )
        for period, num, prov in (
            ("2021-11", 14, 0),
            ("2021-12", 12, 0),
            ("2022-01", 9, 3),  # 3 indexes still to judge: hidden in the public view
        )
    ]


@pytest.mark.parametrize("role", ["reader", "analyst"])
def test_the_latest_value_is_the_latest_judged_month_for_every_reader(
    client, users, plan, make_run, role
):
    initiative = plan.initiatives_by_key["shared"]
    make_run(_rows())
    actions.link_indicator(
        initiative,
        by="t",
        indicator="readmission_30d",
        sector="somatik",
        geo_level="cluster",
        geo_code="Randersklyngen",
        geo_name="Randersklyngen",
        target=0.10,
        direction="lower",
    )
    client.force_login(users["coordinator"] if role == "reader" else users["admin"])
    html = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    latest = re.search(r"<dt>Seneste</dt><dd><strong>(.*?)</strong>(.*?)</dd>", html, re.S)
    assert latest, html
    assert latest.group(1) == "12,0 %"
    assert "december 2021" in latest.group(2)
    assert "mål ikke nået" in html
