"""An action item marked done in "Mine opdateringer" can be reopened there by those who may
mark it done; both are audited."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions, cycle
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def action_item(plan: Any, units: dict[str, Any]) -> Any:
    import datetime as dt

    forum = actions.create_forum(by=ACTOR, short_name="HMU", name="HMU", plans=[plan])
    meeting = actions.create_meeting(forum, by=ACTOR, date=dt.date(2021, 11, 4))
    return cycle.add_action_item(
        meeting, by=ACTOR, text="Beskriv forløbet", owner_unit=units["hospital"]
    )


def test_a_done_action_item_can_be_reopened_from_my_updates(action_item, users):
    editor = client_for(users["editor_hospital"])
    done = editor.post(f"/governance/actions/{action_item.pk}/done/", {"next": "mine"}, follow=True)
    body = done.content.decode()
    section = body.split('id="my-done-actions"', 1)[1].split("</table>", 1)[0]
    assert "Beskriv forløbet" in section and "Genåbn" in section
    reopened = editor.post(
        f"/governance/actions/{action_item.pk}/done/", {"done": "0", "next": "mine"}, follow=True
    )
    action_item.refresh_from_db()
    assert action_item.is_open and action_item.done_by_name == ""
    mine = reopened.content.decode().split('id="my-actions"', 1)[1].split("</table>", 1)[0]
    assert "Beskriv forløbet" in mine
    events = AuditEvent.objects.filter(object_type="governance.actionitem").order_by("id")
    assert events.last().after == {"done_at": None}


def test_another_units_editor_cannot_reopen_it(action_item, users):
    cycle.complete_action_item(action_item, by=users["editor_hospital"])
    response = client_for(users["editor_hr"]).post(
        f"/governance/actions/{action_item.pk}/done/", {"done": "0", "next": "mine"}
    )
    assert response.status_code in (403, 404)
    action_item.refresh_from_db()
    assert not action_item.is_open
