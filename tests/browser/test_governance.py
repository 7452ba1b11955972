"""Journey 3, "In the meeting": the HMU of 10 December decides to roll the sprint on
standard texts out to all departments; the secretary records the decision, the initiative
moves to udbredelse with the decision linked, the next meeting pack marks the change, and
the process plan shows the next milestone."""

from __future__ import annotations

import os

import pytest

from tests import tools

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")
DECISION = "HMU beslutter, at standardteksterne for medicinordination udbredes til alle afdelinger."


def shot(page, name: str, full_page: bool = False) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=full_page)


def test_the_forum_decides_to_roll_out_and_the_pack_and_process_plan_follow(
    page, live_server, demo_data, login
):
    login("koordinator")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Fora").click()
    page.get_by_role("link", name="HMU", exact=True).click()
    page.wait_for_selector("h1:has-text('Hoved-MED-udvalget')")
    shot(page, "governance-forum", full_page=True)
    page.get_by_role("link", name="10. december 2021", exact=True).click()
    page.wait_for_selector("h1:has-text('HMU 10. december 2021')")
    item = page.locator(
        "section.agenda-item", has_text="Sprint: Standardtekster ved medicinordination"
    )
    assert "Beslutning" in item.locator(".tag").first.inner_text()
    shot(page, "governance-meeting", full_page=True)

    item.get_by_role("link", name="Registrér beslutning").click()
    page.locator("#id_text").fill(DECISION)
    page.locator("#id_outcome").select_option("phase_change")
    page.locator("#id_phase").select_option("udbredelse")
    checkbox = page.get_by_label(
        "Forenkling ved øget brug af standardtekster ved medicinordination"
    )
    assert checkbox.is_checked()
    shot(page, "governance-decision-form")
    page.get_by_role("button", name="Registrér beslutning").click()
    page.wait_for_selector(".message")
    decision = page.locator(".decision", has_text=DECISION)
    assert decision.count() == 1
    assert "Udbredelse" in decision.inner_text()

    decision.get_by_role("link", name="Forenkling ved øget brug af standardtekster").click()
    page.wait_for_selector("h1:has-text('Forenkling ved øget brug af standardtekster')")
    assert "Udbredelse" in page.locator(".page-head .badges").inner_text()
    latest = page.locator(".timeline li").first
    assert DECISION in latest.inner_text()
    note = latest.get_by_role("link", name="Fase ændret ved beslutning i HMU 10.12.2021")
    assert note.count() == 1
    panel = page.locator("section.panel", has_text="Beslutningslog")
    assert DECISION in panel.inner_text()
    shot(page, "governance-initiative", full_page=True)

    note.click()  # back to the decision on the meeting page
    page.wait_for_selector("h1:has-text('HMU 10. december 2021')")
    page.get_by_role("link", name="Næste møde: 20. december 2021").click()
    page.wait_for_selector("h1:has-text('HMU 20. december 2021')")
    page.get_by_role("link", name="Nyt dagsordenspunkt").click()
    page.locator("#id_title").fill("Opfølgning på sprintforløb")
    page.locator("#id_kind").select_option("orientering")
    # (the initiatives are grouped under their plan)
    page.locator("#id_initiatives").select_option(
        label="Forenkling ved øget brug af standardtekster ved medicinordination"
    )
    page.get_by_role("button", name="Gem").click()
    page.wait_for_selector(".message")

    page.get_by_role("link", name="Mødemateriale", exact=True).click()
    page.wait_for_selector("h1:has-text('Mødemateriale')")
    assert "ændringer siden HMU 10. december 2021" in page.locator(".meta").first.inner_text()
    marked = " ".join(page.locator("mark.changed").all_inner_texts())
    assert "udbredes til alle afdelinger" in marked
    assert "Udbredelse" in marked
    shot(page, "governance-pack", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Mødemateriale (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    text = tools.run([tools.pdftotext(), str(path), "-"], timeout=120, check=True).stdout.decode()
    assert "udbredes til alle afdelinger" in " ".join(text.split())

    page.goto(f"{live_server.url}/governance/")
    page.get_by_role("link", name="HMU", exact=True).click()
    page.get_by_role("link", name="10. december 2021", exact=True).click()
    page.get_by_role("link", name="Robust Psykiatri 2021/2022").click()
    page.wait_for_selector("h1:has-text('Procesplan')")
    next_box = page.locator("section.next-milestone")
    assert "Næste milepæl efter 10. december 2021" in next_box.inner_text()
    assert "FL-seminar 16.12" in next_box.inner_text()
    assert page.locator("figure.timeline-figure svg").count() == 1
    assert page.locator("tr.is-next", has_text="FL-seminar 16.12").count() == 1
    shot(page, "governance-process-plan", full_page=True)


def test_the_long_list_chart_and_table_and_a_workshop(page, live_server, demo_data, login):
    login("koordinator")
    page.get_by_role("link", name="Robust Psykiatri 2021/2022").click()
    page.get_by_role("link", name="Workshops").first.click()
    page.get_by_role(
        "link", name="Temaworkshop: Fastholdelse og rekruttering af uddannelseslæger"
    ).click()
    assert "17" in page.locator("tfoot").inner_text()
    shot(page, "participation-workshop", full_page=True)
    page.goto(f"{live_server.url}/participation/plans/robust-psykiatri-2022/long-lists/")
    page.get_by_role("link", name="Bruttoliste over mulige indsatser 2022").click()
    row = page.locator("tr", has_text="Psyko-bussen")
    row.locator("input[type=number]").nth(0).fill("4")
    row.locator("input[type=number]").nth(1).fill("3")
    row.get_by_role(
        "button", name="Gem score: Psyko-bussen (speciallæger hjælper regionspsykiatrien)"
    ).click()
    page.wait_for_selector(".message")
    # the point of the candidate just scored, with its scores (the demo scored the others)
    titles = page.locator("figure.chart-figure svg g > title").all_text_contents()
    scored = [t for t in titles if "Psyko-bussen" in t]
    assert len(scored) == 1 and " 4, " in scored[0] and scored[0].endswith(" 3)"), scored
    shot(page, "participation-long-list", full_page=True)
