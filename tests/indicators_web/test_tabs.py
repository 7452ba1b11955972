"""The dashboard's views are the design system's tabs: one selected, each controlling its
panel; the municipalities' view opens on the municipalities."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.indicators_web.indicators_web_helpers import suppression_rows

pytestmark = pytest.mark.django_db


def _tabs(html: str) -> dict[str, str]:
    """``panel id: aria-selected`` of each tab button, after checking the panel exists."""
    tabs = dict(
        re.findall(r'role="tab" id="tab-\w+" aria-controls="(\w+)" aria-selected="(\w+)"', html)
    )
    for panel in tabs:
        panel_tag = f'role="tabpanel" tabindex="0" aria-labelledby="{panel}-h" id="{panel}"'
        assert f'<section class="tab-panel" {panel_tag}>' in html
    return tabs


def test_the_dashboard_opens_on_the_series_tab(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["reader"])
    html = client.get(reverse("indicators:dashboard")).content.decode()
    assert '<div class="tab-container">' in html
    assert _tabs(html) == {
        "series": "true",
        "municipalities": "false",
        "clusters": "false",
        "totals": "false",
    }
    assert " hidden" not in html.split('<div class="tab-container">')[1]  # the script hides


def test_the_municipalities_view_opens_on_the_municipalities_tab(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["analyst"])
    html = client.get(reverse("indicators:municipalities")).content.decode()
    tabs = _tabs(html)
    assert tabs["municipalities"] == "true"
    assert list(tabs.values()).count("true") == 1
    assert 'class="breadcrumbs__link">Indikatorer</a>' in html


def test_each_chart_comes_wide_and_narrow_with_ids_of_its_own(client, users, make_run):
    """The charts are drawn twice (one shown by the screen's width); no id occurs twice."""
    make_run(suppression_rows())
    client.force_login(users["reader"])
    html = client.get(reverse("indicators:dashboard")).content.decode()
    for chart in ("series", "municipalities", "clusters"):
        assert f'class="chart chart-wide" role="img" aria-labelledby="{chart}-title' in html
        narrow = f'class="chart chart-narrow" role="img" aria-labelledby="{chart}-narrow-title'
        assert narrow in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
