"""Downloads keep their Danish names: Content-Disposition with an RFC 5987 ``filename*``."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote

import pytest

from fremdrift.governance import actions, cycle
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _filename(response: Any) -> str:
    """The name a browser saves the download as (RFC 6266: ``filename*`` wins)."""
    header = response["Content-Disposition"]
    assert header.isascii(), header
    for part in header.split(";"):
        key, _eq, value = part.strip().partition("=")
        if key == "filename*":
            charset, _lang, encoded = value.split("'", 2)
            assert charset.lower() == "utf-8"
            return unquote(encoded)
    return header.split('filename="', 1)[1].rstrip('"')


def test_an_attachment_keeps_its_danish_name(meetings, users):
    attachment = cycle.add_attachment(
        meetings["december"], by=ACTOR, filename="Dagsorden_møde.pdf", content=b"%PDF-1.4"
    )
    response = client_for(users["reader"]).get(f"/governance/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert _filename(response) == "Dagsorden_møde.pdf"


def test_an_attachment_name_with_quotes_cannot_break_the_header(meetings, users):
    attachment = cycle.add_attachment(
        meetings["december"], by=ACTOR, filename='a"b;c.pdf', content=b"%PDF-1.4"
    )
    response = client_for(users["reader"]).get(f"/governance/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="a\\"b;c.pdf"'


@pytest.fixture
def council(units: dict[str, Any], plan: Any) -> Any:
    forum = actions.create_forum(
        by=ACTOR, short_name="Specialeråd voksne", name="Specialerådet", plans=[plan]
    )
    return actions.create_meeting(forum, by=ACTOR, date=dt.date(2021, 12, 10))


def test_the_minutes_are_named_after_the_forum(council, users):
    client = client_for(users["reader"])
    response = client.get(f"/governance/meetings/{council.pk}/minutes.docx")
    assert _filename(response) == "Specialeråd-voksne-2021-12-10-referat.docx"


def test_calendars_are_named_after_the_forum(council, users):
    client = client_for(users["reader"])
    meeting = client.get(f"/governance/meetings/{council.pk}/calendar.ics")
    assert _filename(meeting) == "Specialeråd-voksne-2021-12-10.ics"
    forum = client.get(f"/governance/forums/{council.forum.pk}/calendar.ics")
    assert _filename(forum) == "Specialeråd-voksne.ics"
