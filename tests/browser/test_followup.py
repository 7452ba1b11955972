"""Journey: before the meeting an editor answers the update round; the coordinator sees it."""

from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def _reported(page) -> tuple[int, int]:
    text = page.locator("#progress-summary").inner_text()
    match = re.search(r"(\d+) af (\d+) indrapporteret", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def _open_progress(page, live_server) -> tuple[int, int]:
    page.goto(f"{live_server.url}/plans/vinterplan-2021/")
    page.get_by_role("link", name="Statusrunder").click()
    page.get_by_role("link", name="Status til Koncernledelsen").click()
    page.wait_for_selector("#progress-summary")
    return _reported(page)


def test_editor_answers_and_the_coordinator_sees_the_progress(page, live_server, demo_data, login):
    login("koordinator")
    before, total = _open_progress(page, live_server)
    shot(page, "followup-progress-before")
    page.context.clear_cookies()

    login("redaktoer")
    page.get_by_role("link", name="Mine opdateringer").click()
    page.wait_for_selector("h1:has-text('Mine opdateringer')")
    owed = page.locator("#owed tbody tr")
    n_owed = owed.count()
    assert n_owed >= 2
    shot(page, "followup-mine")

    first_request = owed.nth(0).get_attribute("data-request")
    owed.nth(0).locator("a").first.click()
    page.get_by_role("button", name="Bekræft uændret").click()
    page.wait_for_selector(".message:has-text('Registreret som uændret')")
    assert page.locator("#owed tbody tr").count() == n_owed - 1
    answered = page.locator(f'#answered tr[data-request="{first_request}"]')
    assert "Uændret" in answered.inner_text()

    page.locator("#owed tbody tr").nth(0).locator("a").first.click()
    page.locator("#id_text").fill("Første hold SPV'er starter i marts. Midler er afsat.")
    page.locator("#id_phase").select_option("implementering")
    shot(page, "followup-answer")
    page.get_by_role("button", name="Indsend status").click()
    page.wait_for_selector(".message:has-text('Din opdatering er registreret')")
    assert page.locator("#owed tbody tr").count() == n_owed - 2
    shot(page, "followup-mine-after")
    page.context.clear_cookies()

    login("koordinator")
    after, total_after = _open_progress(page, live_server)
    assert (after, total_after) == (before + 2, total)
    row = page.locator(f'#by-initiative tr[data-request="{first_request}"]')
    assert "Uændret" in row.inner_text() and "Indrapporteret" in row.inner_text()
    shot(page, "followup-progress-after")


def test_initiative_page_and_heatmap_show_local_implementation(page, live_server, demo_data, login):
    login("koordinator")
    page.goto(f"{live_server.url}/plans/vinterplan-2021/")
    assert page.locator(".row-note", has_text="Lokalt: 1 af 1 enhed i").count() >= 3
    page.get_by_role("link", name="Lokal implementering").click()
    page.wait_for_selector("#heatmap")
    table = page.locator("#heatmap")
    assert table.locator("td", has_text="Implementering").count() >= 1
    shot(page, "followup-heatmap")
    table.get_by_role("link", name=re.compile("overblik", re.I)).first.click()
    page.wait_for_selector("#local-status")
    assert page.locator("svg.radar").count() >= 1
    shot(page, "followup-initiative")


def _a_local_link():
    from fremdrift.portfolio.models import InitiativeUnit

    link = InitiativeUnit.objects.filter(role="local").order_by("initiative__title", "pk").first()
    return link.initiative_id, link.unit_id


@pytest.mark.parametrize("width", [1280, 390])
def test_the_readiness_scores_sit_on_one_line_per_dimension(
    page, live_server, demo_data, login, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login("koordinator")
    initiative, unit = _a_local_link()
    page.goto(f"{live_server.url}/followup/initiatives/{initiative}/readiness/{unit}/")
    radios = page.locator("fieldset.score-radios").first.locator("input[type=radio]")
    assert radios.count() == 5
    tops = {round(radios.nth(i).bounding_box()["y"]) for i in range(5)}
    assert len(tops) == 1, tops  # 1 2 3 4 5 side by side, not a column
    box = page.locator("fieldset.score-radios").first.locator("label").first.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # a target a finger can hit
    shot(page, f"followup-readiness-{width}")


def test_on_a_phone_the_review_buttons_and_missing_list_are_on_screen(
    page, live_server, demo_data, login
):
    from fremdrift.followup import actions
    from fremdrift.followup.choices import AnswerKind
    from fremdrift.followup.models import UpdateRound
    from fremdrift.portfolio import actions as portfolio_actions

    update_round = UpdateRound.objects.select_related("plan").filter(closed_at=None).first()
    portfolio_actions.update_plan(update_round.plan, by="t", review_required=True)
    request = update_round.requests.filter(state="outstanding").first()
    actions.submit_answer(request, by="t", kind=AnswerKind.UNCHANGED)
    page.set_viewport_size({"width": 390, "height": 800})
    login("koordinator")
    page.goto(f"{live_server.url}{update_round.get_absolute_url()}?show=missing")
    for locator in (
        page.get_by_role("button", name="Godkend").first,
        page.locator("#by-unit tbody tr").first.locator("td").last,
        page.locator("#by-initiative tbody tr").first.locator("td").nth(1),
    ):
        box = locator.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "followup-round-390")


def test_on_a_phone_my_updates_fit_the_screen(page, live_server, demo_data, login):
    page.set_viewport_size({"width": 390, "height": 800})
    login("redaktoer")
    page.goto(f"{live_server.url}/followup/mine/")
    row = page.locator("#owed tbody tr").first
    for cell in (row.locator("a").first, row.locator("td").last):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    shot(page, "followup-mine-390")


def test_on_a_phone_the_heatmap_shows_data_beside_the_initiative(
    page, live_server, demo_data, login
):
    page.set_viewport_size({"width": 390, "height": 800})
    login("koordinator")
    page.goto(f"{live_server.url}/followup/heatmap/?plan=vinterplan-2021")
    row = page.locator("#heatmap tbody tr").first
    title = row.locator("th").bounding_box()
    assert title["width"] <= 390 / 2, title  # room for the phases beside it
    first_cell = row.locator("td").first.bounding_box()
    assert first_cell["x"] + first_cell["width"] <= 390, first_cell
    shot(page, "followup-heatmap-390")
