"""The dashboard: published runs only, suppression in public views, provisional marking,
downloads of what is shown, and a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.indicators_web.indicators_web_helpers import suppression_rows, value_row

pytestmark = pytest.mark.django_db

JANUARY = "?indicator=acute_admissions&sector=somatik&period_type=month&period=2022-01"


def _cells(response, section: str) -> dict[str, str]:
    board = response.context["board"]
    return {
        c.geo_code if section != "series" else c.period: c.text for c in getattr(board, section)
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("indicators:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_a_role_gets_404(client, users):
    client.force_login(users["nobody"])
    assert client.get(reverse("indicators:dashboard")).status_code == 404


def test_a_reader_sees_the_dashboard_but_not_the_runs(client, users, make_run):
    run = make_run(suppression_rows(), publish=False)
    client.force_login(users["reader"])
    assert client.get(reverse("indicators:dashboard")).status_code == 200
    assert client.get(reverse("indicators:run-create")).status_code == 404
    assert client.get(reverse("indicators:run-list")).status_code == 404
    assert client.get(reverse("indicators:run-detail", args=[run.pk])).status_code == 404
    assert client.post(reverse("indicators:run-publish", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == "validated"


def test_only_indicator_officers_and_administrators_run_indicators(client, users):
    for name, status in (
        ("editor_hr", 404),
        ("coordinator", 404),
        ("analyst", 200),
        ("admin", 200),
    ):
        client.force_login(users[name])
        assert client.get(reverse("indicators:run-create")).status_code == status, name


def test_only_published_runs_are_shown(client, users, make_run):
    make_run(
        [value_row(geo_level="region", geo_code="RM", geo_name="RM", numerator=99, value=99.0)],
        publish=False,
    )
    client.force_login(users["reader"])
    response = client.get(reverse("indicators:dashboard") + JANUARY)
    assert response.context["board"] is None
    published = make_run(suppression_rows())
    response = client.get(reverse("indicators:dashboard") + JANUARY)
    assert response.context["board"].selection.run == published
    assert [r.pk for r in response.context["published"]] == [published.pk]


def test_an_earlier_published_run_can_be_chosen(client, users, make_run):
    first = make_run(suppression_rows(), note="først")
    second = make_run([value_row(geo_level="region", geo_code="RM", geo_name="RM")])
    client.force_login(users["reader"])
    assert client.get(reverse("indicators:dashboard")).context["run"] == second
    response = client.get(reverse("indicators:dashboard") + f"?run={first.pk}")
    assert response.context["run"] == first


def test_indicator_officers_see_small_cells(client, users, make_run):
    make_run(suppression_rows())
    for name in ("analyst", "admin"):
        client.force_login(users[name])
        response = client.get(reverse("indicators:dashboard") + JANUARY)
        cells = _cells(response, "municipalities")
        assert cells["730"] == "7" and cells["710"] == "3" and cells["707"] == "0", name


def test_other_roles_see_hidden_cells_whatever_the_address_says(client, users, make_run):
    make_run(suppression_rows())
    for name in ("reader", "coordinator", "editor_hr"):
        client.force_login(users[name])
        for query in ("", "&public=off", "&public="):
            response = client.get(reverse("indicators:dashboard") + JANUARY + query)
            cells = _cells(response, "municipalities")
            assert cells["710"] == "*" and cells["730"] == "7", (name, query)
            assert 'name="public"' not in response.content.decode()


def test_the_public_view_hides_cells_of_1_to_4_and_one_more_of_their_cluster(
    client, users, make_run
):
    make_run(suppression_rows())
    client.force_login(users["analyst"])
    for url in (
        reverse("indicators:dashboard") + JANUARY + "&public=on",
        reverse("indicators:municipalities") + JANUARY,
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="da")
        cells = _cells(response, "municipalities")
        assert cells["710"] == "*"  # 3: hidden
        # Randersklyngen (15) minus Randers (7) would reveal Favrskov: the smallest other
        # municipality (Syddjurs, 5) is hidden too.
        assert cells["706"] == "*"
        assert cells["730"] == "7" and cells["707"] == "0"
        html = response.content.decode()
        assert 'class="suppressed"' in html
        assert ">3<" not in html.split('id="municipalities"')[1].split("</section>")[0]


def test_a_suppressed_rate_hides_numerator_and_denominator_in_the_public_view(
    client, users, make_run
):
    make_run(suppression_rows())
    client.force_login(users["reader"])
    url = reverse("indicators:municipalities") + "?indicator=readmission_30d&sector=somatik"
    response = client.get(url)
    february = next(c for c in response.context["board"].series if c.period == "2022-02")
    assert february.text == february.numerator_text == february.denominator_text == "*"
    assert not february.preliminary or february.incomplete  # its provisional count is hidden


def test_provisional_periods_are_marked(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the language button
    response = client.get(
        reverse("indicators:dashboard") + "?indicator=readmission_30d&sector=somatik"
    )
    series = {c.period: c for c in response.context["board"].series}
    assert series["2022-02"].preliminary  # indexes not yet judgeable
    assert not series["2022-01"].preliminary
    html = response.content.decode()
    assert 'class="tag prelim">provisional' in html  # "foreløbig" in Danish
    assert 'role="img"' in html and "<title" in html


def test_a_period_not_over_at_the_data_time_is_provisional(client, users, make_run):
    import datetime as dt
    from zoneinfo import ZoneInfo

    make_run(
        suppression_rows(), as_of=dt.datetime(2022, 2, 15, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    )
    client.force_login(users["reader"])
    response = client.get(reverse("indicators:dashboard") + JANUARY)
    series = {c.period: c for c in response.context["board"].series}
    assert series["2022-02"].preliminary and not series["2022-01"].preliminary
    assert response.context["board"].period == "2022-01"


def test_the_dashboard_states_the_settings_and_the_data_time(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["reader"])
    html = client.get(reverse("indicators:dashboard"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Pause, der stadig samler kontakter til ét ophold (timer)" in html
    assert "link_gap_hours" not in html  # labels, not code keys
    assert "1. marts 2022" in html


def test_weeks_are_labelled_in_danish(client, users, make_run):
    make_run(
        [
            value_row(
                period_type="week",
                period="2021-W45",
                geo_level="region",
                geo_code="RM",
                geo_name="RM",
            )
        ]
    )
    client.force_login(users["reader"])
    response = client.get(
        reverse("indicators:dashboard") + "?indicator=acute_admissions"
        "&sector=somatik&period_type=week",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert "uge 45 2021" in response.content.decode()


def test_the_csv_download_holds_what_the_public_view_shows(client, users, make_run):
    run = make_run(suppression_rows())
    client.force_login(users["reader"])
    response = client.get(reverse("indicators:download-csv") + JANUARY + "&public=on")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    municipal = {r["geo_code"]: r for r in rows if r["section"] == "municipality"}
    assert municipal["710"]["numerator"] == "*" and municipal["710"]["value"] == "*"
    assert municipal["710"]["provisional"] == "*" and municipal["706"]["numerator"] == "*"
    assert municipal["730"]["numerator"] == "7"
    assert municipal["707"]["numerator"] == "0"
    assert {r["run"] for r in rows} == {str(run.pk)}
    assert "link_gap_hours" in rows[0]["params"]
    assert rows[0]["as_of"].startswith("2022-03-01T00:00:00+01:00")
    for query in ("", "&public=off"):
        again = client.get(reverse("indicators:download-csv") + JANUARY + query)
        rows = list(csv.DictReader(io.StringIO(again.content.decode("utf-8-sig"))))
        assert next(r for r in rows if r["geo_code"] == "710")["numerator"] == "*"
    client.force_login(users["analyst"])
    internal = client.get(reverse("indicators:download-csv") + JANUARY)
    rows = list(csv.DictReader(io.StringIO(internal.content.decode("utf-8-sig"))))
    assert next(r for r in rows if r["geo_code"] == "710")["numerator"] == "3"


def test_the_xlsx_download_has_the_figures_and_the_settings(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["reader"])
    response = client.get(
        reverse("indicators:download-xlsx") + JANUARY + "&public=on", HTTP_ACCEPT_LANGUAGE="da"
    )
    book = load_workbook(io.BytesIO(response.content))
    figures, info = book.worksheets
    header = [c.value for c in figures[1]]
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in figures.iter_rows(min_row=2)
    ]
    favrskov = next(r for r in rows if r["section"] == "municipality" and r["geo_code"] == "710")
    assert favrskov["numerator"] == "*"
    assert (
        next(r for r in rows if r["geo_code"] == "730" and r["section"] == "municipality")[
            "numerator"
        ]
        == 7
    )
    settings_text = " ".join(str(c.value) for row in info.iter_rows() for c in row)
    assert "link_gap_hours" in settings_text and "2022-03-01" in settings_text


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_query_count_is_fixed(client, users, make_run):
    make_run(suppression_rows())
    client.force_login(users["reader"])
    url = reverse("indicators:dashboard") + JANUARY
    few = _queries(client, url)
    rows = suppression_rows() + [
        value_row(period=f"2021-{m:02d}", geo_code=code, geo_name=code)
        for m in range(1, 12)
        for code in ("751", "741", "615", "791", "657")
    ]
    make_run(rows)
    assert _queries(client, url) == few
    assert few == 7, few  # session, user, roles, published runs, region rows, series, bars


def test_pages_have_no_inline_styles_or_scripts(client, users, make_run, plan):
    from fremdrift.indicators import actions

    run = make_run(suppression_rows())
    initiative = plan.initiatives_by_key["shared"]
    actions.link_indicator(
        initiative, by="t", indicator="acute_admissions", sector="somatik",
        geo_level="region", geo_code="RM", geo_name="RM",
    )  # fmt: skip
    client.force_login(users["admin"])
    for url in (
        reverse("indicators:dashboard") + JANUARY,
        reverse("indicators:municipalities") + JANUARY,
        run.get_absolute_url(),
        reverse("indicators:run-create"),
        initiative.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        scripts = re.findall(r"<script[^>]*>", html)
        # htmx, dkfds and fremdrift.js from base.html (and a run's poller): files, none inline
        assert 3 <= len(scripts) <= 4, url
        assert all(' src="/static/' in script for script in scripts), (url, scripts)
        assert html.count("</script>") == len(scripts), url
        assert " on" + "click=" not in html, url


def test_rates_are_rounded_not_cut(client, users, make_run):
    """11 of 36 readmitted is 30.56 %: the page says 30,6 %, not 30,5 %."""
    from tests.indicators_web.indicators_web_helpers import value_row

    make_run(
        [
            value_row(
                indicator="readmission_30d", geo_level="region", geo_code="RM",
                geo_name="RM", numerator=11, denominator=36, value=11 / 36,
            )
        ]
    )  # fmt: skip
    client.force_login(users["analyst"])
    response = client.get(
        reverse("indicators:dashboard") + "?indicator=readmission_30d&sector=somatik",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    january = next(c for c in response.context["board"].series if c.period == "2022-01")
    assert january.text == "30,6 %"
