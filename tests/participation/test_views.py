"""The participation pages: workshops, long-lists with the two-axis chart, promotion."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fremdrift.participation import actions
from fremdrift.participation.models import Candidate, Workshop
from fremdrift.portfolio.models import Initiative
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def long_list(plan: Any) -> Any:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    for number, (title, x, y) in enumerate(
        [("Psyko-bussen", 4, 2), ("Sociale tiltag", 2, 5), ("Medicinstuderende", None, None)]
    ):
        candidate = actions.add_candidate(long_list, by=ACTOR, title=title)
        if x is not None:
            actions.score_candidate(candidate, by=ACTOR, x_score=x, y_score=y)
        del number
    return long_list


def test_a_coordinator_records_a_workshop_with_participants_by_profession(
    plan: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/plans/{plan.slug}/workshops/new/",
        {
            "title": "Temaworkshop: Socialrådgivernes rolle",
            "date": "2021-10-28",
            "participants": "6 socialrådgivere\n8 repr. fra øvrige faggrupper",
            "recommendations": "Socialrådgivere i alle afdelinger\n• Social screening",
            "facilitators": "Karen Norberg",
        },
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"] == workshop.get_absolute_url()
    assert workshop.participant_total == 14
    assert [o.text for o in workshop.outputs.filter(kind="recommendation")] == [
        "Socialrådgivere i alle afdelinger",
        "Social screening",
    ]


def test_a_reader_may_see_but_not_record_workshops(plan: Any, users: Any) -> None:
    client = client_for(users["reader"])
    assert client.get(f"/participation/plans/{plan.slug}/workshops/").status_code == 200
    assert client.get(f"/participation/plans/{plan.slug}/workshops/new/").status_code == 403


def test_someone_who_cannot_see_the_plan_gets_404(plan: Any, long_list: Any, users: Any) -> None:
    client = client_for(users["nobody"])
    assert client.get(f"/participation/plans/{plan.slug}/workshops/").status_code == 404
    assert client.get(long_list.get_absolute_url()).status_code == 404


def test_a_workshop_recommendation_goes_on_the_long_list(
    plan: Any, long_list: Any, users: Any
) -> None:
    workshop = actions.create_workshop(
        plan,
        by=ACTOR,
        title="Temaworkshop",
        date=dt.date(2021, 11, 2),
        recommendations=["Psyko-bussen"],
    )
    output = workshop.outputs.get()
    client = client_for(users["coordinator"])
    response = client.post(
        f"/participation/outputs/{output.pk}/to-long-list/", {"long_list": long_list.pk}
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(workshop_output=output)
    assert candidate.source == "workshop"
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f"#candidate-{candidate.pk}" in page
    reader = client_for(users["reader"])
    response = reader.post(
        f"/participation/outputs/{output.pk}/to-long-list/", {"long_list": long_list.pk}
    )
    assert response.status_code == 403


def test_the_long_list_has_a_chart_with_a_table_alternative(long_list: Any, users: Any) -> None:
    page = client_for(users["reader"]).get(long_list.get_absolute_url()).content.decode()
    start = page.rindex("<svg", 0, page.index('aria-labelledby="chart-title"'))
    svg = page[start : page.index("</svg>", start) + 6]
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == 2  # the unscored candidate is only in the table
    assert "Medicinstuderende" in page.split("<table", 1)[1]
    assert "<form" not in page.split("<table", 1)[1].split("</table>")[0]  # readers only read


def test_the_long_list_filters_sorts_and_downloads(long_list: Any, users: Any) -> None:
    from openpyxl import load_workbook

    client = client_for(users["reader"])
    page = client.get(f"{long_list.get_absolute_url()}?sort=y").content.decode()
    table = page.split("<tbody>", 1)[1]
    assert (
        table.index("Sociale tiltag")
        < table.index("Psyko-bussen")
        < table.index("Medicinstuderende")
    )
    response = client.get(f"{long_list.get_absolute_url()}?format=xlsx&sort=x")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [sheet.cell(r, 2).value for r in (2, 3, 4)] == [
        "Psyko-bussen",
        "Sociale tiltag",
        "Medicinstuderende",
    ]
    assert sheet.cell(2, 1).value == 1  # the number in the chart


def test_a_coordinator_scores_and_a_bad_score_is_refused(long_list: Any, users: Any) -> None:
    candidate = long_list.candidates.get(title="Medicinstuderende")
    client = client_for(users["coordinator"])
    url = f"/participation/candidates/{candidate.pk}/score/"
    client.post(url, {f"c{candidate.pk}-x_score": "3", f"c{candidate.pk}-y_score": "4"})
    candidate.refresh_from_db()
    assert (candidate.x_score, candidate.y_score) == (3, 4)
    client.post(url, {f"c{candidate.pk}-x_score": "9", f"c{candidate.pk}-y_score": "4"})
    candidate.refresh_from_db()
    assert candidate.x_score == 3
    assert client_for(users["reader"]).post(url, {}).status_code == 403


def test_a_coordinator_promotes_a_candidate_to_an_initiative(
    long_list: Any, plan: Any, users: Any
) -> None:
    candidate = long_list.candidates.get(title="Psyko-bussen")
    client = client_for(users["coordinator"])
    url = f"/participation/candidates/{candidate.pk}/promote/"
    assert client.get(url).status_code == 200
    area = plan.areas_by_slug["personale"]
    response = client.post(
        url,
        {
            "plan": plan.slug,
            "title": "Psyko-bussen",
            "areas": [area.pk],
            "kind": "udvikling",
            "work_form": "prøvehandling",
            "phase": "afprøvning",
        },
    )
    initiative = Initiative.objects.get(title="Psyko-bussen")
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert long_list.title in page  # the origin panel


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_pages_take_a_fixed_number_of_queries(long_list: Any, plan: Any, users: Any) -> None:
    client = client_for(users["coordinator"])
    actions.create_workshop(
        plan,
        by=ACTOR,
        title="W0",
        date=dt.date(2021, 10, 1),
        participants=[("Læger", 3)],
        recommendations=["R"],
    )
    urls = [
        long_list.get_absolute_url(),
        f"/participation/plans/{plan.slug}/workshops/",
        f"/participation/plans/{plan.slug}/long-lists/",
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(5):
        candidate = actions.add_candidate(long_list, by=ACTOR, title=f"Kandidat {n}")
        actions.score_candidate(candidate, by=ACTOR, x_score=1 + n % 5, y_score=2)
        actions.create_workshop(
            plan,
            by=ACTOR,
            title=f"W{n + 1}",
            date=dt.date(2021, 11, 1),
            participants=[("Læger", 3)],
            recommendations=["R"],
        )
    assert [_queries(client, url) for url in urls] == before


def test_a_malformed_long_list_id_is_a_404(plan: Any, long_list: Any, users: Any) -> None:
    workshop = actions.create_workshop(
        plan, by=ACTOR, title="W", date=dt.date(2021, 11, 2), recommendations=["R"]
    )
    output = workshop.outputs.get()
    response = client_for(users["coordinator"]).post(
        f"/participation/outputs/{output.pk}/to-long-list/", {"long_list": "x"}
    )
    assert response.status_code == 404


def test_a_candidate_from_a_forum_discussion_is_added_on_the_long_list_page(
    long_list: Any, meetings: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        f"/participation/long-lists/{long_list.pk}/candidates/",
        {"title": "Mere tværfaglighed", "source": "manual", "agenda_item": meetings["item"].pk},
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(title="Mere tværfaglighed")
    assert (candidate.source, candidate.agenda_item) == ("forum", meetings["item"])
