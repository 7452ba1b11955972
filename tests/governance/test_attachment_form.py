"""Attaching a file to a meeting or an agenda item: an error is shown at its field, in
Danish, on the form again, and nothing the secretary typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fremdrift.governance.cycle_forms import AttachmentForm
from fremdrift.governance.models import Attachment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TITLE = "Procesplan for vinteren – udkast til drøftelse"


def _field_error(html: str, field: str, message: str) -> None:
    """``message`` is shown at ``field`` (inside its error list), not only as a flash."""
    start = html.index(f'id="id_{field}"')
    around = html[html.rindex('<div class="field', 0, start) :]
    around = around[: around.index("</div>", around.index("</label>")) + 400]
    assert message in around, around


def _post(client: Any, meeting: Any, data: dict[str, Any]) -> Any:
    return client.post(f"/governance/meetings/{meeting.pk}/attachments/", data)


def test_no_file_shows_the_form_again_with_the_error_at_the_file_and_the_title_kept(
    meetings: Any, users: Any
) -> None:
    meeting, item = meetings["december"], meetings["item"]
    response = _post(client_for(users["coordinator"]), meeting, {"title": TITLE, "item": item.pk})
    html = response.content.decode()
    assert response.status_code == 200
    _field_error(html, "file", "Vælg en fil.")
    assert f'value="{TITLE}"' in html
    assert f'<option value="{item.pk}" selected>' in html
    assert 'enctype="multipart/form-data"' in html
    assert not Attachment.objects.exists()


def test_an_empty_file_is_refused_at_the_file(meetings: Any, users: Any) -> None:
    upload = SimpleUploadedFile("tom.pdf", b"", content_type="application/pdf")
    response = _post(
        client_for(users["coordinator"]), meetings["december"], {"file": upload, "title": TITLE}
    )
    html = response.content.decode()
    assert response.status_code == 200
    _field_error(html, "file", "Filen er tom.")
    assert f'value="{TITLE}"' in html
    assert not Attachment.objects.exists()


def test_a_program_is_refused_at_the_file_in_danish(meetings: Any, users: Any) -> None:
    upload = SimpleUploadedFile("opdatering.exe", b"MZ\x90\x00", content_type="application/x-msdos")
    response = _post(
        client_for(users["coordinator"]), meetings["december"], {"file": upload, "title": TITLE}
    )
    html = response.content.decode()
    assert response.status_code == 200
    _field_error(html, "file", "Filer af typen “.exe” kan ikke vedhæftes")
    assert f'value="{TITLE}"' in html
    assert not Attachment.objects.exists()


@override_settings(FREMDRIFT_MAX_UPLOAD_BYTES=1000)
def test_a_file_over_the_limit_is_refused_at_the_file_by_the_form(meetings: Any) -> None:
    """The upload limit stops most such files before the page (a 413 page); the form says
    the same at the field for a file that reaches it."""
    upload = SimpleUploadedFile("stor.pdf", b"x" * 5000, content_type="application/pdf")
    form = AttachmentForm({"title": TITLE}, {"file": upload}, meeting=meetings["december"])
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("Filen er for stor: grænsen er ")


def test_the_form_page_can_be_opened_for_an_agenda_item(meetings: Any, users: Any) -> None:
    meeting, item = meetings["december"], meetings["item"]
    response = client_for(users["coordinator"]).get(
        f"/governance/meetings/{meeting.pk}/attachments/?item={item.pk}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{item.pk}" selected>' in html


def test_a_good_file_is_still_attached(meetings: Any, users: Any) -> None:
    upload = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = _post(
        client_for(users["coordinator"]), meetings["december"], {"file": upload, "title": TITLE}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().title == TITLE


@override_settings(FREMDRIFT_MAX_UPLOAD_BYTES=200_000)
def test_the_file_field_carries_the_limit_and_the_danish_text_for_the_page_script(
    meetings: Any, users: Any
) -> None:
    meeting = meetings["december"]
    html = client_for(users["coordinator"]).get(meeting.get_absolute_url()).content.decode()
    field = html[html.index('<input type="file"') :]
    field = field[: field.index(">")]
    assert 'data-max-bytes="200000"' in field
    assert (
        'data-too-large="Filen er for stor: den fylder %(size)s MB, og grænsen er 0,2 MB. '
        'Vælg en mindre fil."'
    ) in field
    assert "governance/file-limit" in html  # the page loads the script


@pytest.mark.parametrize("size", [5_000, 2 * 1024 * 1024])  # counted while streaming; too long
@override_settings(FREMDRIFT_MAX_UPLOAD_BYTES=1000)
def test_a_file_over_the_limit_gets_the_danish_413_page_leading_back_to_the_meeting_page(
    meetings: Any, users: Any, size: int
) -> None:
    meeting = meetings["december"]
    page = f"http://testserver{meeting.get_absolute_url()}"
    upload = SimpleUploadedFile("stor.pdf", b"x" * size, content_type="application/pdf")
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/attachments/",
        {"file": upload, "title": TITLE},
        HTTP_REFERER=page,
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert "Filen er for stor: grænsen er " in html and "Intet blev gemt." in html
    assert f'<a href="{meeting.get_absolute_url()}">Tilbage</a>' in html
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "referer", [None, "https://elsewhere.example/governance/", "javascript:alert(1)"]
)
@override_settings(FREMDRIFT_MAX_UPLOAD_BYTES=1000)
def test_without_a_referer_of_this_site_the_413_page_leads_back_to_the_form(
    meetings: Any, users: Any, referer: str | None
) -> None:
    meeting, item = meetings["december"], meetings["item"]
    upload = SimpleUploadedFile("stor.pdf", b"x" * 5_000, content_type="application/pdf")
    headers = {"HTTP_REFERER": referer} if referer else {}
    url = f"/governance/meetings/{meeting.pk}/attachments/?item={item.pk}"
    response = client_for(users["coordinator"]).post(url, {"file": upload}, **headers)
    assert response.status_code == 413
    assert f'<a href="{url}">Tilbage</a>' in response.content.decode()
