"""Municipality partners: the suppressed figures of their own municipalities or cluster (and
the region), in every output; never runs or validation reports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role, UnitKind
from tests.indicators_web.indicators_web_helpers import suppression_rows, value_row

pytestmark = pytest.mark.django_db

JANUARY = "?indicator=acute_admissions&sector=somatik&period_type=month&period=2022-01"


def _rows() -> list[dict]:
    """Randersklyngen as in ``suppression_rows``, and Aarhus with its cluster."""
    return suppression_rows() + [
        value_row(geo_code="751", geo_name="Aarhus", numerator=40, value=40.0),
        value_row(
            geo_level="cluster",
            geo_code="Aarhusklyngen",
            geo_name="Aarhusklyngen",
            numerator=40,
            value=40.0,
        ),
    ]


@pytest.fixture
def cluster_partner(units, make_user):
    return make_user("kommune", Role.MUNICIPALITY_PARTNER, unit=units["cluster"])


@pytest.fixture
def randers_partner(units, make_user):
    randers = core_actions.create_unit(
        by="test",
        name="Randers Kommune",
        short_name="Randers",
        kind=UnitKind.MUNICIPALITY,
        parent=units["cluster"],
    )
    return make_user("randers", Role.MUNICIPALITY_PARTNER, unit=randers)


def test_a_cluster_partner_sees_the_cluster_with_small_cells_hidden(
    client, cluster_partner, make_run
):
    make_run(_rows())
    client.force_login(cluster_partner)
    response = client.get(reverse("indicators:dashboard") + JANUARY + "&public=off")
    board = response.context["board"]
    municipalities = {c.geo_code: c.text for c in board.municipalities}
    assert set(municipalities) == {"730", "710", "707", "706"}
    assert municipalities["710"] == "*" and municipalities["706"] == "*"
    assert municipalities["730"] == "7"
    assert [c.geo_code for c in board.clusters] == ["Randersklyngen"]
    choices = [value for value, _label in response.context["form"].fields["geo"].choices]
    assert "municipality:751" not in choices and "cluster:Aarhusklyngen" not in choices
    assert "municipality:710" in choices


def test_a_partner_asking_for_another_cluster_gets_nothing_of_it(client, cluster_partner, make_run):
    make_run(_rows())
    client.force_login(cluster_partner)
    response = client.get(reverse("indicators:dashboard") + JANUARY + "&geo=cluster:Aarhusklyngen")
    board = response.context["board"]
    assert all(c.geo_code != "Aarhusklyngen" for c in board.series)
    assert "40" not in [c.text for c in board.series]


def test_a_partner_downloads_only_suppressed_figures_of_their_area(
    client, cluster_partner, make_run
):
    make_run(_rows())
    client.force_login(cluster_partner)
    response = client.get(reverse("indicators:download-csv") + JANUARY + "&public=off")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    codes = {r["geo_code"] for r in rows}
    assert "751" not in codes and "Aarhusklyngen" not in codes
    favrskov = next(r for r in rows if r["geo_code"] == "710")
    assert favrskov["numerator"] == favrskov["value"] == favrskov["provisional"] == "*"


def test_a_municipality_partner_sees_the_municipality_and_its_cluster_total(
    client, randers_partner, make_run
):
    make_run(_rows())
    client.force_login(randers_partner)
    board = client.get(reverse("indicators:dashboard") + JANUARY).context["board"]
    assert [c.geo_code for c in board.municipalities] == ["730"]
    assert [c.geo_code for c in board.clusters] == ["Randersklyngen"]


def test_partners_see_no_runs_no_validation_reports_and_no_plans(
    client, cluster_partner, make_run, plan
):
    run = make_run(_rows(), publish=False)
    client.force_login(cluster_partner)
    assert client.get(reverse("indicators:run-list")).status_code == 404
    assert client.get(reverse("indicators:run-detail", args=[run.pk])).status_code == 404
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_the_public_switch_does_not_show_raw_figures_to_anyone_but_officers(
    client, users, cluster_partner, make_run
):
    make_run(_rows())
    for user in (cluster_partner, users["coordinator"], users["reader"]):
        client.force_login(user)
        for query in ("&public=off", "&public=", "&public=0"):
            board = client.get(reverse("indicators:dashboard") + JANUARY + query).context["board"]
            favrskov = next(c for c in board.municipalities if c.geo_code == "710")
            assert favrskov.hidden and favrskov.text == "*", (user, query)


def test_a_partner_lands_on_the_indicators_after_logging_in(client, cluster_partner, make_user):
    """A municipality partner sees no plans: the start page is the indicator dashboard."""
    response = client.post(reverse("login"), {"username": "kommune", "password": "pw"})
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("indicators:dashboard")
    reader = make_user("laeser", Role.READER)
    client.force_login(reader)
    assert client.get("/").url == reverse("portfolio:plan-list")


def test_a_partners_menu_has_no_plans_or_search(client, cluster_partner, make_user):
    client.force_login(cluster_partner)
    urls = [url for _label, url, _current in client.get("/indicators/").context["main_nav"]]
    assert reverse("indicators:dashboard") in urls
    assert reverse("portfolio:plan-list") not in urls
    assert reverse("portfolio:search") not in urls
    client.force_login(make_user("laeser", Role.READER))
    menu = client.get(reverse("indicators:dashboard")).context["main_nav"]
    assert reverse("portfolio:plan-list") in [url for _label, url, _current in menu]


def test_a_partners_menu_has_no_forums_or_background_tasks_and_their_lists_are_forbidden(
    client, users, cluster_partner
):
    """A municipality partner sees no forum and starts no background task: neither is in the
    menu, and the lists answer 403 (the policy's kind rules). Other roles keep both."""
    lists = [
        reverse("governance:forum-list"),
        reverse("jobs:list"),
        reverse("participation:consultation-list"),
    ]
    client.force_login(cluster_partner)
    menu = client.get(reverse("indicators:dashboard")).context["main_nav"]
    assert not set(lists) & {url for _label, url, _current in menu}
    assert [client.get(url).status_code for url in lists] == [403, 403, 403]
    for role in ("reader", "coordinator", "admin"):
        client.force_login(users[role])
        menu = client.get(reverse("indicators:dashboard")).context["main_nav"]
        assert set(lists) <= {url for _label, url, _current in menu}, role
        assert [client.get(url).status_code for url in lists] == [200, 200, 200], role
