"""``/api/v1/indicators/``: runs and values, filtered, by role, suppressed."""

from __future__ import annotations

import pytest

from fremdrift.core.choices import Role
from fremdrift.indicators import actions
from tests.indicators_web.indicators_web_helpers import AS_OF, suppression_rows, value_row

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/indicators/values/"


def _run(rows, *, publish=True):
    run = actions.create_run(
        by="test",
        as_of=AS_OF,
        params={"link_gap_hours": 4},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(
        run.pk, by="test", validation={"contacts": {"rows_read": 10}}, rows=rows
    )
    return actions.publish_run(run, by="test") if publish else run


def _rows():
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


def _by_code(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {r["geo_code"]: r for r in response.json()["results"]}


def test_the_root_names_runs_and_values(api_as, users):
    body = api_as(users["reader"]).get("/api/v1/indicators/").json()
    assert body["runs"].endswith("/api/v1/indicators/runs/")
    assert body["values"].endswith(VALUES)


def test_a_reader_gets_the_latest_published_run_with_hidden_cells_empty(api_as, users):
    _run([value_row(geo_level="region", geo_code="RM", geo_name="RM", numerator=99)])
    latest = _run(_rows())
    _run([value_row(geo_level="region", geo_code="RM", geo_name="RM")], publish=False)
    found = _by_code(
        api_as(users["reader"]).get(VALUES, {"indicator": "acute_admissions", "period": "2022-01"})
    )
    assert {r["run"] for r in found.values()} == {latest.pk}
    favrskov = found["710"]
    assert favrskov["hidden"] is True
    assert favrskov["numerator"] is favrskov["value"] is favrskov["provisional"] is None
    assert found["706"]["hidden"] is True  # hidden so that Favrskov cannot be worked out
    assert found["730"]["numerator"] == 7 and found["730"]["hidden"] is False


def test_indicator_officers_get_raw_figures_and_unpublished_runs(api_as, users):
    _run(_rows())
    draft = _run([value_row(geo_code="741", geo_name="Samsø", numerator=2)], publish=False)
    client = api_as(users["analyst"])
    found = _by_code(client.get(VALUES, {"indicator": "acute_admissions", "period": "2022-01"}))
    assert found["710"]["numerator"] == 3 and found["710"]["hidden"] is True
    assert _by_code(client.get(VALUES, {"run": draft.pk}))["741"]["numerator"] == 2
    assert _by_code(api_as(users["reader"]).get(VALUES, {"run": draft.pk})) == {}
    runs = client.get("/api/v1/indicators/runs/").json()["results"]
    assert draft.pk in {r["id"] for r in runs}
    reader_runs = api_as(users["reader"]).get("/api/v1/indicators/runs/").json()["results"]
    assert draft.pk not in {r["id"] for r in reader_runs}
    assert "validation" not in reader_runs[0] and "files" not in reader_runs[0]


def test_values_filter_by_indicator_sector_period_and_geography(api_as, users):
    _run(_rows())
    client = api_as(users["reader"])
    found = _by_code(client.get(VALUES, {"geo_level": "cluster"}))
    assert set(found) == {"Randersklyngen", "Aarhusklyngen"}
    rates = client.get(VALUES, {"indicator": "readmission_30d", "period_from": "2022-02"})
    assert [r["period"] for r in rates.json()["results"]] == ["2022-02"]
    assert _by_code(client.get(VALUES, {"sector": "psykiatri"})) == {}
    assert set(_by_code(client.get(VALUES, {"geo_code": "730"}))) == {"730"}
    assert client.get(VALUES, {"sector": "tandpleje"}).status_code == 400


def test_a_municipality_partner_reads_only_the_region_and_their_cluster(api_as, units, make_user):
    _run(_rows())
    partner = make_user("kommune", Role.MUNICIPALITY_PARTNER, unit=units["cluster"])
    found = _by_code(api_as(partner).get(VALUES, {"period": "2022-01", "limit": 200}))
    assert "751" not in found and "Aarhusklyngen" not in found
    assert {"730", "710", "706", "Randersklyngen", "RM"} <= set(found)
    assert found["710"]["numerator"] is None


def test_someone_without_a_role_reads_nothing(api_as, users):
    run = _run(_rows())
    client = api_as(users["nobody"])
    assert client.get(VALUES).json()["results"] == []
    assert client.get(f"/api/v1/indicators/runs/{run.pk}/").status_code == 404


def test_the_schema_describes_the_indicator_endpoints(api_as, users):
    schema = api_as(users["reader"]).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/indicators/", "/api/v1/indicators/runs/", VALUES):
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"][VALUES]["get"]["parameters"]}
    assert {"indicator", "sector", "period", "geo_level", "geo_code", "run"} <= parameters


def test_a_page_holds_at_most_a_thousand_values_however_many_are_asked_for(api_as, users):
    """An unbounded ``limit`` would let one request serialise a whole run."""
    rows = [
        value_row(period_type="week", period=f"{year}-W{week:02d}", numerator=10, value=10.0)
        for year in range(2000, 2021)
        for week in range(1, 51)
    ]
    _run(rows)
    body = api_as(users["reader"]).get(VALUES, {"limit": 5000}).json()
    assert body["count"] == len(rows) == 1050
    assert len(body["results"]) == 1000
    assert "offset=1000" in body["next"]
