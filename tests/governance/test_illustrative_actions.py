"""An invented (illustrative) action item says so wherever it is shown."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from pptx import Presentation

from fremdrift.governance import cycle, minutes, pack
from fremdrift.reports.renderers.base import Branding
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"
MARK = "(illustrativ)"


@pytest.fixture
def invented(meetings: dict[str, Any], units: dict[str, Any]) -> Any:
    return cycle.add_action_item(
        meetings["november"],
        by=ACTOR,
        text="Opfundet opgave",
        owner_unit=units["hospital"],
        illustrative=True,
    )


def test_the_minutes_mark_an_illustrative_action_item(invented, meetings, users):
    built = minutes.build_minutes(meetings["november"], None)
    with zipfile.ZipFile(io.BytesIO(minutes.render_docx(built))) as archive:
        docx = archive.read("word/document.xml").decode()
    assert f"Opfundet opgave {MARK}" in docx
    html = minutes.minutes_html(built, Branding())
    assert f"Opfundet opgave <em>{MARK}</em>" in html


def test_my_updates_mark_an_illustrative_action_item(invented, users):
    body = client_for(users["editor_hospital"]).get("/followup/mine/").content.decode()
    row = body.split(f'data-action="{invented.pk}"', 1)[1].split("</tr>", 1)[0]
    assert MARK in row


def test_the_packs_action_slide_marks_an_illustrative_action_item(invented, meetings, users):
    built = pack.build_pack(meetings["december"], users["coordinator"])
    deck = Presentation(io.BytesIO(pack.render_pptx(built, Branding())))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any(f"Opfundet opgave {MARK}" in text for text in texts)
