"""Opening the update rounds from "Forbered mødet" e-mails the units at once, as opening a
round from the plan's rounds page does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from fremdrift.followup.models import Reminder, UpdateRound
from fremdrift.governance import actions
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_rounds_opened_when_preparing_the_meeting_send_the_opening_mails(forum, plan, users):
    for key in ("editor_hr", "editor_hospital"):
        users[key].email = f"{users[key].username}@example.invalid"
        users[key].save()
    meeting = actions.create_meeting(
        forum, by=ACTOR, date=timezone.localdate() + dt.timedelta(days=21)
    )
    response = client_for(users["coordinator"]).post(
        f"/governance/meetings/{meeting.pk}/prepare/",
        {
            "step": "rounds",
            "plans": [plan.pk],
            "deadline": (meeting.date - dt.timedelta(days=5)).isoformat(),
        },
        follow=True,
    )
    update_round = UpdateRound.objects.get(meeting=meeting)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"redaktoer_hr@example.invalid", "redaktoer_hospital@example.invalid"}
    assert Reminder.objects.filter(round=update_round, kind="opened").count() == 2
    assert "1 statusrunde(r) åbnet til mødet, og 2 e-mail(s) er sendt." in (
        response.content.decode()
    )
