"""Approved minutes: a change withdraws the approval (and says so); names are people's names."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.core.models import AuditEvent
from fremdrift.governance import actions, cycle
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


@pytest.fixture
def secretary(make_user: Any, forum: Any) -> Any:
    user = make_user("sekretaer")
    user.first_name, user.last_name = "Sofie", "Sekretær"
    user.save()
    core_actions.grant_role(by=ACTOR, user=user, role=Role.MEETING_SECRETARY, forum=forum)
    return user


def test_changing_approved_minutes_withdraws_the_approval(meetings, users, secretary):
    meeting, item = meetings["december"], meetings["item"]
    cycle.approve_minutes(meeting, by=secretary)
    response = client_for(users["coordinator"]).post(
        f"/governance/items/{item.pk}/minutes/",
        {"minutes": "Ny tekst efter godkendelsen"},
        follow=True,
    )
    assert "Referatet var godkendt" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is None and meeting.minutes_approved_by_name == ""
    docx = _docx_text(
        client_for(users["reader"]).get(f"/governance/meetings/{meeting.pk}/minutes.docx").content
    )
    assert "Ny tekst efter godkendelsen" in docx
    assert "Godkendt af" not in docx and "Udkast" in docx
    withdrawn = AuditEvent.objects.filter(object_type="governance.meeting").latest("id")
    assert withdrawn.before["minutes_approved_at"] is not None
    assert withdrawn.after["minutes_approved_at"] is None


@pytest.mark.parametrize(
    "change",
    [
        lambda m, i: cycle.record_group_answer(i, by=ACTOR, group="Bord 3", text="Nyt svar"),
        lambda m, i: cycle.record_plenum_summary(i, by=ACTOR, text="Ny opsamling"),
        lambda m, i: actions.record_decision(i, by=ACTOR, text="Nej alligevel", outcome="approved"),
        lambda m, i: cycle.set_attendance(m, by=ACTOR, entries=[("Ny Person", "present", None)]),
        lambda m, i: actions.update_agenda_item(i, by=ACTOR, title="Ny titel"),
    ],
)
def test_every_change_to_the_record_withdraws_the_approval(meetings, secretary, change):
    meeting, item = meetings["december"], meetings["item"]
    cycle.approve_minutes(meeting, by=secretary)
    change(meeting, item)
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is None


def test_saving_the_same_minutes_keeps_the_approval(meetings, secretary):
    meeting, item = meetings["december"], meetings["item"]
    actions.record_minutes(item, by=ACTOR, text="Referat")
    cycle.approve_minutes(meeting, by=secretary)
    actions.record_minutes(item, by=ACTOR, text="Referat")
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at is not None


def test_the_minutes_and_decisions_name_the_person_not_the_login(meetings, users, secretary):
    meeting, item = meetings["december"], meetings["item"]
    decision = actions.record_decision(item, by=secretary, text="Godkendt.", outcome="approved")
    assert decision.recorded_by_name == "Sofie Sekretær"
    client_for(secretary).post(f"/governance/meetings/{meeting.pk}/minutes/approve/")
    docx = _docx_text(
        client_for(users["reader"]).get(f"/governance/meetings/{meeting.pk}/minutes.docx").content
    )
    assert "Godkendt af Sofie Sekretær" in docx


def test_without_a_full_name_the_login_is_shown(meetings, users):
    answer = cycle.record_group_answer(
        meetings["item"], by=users["coordinator"], group="Bord 1", text="Svar"
    )
    assert answer.recorded_by_name == "koordinator"


def test_the_minutes_of_a_meeting_not_yet_held_cannot_be_approved(forum, secretary):
    import datetime as dt

    from django.utils import timezone

    from fremdrift.governance.models import Meeting

    coming = actions.create_meeting(
        forum, by=ACTOR, date=timezone.localdate() + dt.timedelta(days=9), title="HMU-møde"
    )
    client = client_for(secretary)
    page = client.get(coming.get_absolute_url()).content.decode()
    assert "Godkend referatet" not in page
    assert "Referatet kan godkendes, når mødet er holdt." in page
    response = client.post(f"/governance/meetings/{coming.pk}/minutes/approve/", follow=True)
    assert "Referatet kan godkendes, når mødet er holdt." in response.content.decode()
    assert Meeting.objects.get(pk=coming.pk).minutes_approved_at is None
