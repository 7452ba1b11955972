"""The form for a meeting's action items: what the secretary types is checked and kept."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.governance.models import ActionItem
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_deadline_before_the_meeting_is_refused_at_the_deadline_field(
    meetings: Any, units: Any, users: Any
) -> None:
    meeting = meetings["december"]  # 10 December 2021
    typed = {
        "text": "Udsend forløbsbeskrivelsen til alle afsnit",
        "owner_unit": units["hospital"].pk,
        "deadline": "2021-01-15",
    }
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/actions/new/", typed
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fristen ligger før mødet (10. december 2021)." in html
    assert typed["text"] in html
    assert not ActionItem.objects.exists()


def test_a_deadline_after_the_meeting_is_saved(meetings: Any, units: Any, users: Any) -> None:
    meeting = meetings["december"]
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/actions/new/",
        {"text": "Evaluering", "owner_unit": units["hospital"].pk, "deadline": "2022-01-15"},
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().deadline.isoformat() == "2022-01-15"
