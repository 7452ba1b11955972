"""The API's decision list: by default every decision, superseded ones too (clients rely on
it); ``?current=true`` gives the decision log as the pages show it, ``false`` what was
corrected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fremdrift.governance import actions, cycle

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def decisions(plan: Any) -> dict[str, Any]:
    """On one item: a decision corrected by another, and a decision never corrected."""
    forum = actions.create_forum(by=ACTOR, short_name="HMU", name="Hoved-MED", plans=[plan])
    meeting = actions.create_meeting(forum, by=ACTOR, date=dt.date(2021, 12, 10))
    item = actions.add_agenda_item(meeting, by=ACTOR, title="Præhospitalet", kind="beslutning")
    first = actions.record_decision(item, by=ACTOR, text="Godkendt.", outcome="approved")
    correction = cycle.correct_decision(first, by=ACTOR, text="Udsat.", outcome="deferred")
    other = actions.record_decision(item, by=ACTOR, text="Afvist.", outcome="rejected")
    return {"superseded": first, "correction": correction, "other": other}


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {d["id"] for d in response.json()["results"]}


def test_the_default_list_keeps_the_superseded_decisions(api_as, users, decisions):
    client = api_as(users["coordinator"])
    assert _ids(client.get("/api/v1/decisions/")) == {d.pk for d in decisions.values()}


def test_current_true_leaves_out_what_was_corrected(api_as, users, decisions):
    client = api_as(users["coordinator"])
    body = client.get("/api/v1/decisions/", {"current": "true"})
    assert _ids(body) == {decisions["correction"].pk, decisions["other"].pk}
    correction = next(d for d in body.json()["results"] if d["id"] == decisions["correction"].pk)
    assert correction["supersedes"] == decisions["superseded"].pk


def test_current_false_gives_only_the_superseded_decisions(api_as, users, decisions):
    client = api_as(users["coordinator"])
    body = client.get("/api/v1/decisions/", {"current": "false"})
    assert _ids(body) == {decisions["superseded"].pk}
    assert body.json()["results"][0]["superseded_by"] == decisions["correction"].pk


def test_the_schema_documents_the_current_filter(api_as, users):
    schema = api_as(users["reader"]).get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/decisions/"]["get"]["parameters"]}
    assert parameters["current"]["in"] == "query"
    assert parameters["current"]["schema"]["type"] == "boolean"
    assert parameters["current"].get("description")
