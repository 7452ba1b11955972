"""Journey 1: from PowerPoint to Fremdrift — upload a deck, check the preview, apply it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_imports_a_status_deck_through_preview_and_apply(
    page, live_server, demo_data, login, tmp_path
):
    from django.contrib.auth import get_user_model

    from fremdrift.core.actions import grant_role
    from fremdrift.portfolio.actions import create_plan
    from fremdrift.portfolio.models import Initiative, Plan
    from fremdrift.reports import service

    winter = Plan.objects.get(slug="vinterplan-2021")
    deck = tmp_path / "vinterplan-status.pptx"
    deck.write_bytes(service.generate(winter, fmt="pptx", no_baseline=True).data)
    # The administrator creates next winter's (empty) plan and makes Karen its coordinator.
    target = create_plan(by="admin", slug="vinterplan-kopi", title="Vinterplan (kopi)")
    karen = get_user_model().objects.get(username="koordinator")
    grant_role(by="admin", user=karen, role="koordinator", plan=target)

    login("koordinator")
    page.get_by_role("link", name="Importér").click()
    page.locator("#id_file").set_input_files(str(deck))
    page.locator("#id_plan_slug").fill("vinterplan-kopi")
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    page.wait_for_selector("h1:has-text('Forhåndsvisning')")
    assert not target.areas.exists()
    body = page.locator("main").inner_text()
    assert "Personale" in body and "Patientkontoret" in body
    page.get_by_role("button", name="Anvend importen").click()
    page.wait_for_selector("h2:has-text('Patientkontoret')")
    copy = Plan.objects.get(slug="vinterplan-kopi")
    assert [a.title for a in copy.areas.all()] == [a.title for a in winter.areas.all()]
    shared = Initiative.objects.filter(plan=copy, title__contains="(som i vagttid)")
    assert shared.exists()


def test_a_file_over_the_limit_gets_the_danish_413_page_in_the_apps_layout(
    page, live_server, demo_data, login, tmp_path, settings
):
    from fremdrift.interchange.models import ImportJob

    settings.FREMDRIFT_MAX_UPLOAD_BYTES = 200_000
    big = tmp_path / "stor-plan.yaml"
    big.write_bytes(b"plan: {slug: stor, title: Stor}\n# " + b"x" * 200_000)

    login("koordinator")
    page.get_by_role("link", name="Importér").click()
    page.locator("#id_file").set_input_files(str(big))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Vis forhåndsvisning").click()
    assert answer.value.status == 413
    page.wait_for_selector("h1:has-text('Filen er for stor')")
    assert "grænsen er 0,2 MB. Intet blev gemt." in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Importér").is_visible()  # the app's navigation
    assert not ImportJob.objects.exists()
