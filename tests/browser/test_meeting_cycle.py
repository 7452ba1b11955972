"""Issue 16, the meeting cycle in one flow: the coordinator prepares HMU (a round for the
meeting), the editor answers it, the deck is issued for the meeting, the meeting records
attendance, a group answer, a decision and an action item, and the next meeting's pack
shows the open action and what changed since."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role, UnitKind
from fremdrift.governance import actions as governance_actions
from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"
TITLE = "Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid"


@pytest.fixture
def hmu(transactional_db: Any) -> dict[str, Any]:
    region = core_actions.create_unit(by=ACTOR, name="Region Midtjylland", kind=UnitKind.REGION)
    hospital = core_actions.create_unit(
        by=ACTOR, name="Regionshospitalet Randers", kind=UnitKind.HOSPITAL, parent=region
    )
    plan = actions.create_plan(by=ACTOR, slug="vinter", title="Vinterplan")
    area = actions.create_area(plan, by=ACTOR, title="Hospitaler")
    initiative = actions.create_initiative(
        plan, by=ACTOR, title=TITLE, areas=[area], units={"local": [hospital]}, phase="afprøvning"
    )
    actions.record_status(
        initiative, by=ACTOR, seen_version=initiative.version, text="I gang i dagtid."
    )
    forum = governance_actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", plans=[plan]
    )
    governance_actions.add_forum_member(forum, by=ACTOR, name="Hanne Formand")
    today = timezone.localdate()
    first = governance_actions.create_meeting(
        forum, by=ACTOR, date=today + dt.timedelta(days=14), title="HMU-møde"
    )
    governance_actions.add_agenda_item(
        first,
        by=ACTOR,
        title="Vision for HMU",
        kind="drøftelse",
        questions=["Er de tre udsagn dækkende?"],
        discussion_minutes=20,
    )
    second = governance_actions.create_meeting(
        forum, by=ACTOR, date=today + dt.timedelta(days=60), title="HMU-møde"
    )
    users = get_user_model().objects
    coordinator = users.create_user(username="koordinator", password="demo")
    core_actions.grant_role(by=ACTOR, user=coordinator, role=Role.COORDINATOR, plan=plan)
    editor = users.create_user(username="redaktoer", password="demo")
    core_actions.grant_role(by=ACTOR, user=editor, role=Role.EDITOR, unit=hospital)
    return {"first": first, "second": second, "initiative": initiative}


def test_prepare_hold_and_follow_up_a_meeting(page, live_server, hmu, login):
    first, second = hmu["first"], hmu["second"]
    # 1. The coordinator prepares HMU: a round for the meeting with a deadline before it.
    login("koordinator")
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.get_by_role("link", name="Forbered mødet").click()
    page.wait_for_selector("h1:has-text('Forbered mødet')")
    page.get_by_role("button", name="Åbn statusrunder").click()
    page.wait_for_selector(".message:has-text('statusrunde(r) åbnet til mødet')")
    assert page.locator("#rounds table tbody tr").count() == 1

    # 2. The editor answers the round from "Mine opdateringer", proposing a new phase.
    page.context.clear_cookies()
    login("redaktoer")
    page.get_by_role("link", name="Mine opdateringer").click()
    page.locator("#owed tbody tr").first.locator("a").first.click()
    page.locator("#id_text").fill("Klar til implementering på alle matrikler.")
    page.locator("#id_phase").select_option("implementering")
    page.get_by_role("button", name="Indsend status").click()
    page.wait_for_selector(".message:has-text('Din opdatering er registreret')")

    # 3. The coordinator sees the proposal, puts it on the agenda and issues the deck.
    page.context.clear_cookies()
    login("koordinator")
    page.goto(f"{live_server.url}/governance/meetings/{first.pk}/prepare/")
    proposed = page.locator("#suggestions tbody tr", has_text="Faseskift foreslået")
    assert TITLE in proposed.inner_text()
    proposed.get_by_role("button", name="Sæt på dagsordenen").click()
    page.wait_for_selector(".message:has-text('Dagsordenspunktet blev tilføjet')")
    page.get_by_role("button", name="Udsend præsentationerne til mødet").click()
    page.wait_for_selector("#issue li[data-report]")

    # 4. The meeting: attendance, a group answer, a decision and an action item.
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.get_by_role("link", name="Registrér fremmøde").click()
    page.get_by_label("Hanne Formand", exact=True).select_option("present")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_selector("#attendance li:has-text('Hanne Formand: Fremmødt')")
    vision = page.locator("section.agenda-item", has_text="Vision for HMU")
    vision.get_by_role("link", name="Gruppesvar").click()
    page.locator("#id_question").select_option(label="Er de tre udsagn dækkende?")
    page.locator("#id_group").fill("Bord 1")
    page.locator("#id_text").fill("Ja, men vi mangler patientperspektivet.")
    page.get_by_role("button", name="Gem svaret").click()
    page.wait_for_selector("#group-answers:has-text('Bord 1')")

    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    item = page.locator("section.agenda-item", has_text=TITLE)
    item.get_by_role("link", name="Registrér beslutning").click()
    page.locator("#id_text").fill("HMU bakker op om implementering.")
    page.locator("#id_outcome").select_option("phase_change")
    page.locator("#id_phase").select_option("udbredelse")
    page.get_by_role("button", name="Registrér beslutning").click()
    page.wait_for_selector(".decision:has-text('HMU bakker op om implementering.')")

    item = page.locator("section.agenda-item", has_text=TITLE)
    item.get_by_role("link", name="Opfølgningspunkt").click()
    page.locator("#id_text").fill("Beskriv forløbet for weekender")
    page.locator("#id_owner_unit").select_option(label="Regionshospitalet Randers")
    page.locator("#id_deadline").fill((second.date - dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Gem").click()
    page.wait_for_selector("#actions tbody tr:has-text('Beskriv forløbet for weekender')")

    # The owner unit's editor sees it among their updates.
    page.context.clear_cookies()
    login("redaktoer")
    page.get_by_role("link", name="Mine opdateringer").click()
    assert "Beskriv forløbet for weekender" in page.locator("#my-actions").inner_text()

    # 5. The next meeting's pack shows the open action and the changes since.
    page.context.clear_cookies()
    login("koordinator")
    page.goto(f"{live_server.url}/governance/meetings/{second.pk}/pack/")
    assert "Beskriv forløbet for weekender" in page.locator("#pack-actions").inner_text()
    # The decision moved the initiative after the deck was issued for the first meeting.
    assert TITLE in page.locator("#pack-changes").inner_text()
