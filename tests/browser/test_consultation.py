"""Journey: a coordinator starts a consultation inviting AL; a member of AL gives inputs."""

from __future__ import annotations

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.governance import actions as governance_actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"


@pytest.fixture
def al_member(plan, make_user):
    forum = governance_actions.create_forum(by=ACTOR, short_name="AL", name="Afdelingsledelser")
    member = make_user("al_medlem")
    core_actions.grant_role(by=ACTOR, user=member, role=Role.FORUM_MEMBER, forum=forum)
    return member


def test_a_consultation_is_created_and_an_invited_forum_gives_an_input(
    page, live_server, plan, users, al_member, login
):
    login("koordinator", "pw")
    page.get_by_role("link", name="Høringer").first.click()
    page.get_by_role("link", name="Ny høring").click()
    page.get_by_role("button", name="Gem").click()
    # Nothing is typed yet: the form says in Danish what is missing.
    page.wait_for_selector(".error:has-text('En høring skal have en titel.')")
    page.get_by_label("Titel").fill("Ny kompetencestrategi")
    page.locator("#id_plan").select_option("vinter")
    page.get_by_label("Hvad spørger I om?").fill("Hidtidige erfaringer og gode råd.")
    page.get_by_label("Frist for input").fill("2030-03-01")
    # Det Fælles Designsystem draws the box on the label; the label is what a user clicks.
    page.locator("label", has_text="AL – Afdelingsledelser").click()
    assert page.get_by_label("AL – Afdelingsledelser").is_checked()
    page.get_by_role("button", name="Gem").click()
    page.wait_for_selector("h1:has-text('Ny kompetencestrategi')")
    assert "Frist 1. marts 2030" in page.inner_text("main")
    page.context.clear_cookies()

    login("al_medlem", "pw")
    page.goto(f"{live_server.url}/participation/consultations/")
    page.get_by_role("link", name="Giv input fra AL til “Ny kompetencestrategi”").click()
    page.get_by_label("Fremtidige anbefalinger").fill(
        "Ny viden via uddannelse og kurser skal være tæt på praksis"
    )
    page.get_by_role("button", name="Giv input").click()
    page.wait_for_selector("h2:has-text('Inputs fra AL')")
    main = page.inner_text("main")
    assert "Ny viden via uddannelse og kurser skal være tæt på praksis" in main
    assert "Tak: 1 input fra AL er registreret." in page.content()
