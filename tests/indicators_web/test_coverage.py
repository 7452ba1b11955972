"""Charts show only the periods the contact extract covers.

The extract of these runs starts in July 2021: the region's first acute admission is in July.
Færdigbehandling periods that began before it leave a few days in March to June; those months
are not data and no chart, table or deck draws them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.indicators import actions, deck
from tests.indicators_web.indicators_web_helpers import value_row

pytestmark = pytest.mark.django_db

COVERED = ["2021-07", "2021-08", "2021-09", "2021-10", "2021-11", "2021-12", "2022-01"]
BEFORE = ["2021-03", "2021-04", "2021-05", "2021-06"]
REGION = {"geo_level": "region", "geo_code": "RM", "geo_name": "RM"}
RANDERS = {"geo_level": "municipality", "geo_code": "730", "geo_name": "Randers"}


def _rows() -> list[dict]:
    rows = []
    for geo in (REGION, RANDERS):
        for n, period in enumerate(COVERED):
            rows.append(value_row(period=period, numerator=100 + n, value=100.0 + n, **geo))
        for n, period in enumerate(BEFORE + COVERED):
            days = n + 1 if period in BEFORE else 300 + n
            rows.append(
                value_row(indicator="fb_days", period=period, numerator=days, value=days, **geo)
            )
    return rows


def _first_bar(html: str, chart_id: str) -> str:
    """The label of the first bar of a chart: its tooltip is ``label: value``."""
    svg = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title.*?</svg>', html, re.S)
    assert svg, chart_id
    return re.search(r"<rect [^>]*><title>([^<:]+):", svg.group(0)).group(1)


def test_the_dashboard_starts_at_the_first_month_the_extract_covers(client, users, make_run):
    make_run(_rows())
    client.force_login(users["analyst"])
    response = client.get(
        reverse("indicators:dashboard"),
        {"indicator": "fb_days", "sector": "somatik", "period_type": "month", "geo": "region:RM"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert [c.period for c in response.context["board"].series] == COVERED
    html = response.content.decode()
    assert _first_bar(html, "series") == "juli 2021"
    assert "juni 2021" not in html  # nor in the table beside the chart, nor the period choice


def test_an_initiatives_panel_and_its_deck_chart_start_there_too(client, users, plan, make_run):
    make_run(_rows())
    initiative = plan.initiatives_by_key["shared"]
    actions.link_indicator(
        initiative,
        by="t",
        indicator="fb_days",
        sector="somatik",
        geo_level="region",
        geo_code="RM",
        geo_name="RM",
    )
    with translation.override("da"):
        (chart,) = deck.indicator_charts([initiative.pk])
    assert [p.label for p in chart.points][0] == "juli 2021"
    assert len(chart.points) == len(COVERED)

    client.force_login(users["reader"])
    html = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "juli 2021" in html
    assert "juni 2021" not in html


def test_the_public_trend_starts_there_too(client, make_run, settings):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    make_run(_rows())
    response = client.get(reverse("public_indicators:municipality", args=["730"]))
    assert response.status_code == 200
    figures = {(f.indicator, f.sector): f for f in response.context["figures"]}
    trend = figures[("fb_days", "somatik")].trend
    assert [c.period for c in trend] == COVERED
