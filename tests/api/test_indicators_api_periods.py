"""``/api/v1/indicators/values/``: period bounds compare by time, only the indicators of the
schema are served, the schema describes the figures, and a 404 speaks the asker's language."""

from __future__ import annotations

import pytest

from fremdrift.indicators import actions
from tests.indicators_web.indicators_web_helpers import AS_OF, value_row

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicators/values/"
MONTHS = ["2021-10", "2021-11", "2021-12"]
# 2021-W43: 25–31 Oct; W44: 1–7 Nov; W48: 29 Nov – 5 Dec; W49: 6–12 Dec; 2022-W01: 3–9 Jan
WEEKS = ["2021-W43", "2021-W44", "2021-W48", "2021-W49", "2022-W01"]


def _run(rows):
    run = actions.create_run(
        by="test",
        as_of=AS_OF,
        params={"link_gap_hours": 4},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(
        run.pk, by="test", validation={"contacts": {"rows_read": 10}}, rows=rows
    )
    return actions.publish_run(run, by="test")


def _region(**overrides):
    return value_row(
        **{"geo_level": "region", "geo_code": "RM", "geo_name": "RM", "numerator": 20,
           "value": 20.0, **overrides}
    )  # fmt: skip


@pytest.fixture
def periods(db):
    return _run(
        [_region(period_type="month", period=p) for p in MONTHS]
        + [_region(period_type="week", period=p) for p in WEEKS]
    )


def _periods(client, **query) -> list[str]:
    response = client.get(VALUES, {"geo_level": "region", "limit": 1000, **query})
    assert response.status_code == 200, response.content
    return sorted(r["period"] for r in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # the tester's case: a month bound no longer lets every week of the year through
        (
            {"period_from": "2021-11"},
            ["2021-11", "2021-12", "2021-W44", "2021-W48", "2021-W49", "2022-W01"],
        ),
        ({"period_to": "2021-11"}, ["2021-10", "2021-11", "2021-W43", "2021-W44", "2021-W48"]),
        ({"period_from": "2021-W48"}, ["2021-11", "2021-12", "2021-W48", "2021-W49", "2022-W01"]),
        ({"period_to": "2021-W44"}, ["2021-10", "2021-11", "2021-W43", "2021-W44"]),
        ({"period_from": "2021-W48", "period_to": "2021-W48"}, ["2021-11", "2021-12", "2021-W48"]),
        ({"period_from": "2021-11", "period_type": "month"}, ["2021-11", "2021-12"]),
        (
            {"period_from": "2021-W44", "period_to": "2021-W49", "period_type": "week"},
            ["2021-W44", "2021-W48", "2021-W49"],
        ),
    ],
)
def test_period_bounds_compare_by_time(api_as, users, periods, query, expected):
    assert _periods(api_as(users["reader"]), **query) == expected


@pytest.mark.parametrize("bound", ["2021-13", "2021-1", "2021-W54", "2021-W53", "2021-W00", "nov"])
def test_a_bound_that_is_neither_a_month_nor_a_week_is_refused(api_as, users, periods, bound):
    response = api_as(users["reader"]).get(
        VALUES, {"period_from": bound}, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 400
    assert response.json() == {
        "period_from": ["Angiv en måned (2022-01) eller en ISO-uge (2022-W05)."]
    }


def test_a_53rd_week_is_a_bound_in_a_year_that_has_one(api_as, users, periods):
    assert _periods(api_as(users["reader"]), period_to="2020-W53") == []


def test_only_the_indicators_of_the_schema_are_served(api_as, users):
    run = _run(
        [
            _region(indicator="readmission_30d", sector="psykiatri", denominator=100, value=0.2),
            _region(indicator="readmission_90d", sector="psykiatri", denominator=100, value=0.3),
        ]
    )
    client = api_as(users["analyst"])
    body = client.get(VALUES, {"run": run.pk}).json()
    assert [r["indicator"] for r in body["results"]] == ["readmission_30d"]
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    enum = set(schema["components"]["schemas"]["IndicatorEnum"]["enum"])
    assert {r["indicator"] for r in body["results"]} <= enum


def test_the_schema_describes_the_figures_of_a_value(api_as, users):
    schema = (
        api_as(users["reader"])
        .get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
        .json()
    )
    properties = schema["components"]["schemas"]["IndicatorValue"]["properties"]
    for name in ("numerator", "denominator", "value", "provisional"):
        description = properties[name].get("description", "")
        assert "incoming" not in description and "primitive" not in description, name
        assert "hidden" in description, (name, description)
    assert "share" in properties["value"]["description"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators/values/999999/",
        "/api/v1/indicators/runs/999999/",
        "/api/v1/plans/999999/",
    ],
)
def test_not_found_is_said_in_the_askers_language(api_as, users, path):
    client = api_as(users["reader"])
    danish = client.get(path, HTTP_ACCEPT_LANGUAGE="da")
    assert danish.status_code == 404
    assert danish.json() == {"detail": "Ikke fundet."}
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not found."}
