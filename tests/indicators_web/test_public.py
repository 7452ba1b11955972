"""The public dashboard ``/offentlig/indikatorer/``: closed (404) unless
``FREMDRIFT_PUBLIC_INDICATORS`` is on; then open without a login, in Danish, suppressed."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.indicators_web.indicators_web_helpers import suppression_rows, value_row

pytestmark = pytest.mark.django_db

URLS = (
    ("public_indicators:index", {}),
    ("public_indicators:municipality", {"code": "710"}),
    ("public_indicators:download-csv", {"code": "710"}),
    ("public_indicators:embed", {"code": "710"}),
)


def _rows() -> list[dict]:
    return suppression_rows() + [
        value_row(
            indicator="readmission_30d",
            geo_code="710",
            geo_name="Favrskov",
            numerator=2,
            denominator=30,
            value=2 / 30,
            provisional=3,
            suppressed=True,
        ),
        value_row(
            indicator="readmission_30d",
            geo_code="730",
            geo_name="Randers",
            numerator=9,
            denominator=60,
            value=0.15,
        ),
    ]


@pytest.fixture
def public_on(settings):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True


def test_the_public_dashboard_is_closed_by_default(client, users, make_run):
    make_run(_rows())
    for user in (None, users["analyst"], users["admin"]):
        if user is not None:
            client.force_login(user)
        for name, kwargs in URLS:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, (user, name)


def test_switched_on_it_opens_without_a_login_in_danish(client, make_run, public_on):
    make_run(_rows())
    for name, kwargs in URLS:
        response = client.get(reverse(name, kwargs=kwargs), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, name
    html = client.get(reverse("public_indicators:index")).content.decode()
    assert "Favrskov" in html and "Randersklyngen" in html
    page = client.get(
        reverse("public_indicators:municipality", args=["710"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Indikatorer for Favrskov" in text
    assert "januar 2022" in text


def test_a_municipality_page_shows_the_figures_side_by_side_suppressed(client, make_run, public_on):
    make_run(_rows())
    context = client.get(reverse("public_indicators:municipality", args=["710"])).context
    assert context["period"] == "2022-02"  # the latest month over at the data time
    figures = {(f.indicator, f.sector): f for f in context["figures"]}
    assert set(figures) == {
        ("acute_admissions", "somatik"),
        ("acute_admissions", "psykiatri"),
        ("readmission_7d", "psykiatri"),
        ("readmission_30d", "somatik"),
        ("readmission_30d", "psykiatri"),
        ("fb_days", "somatik"),
        ("fb_days", "psykiatri"),
    }
    trend = {c.period: c for c in figures[("acute_admissions", "somatik")].trend}
    assert trend["2022-01"].text == "*" and trend["2022-01"].hidden
    rate = {c.period: c for c in figures[("readmission_30d", "somatik")].trend}["2022-01"]
    assert rate.text == rate.numerator_text == rate.denominator_text == "*"
    assert rate.provisional_text == "*"


def test_the_comparison_within_the_cluster_hides_the_cell_that_would_reveal_a_small_one(
    client, make_run, public_on
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    make_run(_rows(), as_of=dt.datetime(2022, 2, 15, tzinfo=ZoneInfo("Europe/Copenhagen")))
    context = client.get(reverse("public_indicators:municipality", args=["730"])).context
    assert context["period"] == "2022-01"
    acute = [f for f in context["figures"] if f.indicator == "acute_admissions"][0]
    shown = {name: cells[0].text for name, _code, cells in context["comparison_rows"]}
    assert list(shown) == [
        "Favrskov",
        "Norddjurs",
        "Randers",
        "Syddjurs",
        "Randersklyngen",
        "Region Midtjylland",
    ]
    # Randersklyngen 15 − Randers 7 − Norddjurs 0 would reveal Favrskov + Syddjurs only.
    assert shown == {
        "Favrskov": "*",
        "Norddjurs": "0",
        "Randers": "7",
        "Syddjurs": "*",
        "Randersklyngen": "15",
        "Region Midtjylland": "15",
    }
    assert acute.sector == "somatik"


def test_the_csv_leaves_hidden_cells_blank(client, make_run, public_on):
    make_run(_rows())
    response = client.get(reverse("public_indicators:download-csv", args=["710"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    january = [r for r in rows if r["section"] == "trend" and r["period"] == "2022-01"]
    acute = next(r for r in january if r["indicator"] == "acute_admissions")
    assert acute["numerator"] == acute["value"] == acute["provisional"] == ""
    assert acute["suppressed"] == "true"
    rate = next(
        r for r in january if r["indicator"] == "readmission_30d" and r["sector"] == "somatik"
    )
    assert rate["numerator"] == rate["denominator"] == rate["provisional"] == ""
    for row in rows:
        for column in ("numerator", "denominator", "provisional"):
            if row[column]:
                assert not 1 <= int(row[column]) <= 4, row
    # the data time as the page states it: Danish time (1 March 2022 00:00), not UTC
    assert {row["as_of"] for row in rows} == {"2022-03-01T00:00:00+01:00"}


def test_only_the_embeddable_variant_may_be_framed(client, make_run, public_on, settings):
    make_run(_rows())
    page = client.get(reverse("public_indicators:municipality", args=["710"]))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    embed = client.get(reverse("public_indicators:embed", args=["710"]))
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    settings.FREMDRIFT_PUBLIC_EMBED_ORIGINS = ["https://www.rm.dk"]
    embed = client.get(reverse("public_indicators:embed", args=["710"]))
    assert "frame-ancestors https://www.rm.dk;" in embed["Content-Security-Policy"] + ";"


def test_an_unknown_municipality_and_a_post_are_refused(client, make_run, public_on):
    make_run(_rows())
    assert client.get(reverse("public_indicators:municipality", args=["999"])).status_code == 404
    url = reverse("public_indicators:municipality", args=["710"])
    assert client.post(url).status_code == 405


def test_without_a_published_run_the_page_says_so(client, make_run, public_on):
    make_run(_rows(), publish=False)
    response = client.get(reverse("public_indicators:municipality", args=["710"]))
    assert response.status_code == 200
    assert "Der er endnu ikke offentliggjort" in response.content.decode()


def test_the_municipality_page_says_what_provisional_means(client, make_run, public_on):
    """Readmissions lag behind the other figures: the page says why, in the reader's
    words."""
    make_run(_rows())
    html = client.get(reverse("public_indicators:municipality", args=["730"])).content.decode()
    assert "kan først gøres op 7 eller 30 dage efter udskrivelsen" in html


def test_readmissions_show_the_latest_month_in_which_every_one_could_be_judged(
    client, make_run, public_on
):
    """At the data time (1 March 2022) February's 30-day readmissions cannot be judged yet
    (the region's row has indexes still provisional): the page shows January's, says which
    month it is, and the comparison within the cluster uses January too."""

    def rate(period: str, code: str, level: str = "municipality", **figures) -> dict:
        return value_row(
            indicator="readmission_30d",
            period=period,
            geo_level=level,
            geo_code=code,
            geo_name=code,
            **figures,
        )

    rows = suppression_rows() + [
        rate("2022-01", "730", numerator=9, denominator=60, value=0.15),
        rate("2022-01", "RM", "region", numerator=90, denominator=600, value=0.15),
        rate("2022-02", "730", numerator=0, denominator=0, value=None, provisional=55),
        rate("2022-02", "RM", "region", numerator=1, denominator=20, value=0.05, provisional=540),
    ]
    make_run(rows)
    response = client.get(reverse("public_indicators:municipality", args=["730"]))
    assert response.context["period"] == "2022-02"
    figures = {(f.indicator, f.sector): f for f in response.context["figures"]}
    readmissions = figures[("readmission_30d", "somatik")]
    assert readmissions.latest.period == "2022-01"
    assert readmissions.latest.text == "15,0 %"
    assert readmissions.period_label == "januar 2022"
    assert figures[("acute_admissions", "somatik")].latest.period == "2022-02"
    assert figures[("acute_admissions", "somatik")].period_label == ""  # the page's month
    randers = {name: cells for name, _code, cells in response.context["comparison_rows"]}
    column = list(figures).index(("readmission_30d", "somatik"))
    assert randers["Randers"][column].text == "15,0 %"
    html = response.content.decode()
    latest = html[html.index('id="latest-h"') : html.index('id="cluster-h"')]
    assert '<span class="figure-month">januar 2022</span>' in latest  # under the name
    assert "seneste måned, hvor alle udskrivelser kunne vurderes" in latest


def test_a_municipality_page_costs_a_fixed_number_of_queries(
    client, make_run, public_on, django_assert_num_queries
):
    """However many months and figures: the run, the rows of the municipality, of the
    region and of the comparison (no query per figure or per month)."""
    make_run(_rows())
    client.get(reverse("public_indicators:municipality", args=["730"]))  # warm caches
    with django_assert_num_queries(4):
        client.get(reverse("public_indicators:municipality", args=["730"]))
