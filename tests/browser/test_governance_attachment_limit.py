"""A file (bilag) over the upload limit on a meeting page: the page says so at the file field,
in Danish, before anything is sent, and keeps the title; a smaller file is then attached.
Without the script (or past it) the server still refuses the file with its 413 page, which
leads back to the meeting page."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")
LIMIT = 200_000  # 0,2 MB
TITLE = "Budgetoverblik til drøftelse – udkast"
MESSAGE = "Filen er for stor: den fylder 0,3 MB, og grænsen er 0,2 MB. Vælg en mindre fil."


def _meeting_url(live_server) -> str:
    from fremdrift.governance.models import Meeting

    meeting = Meeting.objects.get(forum__short_name="HMU", date=dt.date(2021, 12, 10))
    return f"{live_server.url}{meeting.get_absolute_url()}"


def _files(tmp_path) -> tuple[str, str]:
    big = tmp_path / "stort-bilag.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"x" * 300_000)
    small = tmp_path / "bilag.pdf"
    small.write_bytes(b"%PDF-1.4\n" + b"x" * 1_000)
    return str(big), str(small)


def test_a_file_over_the_limit_is_stopped_at_the_field_and_the_title_is_kept(
    page, live_server, demo_data, login, tmp_path, settings
):
    from fremdrift.governance.models import Attachment

    settings.FREMDRIFT_MAX_UPLOAD_BYTES = LIMIT
    big, small = _files(tmp_path)
    before = Attachment.objects.count()
    login("koordinator")
    page.goto(_meeting_url(live_server))
    section = page.locator("section#attachments")
    file_input = section.locator("#id_file")
    assert file_input.get_attribute("data-max-bytes") == str(LIMIT)  # from the setting
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    section.get_by_label("Titel").fill(TITLE)
    file_input.set_input_files(big)
    field = section.locator(".field", has=page.locator("#id_file"))
    error = field.locator("p.error")
    assert error.inner_text() == MESSAGE  # at once, at the field
    section.get_by_role("button", name="Vedhæft filen").click()
    assert error.inner_text() == MESSAGE
    assert "has-error" in field.get_attribute("class")
    assert error.get_attribute("role") == "alert"
    assert file_input.get_attribute("aria-invalid") == "true"
    assert "id_file_error" in file_input.get_attribute("aria-describedby").split()
    assert page.evaluate("document.activeElement.id") == "id_file"
    assert posts == []  # nothing was sent
    assert section.get_by_label("Titel").input_value() == TITLE
    assert Attachment.objects.count() == before
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            field.scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(SHOTS, f"attachment-too-large-{width}.png"))
        page.set_viewport_size({"width": 1366, "height": 900})

    file_input.set_input_files(small)  # a smaller file clears the error
    assert field.locator("p.error").count() == 0
    assert "has-error" not in field.get_attribute("class")
    assert file_input.get_attribute("aria-invalid") is None
    assert "id_file_error" not in (file_input.get_attribute("aria-describedby") or "")
    section.get_by_role("button", name="Vedhæft filen").click()
    page.wait_for_selector(".message:has-text('Filen er vedhæftet')")
    attachment = Attachment.objects.latest("pk")
    assert Attachment.objects.count() == before + 1
    assert (attachment.title, attachment.filename) == (TITLE, "bilag.pdf")


def test_the_form_page_for_an_agenda_item_checks_the_size_too(
    page, live_server, demo_data, login, tmp_path, settings
):
    settings.FREMDRIFT_MAX_UPLOAD_BYTES = LIMIT
    big, _ = _files(tmp_path)
    login("koordinator")
    page.goto(_meeting_url(live_server))
    page.locator("section.agenda-item").first.get_by_role("link", name="Fil").click()
    page.wait_for_selector("h1:has-text('Vedhæft en fil')")
    page.locator("#id_file").set_input_files(big)
    page.get_by_role("button", name="Vedhæft filen").click()
    assert page.locator(".field.has-error p.error").inner_text() == MESSAGE
    assert "/attachments/" in page.url  # still the form


def _send_too_large(page: Any, big: Any) -> None:
    """Type the title, choose the file over the limit and send: the server answers 413."""
    section = page.locator("section#attachments")
    section.get_by_label("Titel").fill(TITLE)
    section.locator("#id_file").set_input_files(big)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        section.get_by_role("button", name="Vedhæft filen").click()
    assert answer.value.status == 413
    page.wait_for_selector("h1:has-text('Filen er for stor')")


def test_past_the_script_the_server_answers_413_and_leads_back_with_the_title(
    page, live_server, demo_data, login, tmp_path, settings
):
    """A file that reaches the server anyway (the check is taken off the page here) gets the
    413 page; its link leads back to the meeting page, where the title is filled in again."""
    settings.FREMDRIFT_MAX_UPLOAD_BYTES = LIMIT
    big, _ = _files(tmp_path)
    login("koordinator")
    url = _meeting_url(live_server)
    page.goto(url)
    section = page.locator("section#attachments")
    section.locator("#id_file").evaluate("input => input.removeAttribute('data-max-bytes')")
    _send_too_large(page, big)
    assert "grænsen er 0,2 MB. Intet blev gemt." in page.locator("main").inner_text()
    page.get_by_role("link", name="Tilbage").click()
    page.wait_for_url(url)
    assert page.locator("section#attachments").get_by_label("Titel").input_value() == TITLE


def test_without_javascript_the_server_still_answers_413(
    browser, live_server, demo_data, tmp_path, settings
):
    from fremdrift.governance.models import Attachment

    settings.FREMDRIFT_MAX_UPLOAD_BYTES = LIMIT
    big, _ = _files(tmp_path)
    before = Attachment.objects.count()
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "koordinator")
        url = _meeting_url(live_server)
        page.goto(url)
        _send_too_large(page, big)
        page.get_by_role("link", name="Tilbage").click()
        page.wait_for_url(url)
        assert Attachment.objects.count() == before
    finally:
        context.close()
