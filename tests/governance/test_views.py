"""The governance pages: who may see and change what, lists, downloads, query counts."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fremdrift.governance import actions
from fremdrift.governance.models import Decision, Meeting
from fremdrift.jobs.models import Job
from fremdrift.portfolio.models import Initiative
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_users_of_a_plan_the_forum_serves_see_its_forums_and_meetings(
    meetings: Any, users: Any
) -> None:
    client = client_for(users["editor_hr"])
    assert client.get("/governance/").status_code == 200
    page = client.get(meetings["december"].get_absolute_url())
    assert page.status_code == 200
    assert "Præhospitalet i dagtid" in page.content.decode()


def test_someone_without_a_role_gets_404(meetings: Any, users: Any) -> None:
    client = client_for(users["nobody"])
    assert client.get("/governance/").status_code == 404
    assert client.get(meetings["december"].get_absolute_url()).status_code == 404
    assert client.get(f"/governance/forums/{meetings['december'].forum_id}/").status_code == 404


def test_initiatives_the_user_may_not_see_are_not_shown_on_the_agenda(
    meetings: Any, users: Any
) -> None:
    from fremdrift.portfolio import actions as portfolio_actions

    other = portfolio_actions.create_plan(by=ACTOR, slug="andet", title="En anden plan")
    hidden = portfolio_actions.create_initiative(other, by=ACTOR, title="Hemmelig indsats")
    item = meetings["item"]
    actions.update_agenda_item(item, by=ACTOR, initiatives=[*item.initiatives.all(), hidden])
    page = client_for(users["reader"]).get(meetings["december"].get_absolute_url())
    assert page.status_code == 200
    assert "Prøvehandling hvor Præhospitalet" in page.content.decode()
    assert "Hemmelig indsats" not in page.content.decode()


def test_a_reader_may_not_create_meetings_or_record_decisions(meetings: Any, users: Any) -> None:
    client = client_for(users["reader"])
    forum = meetings["december"].forum
    assert client.get(f"/governance/forums/{forum.pk}/meetings/new/").status_code == 403
    response = client.post(
        f"/governance/items/{meetings['item'].pk}/decision/", {"text": "X", "outcome": "approved"}
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_a_coordinator_creates_a_meeting_and_an_agenda_item(
    forum: Any, plan: Any, users: Any
) -> None:
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/forums/{forum.pk}/meetings/new/",
        {"date": "2021-12-20", "title": "HMU-møde", "place": "Aarhus"},
    )
    meeting = Meeting.objects.get(date=dt.date(2021, 12, 20))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    shared = plan.initiatives_by_key["shared"]
    response = client.post(
        f"/governance/meetings/{meeting.pk}/items/new/",
        {
            "title": "Vision for HMU",
            "kind": "drøftelse",
            "initiatives": [shared.pk],
            "questions": "Er de tre udsagn dækkende?\nHvad betyder de for jer? (10 min.)",
            "discussion_minutes": "20",
        },
    )
    assert response.status_code == 302
    item = meeting.items.get()
    assert [(q.text, q.minutes) for q in item.questions.all()] == [
        ("Er de tre udsagn dækkende?", None),
        ("Hvad betyder de for jer?", 10),
    ]


def test_a_meeting_form_error_is_shown_and_nothing_is_saved(forum: Any, users: Any) -> None:
    client = client_for(users["coordinator"])
    response = client.post(
        f"/governance/forums/{forum.pk}/meetings/new/",
        {"date": "2021-12-20", "end_date": "2021-12-19"},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Meeting.objects.filter(date=dt.date(2021, 12, 20)).exists()


def test_a_coordinator_records_a_decision_that_moves_the_initiative(
    meetings: Any, plan: Any, users: Any
) -> None:
    client = client_for(users["coordinator"])
    shared = plan.initiatives_by_key["shared"]
    response = client.post(
        f"/governance/items/{meetings['item'].pk}/decision/",
        {
            "text": "Forummet beslutter at udbrede til alle afdelinger.",
            "outcome": "phase_change",
            "phase": "udbredelse",
            "initiatives": [shared.pk],
            "versions": f"{shared.pk}:{shared.version}",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    assert Initiative.objects.get(pk=shared.pk).phase == "udbredelse"
    page = client.get(shared.get_absolute_url()).content.decode()
    assert "Forummet beslutter at udbrede til alle afdelinger." in page
    assert decision.get_absolute_url() in page  # the history links the decision


def test_a_coordinator_of_another_plan_cannot_reach_the_forum_to_decide(
    meetings: Any, plan: Any, make_user: Any
) -> None:
    from fremdrift.portfolio import actions as portfolio_actions

    other_plan = portfolio_actions.create_plan(by=ACTOR, slug="andet", title="Andet")
    other = make_user("anden_koordinator", "koordinator", plan=other_plan)
    shared = plan.initiatives_by_key["shared"]
    response = client_for(other).post(
        f"/governance/items/{meetings['item'].pk}/decision/",
        {
            "text": "X",
            "outcome": "phase_change",
            "phase": "drift",
            "initiatives": [shared.pk],
            "versions": f"{shared.pk}:{shared.version}",
        },
    )
    assert response.status_code == 404
    assert Initiative.objects.get(pk=shared.pk).phase == "afprøvning"


def _hidden_versions(html: str) -> str:
    match = re.search(r'name="versions" value="([^"]*)"', html)
    assert match, "the decision form carries the versions it was read at"
    return match.group(1)


def test_a_decision_on_an_initiative_changed_since_the_form_opened_is_refused_keeping_the_text(
    meetings: Any, plan: Any, users: Any
) -> None:
    from fremdrift.portfolio import actions as portfolio_actions

    client = client_for(users["coordinator"])
    shared = plan.initiatives_by_key["shared"]
    url = f"/governance/items/{meetings['item'].pk}/decision/"
    seen = _hidden_versions(client.get(url).content.decode())
    assert seen == f"{shared.pk}:{shared.version}"
    portfolio_actions.record_status(
        shared, by="someone", seen_version=shared.version, text="Afprøvningen er sat på pause."
    )
    typed = {
        "text": "Forummet beslutter at udbrede til alle afdelinger.",
        "outcome": "phase_change",
        "phase": "udbredelse",
        "initiatives": [shared.pk],
        "versions": seen,
    }
    response = client.post(url, typed, HTTP_ACCEPT_LANGUAGE="da")
    html = response.content.decode()
    assert response.status_code == 409
    assert "En anden har gemt i mellemtiden" in html
    assert "Afprøvningen er sat på pause." in html  # what the initiative says now
    assert typed["text"] in html  # what the secretary typed is kept
    assert not Decision.objects.exists()
    assert Initiative.objects.get(pk=shared.pk).phase == "afprøvning"
    # having read the change, they record the decision on top of it
    again = client.post(url, {**typed, "versions": _hidden_versions(html)})
    assert again.status_code == 302
    assert Initiative.objects.get(pk=shared.pk).phase == "udbredelse"


def test_a_decision_that_moves_initiatives_without_the_versions_seen_is_refused(
    meetings: Any, plan: Any, users: Any
) -> None:
    shared = plan.initiatives_by_key["shared"]
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{meetings['item'].pk}/decision/",
        {
            "text": "Udbredes.",
            "outcome": "phase_change",
            "phase": "udbredelse",
            "initiatives": [shared.pk],
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "Åbn siden igen" in response.content.decode()
    assert not Decision.objects.exists()
    assert Initiative.objects.get(pk=shared.pk).phase == "afprøvning"


def test_the_decision_form_asks_for_a_phase_when_the_outcome_is_a_move(
    meetings: Any, users: Any
) -> None:
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{meetings['item'].pk}/decision/",
        {"text": "Flyt den", "outcome": "phase_change"},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_the_forum_page_has_a_filterable_decision_log_and_xlsx(
    meetings: Any, users: Any, plan: Any
) -> None:
    from openpyxl import load_workbook

    actions.record_decision(
        meetings["item"], by=ACTOR, outcome="approved", text="Godkendt med bemærkninger."
    )
    client = client_for(users["coordinator"])
    forum = meetings["item"].meeting.forum
    page = client.get(f"/governance/forums/{forum.pk}/?q=bemærkninger").content.decode()
    assert "Godkendt med bemærkninger." in page
    page = client.get(f"/governance/forums/{forum.pk}/?outcome=rejected").content.decode()
    assert "Godkendt med bemærkninger." not in page
    response = client.get(f"/governance/forums/{forum.pk}/?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(2, 4).value == "Godkendt med bemærkninger."


def test_the_initiative_page_shows_its_decision_log_panel(
    meetings: Any, plan: Any, users: Any
) -> None:
    actions.record_decision(
        meetings["item"], by=ACTOR, outcome="deferred", text="Udsat til næste møde."
    )
    shared = plan.initiatives_by_key["shared"]
    page = client_for(users["reader"]).get(shared.get_absolute_url()).content.decode()
    assert "Udsat til næste møde." in page
    assert meetings["december"].get_absolute_url() in page


def test_the_plan_page_links_the_process_plan(plan: Any, users: Any) -> None:
    page = client_for(users["reader"]).get(plan.get_absolute_url()).content.decode()
    assert f"/governance/plans/{plan.slug}/process/" in page


def test_the_process_plan_shows_the_next_milestone_and_downloads(
    meetings: Any, plan: Any, users: Any
) -> None:
    actions.create_milestone(plan, by=ACTOR, title="FL-seminar 16.12", date=dt.date(2021, 12, 16))
    client = client_for(users["reader"])
    page = client.get(f"/governance/plans/{plan.slug}/process/?after=2021-12-10")
    assert page.status_code == 200
    body = page.content.decode()
    assert "FL-seminar 16.12" in body.split('class="next-milestone"', 1)[1].split("</section>")[0]
    svg = client.get(f"/governance/plans/{plan.slug}/process.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b"<svg")
    pdf = client.get(f"/governance/plans/{plan.slug}/process.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_a_reader_may_not_add_milestones(plan: Any, users: Any) -> None:
    client = client_for(users["reader"])
    assert client.get(f"/governance/plans/{plan.slug}/milestones/new/").status_code == 403


def test_the_meeting_pack_is_made_as_a_task_and_downloads_as_pdf_and_pptx(
    meetings: Any, users: Any
) -> None:
    client = client_for(users["reader"])
    url = f"/governance/meetings/{meetings['december'].pk}/pack"
    assert client.get(f"{url}.pdf")["Location"] == f"{url}/"  # the page with the buttons
    pdf = client.post(f"{url}.pdf", follow=True)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "HMU-2021-12-10-moedemateriale.pdf" in pdf["Content-Disposition"]
    pptx = client.post(f"{url}.pptx", follow=True)
    assert pptx.status_code == 200 and pptx.content[:2] == b"PK"
    # The file is the asking user's: another user cannot fetch it.
    job = Job.objects.filter(kind="meeting_pack").order_by("-pk").first()
    other = client_for(users["editor_hr"])
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_the_meeting_list_filters_sorts_and_downloads(meetings: Any, users: Any) -> None:
    client = client_for(users["reader"])
    page = client.get("/governance/meetings/?year=2021&sort=-date").content.decode()
    assert page.index("10. december 2021") < page.index("4. november 2021")
    xlsx = client.get("/governance/meetings/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_pages_take_a_fixed_number_of_queries(
    meetings: Any, forum: Any, users: Any, plan: Any
) -> None:
    client = client_for(users["coordinator"])
    urls = ["/governance/", "/governance/meetings/", f"/governance/forums/{forum.pk}/"]
    actions.record_decision(meetings["item"], by=ACTOR, outcome="approved", text="Første")
    before = [_queries(client, url) for url in urls]
    assert before == [5, 6, 10]
    shared = plan.initiatives_by_key["shared"]
    for day in range(1, 6):
        meeting = actions.create_meeting(forum, by=ACTOR, date=dt.date(2022, 1, day))
        item = actions.add_agenda_item(
            meeting,
            by=ACTOR,
            title="Punkt",
            kind="beslutning",
            initiatives=[shared],
            questions=["Spørgsmål?"],
        )
        actions.record_decision(item, by=ACTOR, outcome="approved", text=f"Beslutning {day}")
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_the_process_plan_steps_download_as_xlsx(meetings: Any, plan: Any, users: Any) -> None:
    from openpyxl import load_workbook

    actions.create_milestone(plan, by=ACTOR, title="AL-møde 31.01", date=dt.date(2022, 1, 31))
    response = client_for(users["reader"]).get(
        f"/governance/plans/{plan.slug}/process/?format=xlsx"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert "AL-møde 31.01" in [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)]


def test_a_malformed_filter_is_ignored_not_an_error(meetings: Any, users: Any) -> None:
    response = client_for(users["reader"]).get("/governance/meetings/?forum=abc&year=x")
    assert response.status_code == 200


def test_a_cancelled_meeting_takes_no_decision_until_it_is_reinstated(
    meetings: Any, plan: Any, users: Any
) -> None:
    december, item = meetings["december"], meetings["item"]
    actions.cancel_meeting(december, by="test", reason="Sygdom")
    client = client_for(users["coordinator"])
    page = client.get(december.get_absolute_url()).content.decode()
    assert f"/governance/items/{item.pk}/decision/" not in page  # no button to record one
    response = client.post(
        f"/governance/items/{item.pk}/decision/", {"text": "Godkendt.", "outcome": "approved"}
    )
    assert response.status_code == 200
    assert "Mødet er aflyst" in response.content.decode()
    assert not Decision.objects.exists()
    actions.reinstate_meeting(december, by="test")
    assert (
        f"/governance/items/{item.pk}/decision/"
        in client.get(december.get_absolute_url()).content.decode()
    )
    response = client.post(
        f"/governance/items/{item.pk}/decision/", {"text": "Godkendt.", "outcome": "approved"}
    )
    assert response.status_code == 302
    assert Decision.objects.count() == 1
