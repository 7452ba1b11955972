"""Reminder e-mails: only to those who have not reported, never the same one twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fremdrift.core.choices import Role
from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind, ReminderKind
from fremdrift.followup.models import Reminder, UpdateRequest

pytestmark = pytest.mark.django_db


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def _answer(update_round, initiative, user, kind=AnswerKind.UNCHANGED):
    request = UpdateRequest.objects.get(round=update_round, initiative=initiative)
    return actions.submit_answer(request, by=user, kind=kind)


def test_opening_mails_go_to_the_editors_of_each_responsible_unit(open_round, people):
    sent = actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    assert len(sent) == 2
    assert _recipients() == {"redaktoer_hr@example.invalid", "redaktoer_hospital@example.invalid"}


def test_a_reminder_is_in_danish_with_a_direct_link_to_the_answer_page(
    open_round, people, plan, settings
):
    settings.FREMDRIFT_BASE_URL = "https://fremdrift.example.invalid"
    actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    message = next(m for m in mail.outbox if m.to == ["redaktoer_hr@example.invalid"])
    request = UpdateRequest.objects.get(round=open_round, initiative=plan.initiatives_by_key["hr"])
    assert f"https://fremdrift.example.invalid/followup/requests/{request.pk}/" in message.body
    assert "Før HMU" in message.subject
    assert "Uddannelse af flere SPV'er" in message.body
    assert "Kære" in message.body and message.subject.startswith("Statusrunde")


def test_reminders_go_only_to_units_that_have_not_reported(open_round, people, plan):
    _answer(open_round, plan.initiatives_by_key["hr"], people["editor_hr"])
    actions.send_reminders(open_round, kind=ReminderKind.ON_DEMAND, by="t")
    assert _recipients() == {"redaktoer_hospital@example.invalid"}


def test_the_same_reminder_is_never_sent_twice(open_round, people):
    first = actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    second = actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    assert len(first) == 2 and second == []
    assert len(mail.outbox) == 2
    again = actions.send_reminders(open_round, kind=ReminderKind.ON_DEMAND, by="t")
    once_more = actions.send_reminders(open_round, kind=ReminderKind.ON_DEMAND, by="t")
    assert len(again) == 2 and once_more == []
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert (
        len(actions.send_reminders(open_round, kind=ReminderKind.ON_DEMAND, by="t", at=tomorrow))
        == 2
    )
    assert Reminder.objects.count() == 6


def test_an_editor_of_a_unit_above_is_reminded(open_round, people, make_user, units):
    boss = make_user("regionsredaktoer", Role.EDITOR, unit=units["region"])
    boss.email = "region@example.invalid"
    boss.save()
    actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    assert "region@example.invalid" in _recipients()
    boss_mail = next(m for m in mail.outbox if m.to == ["region@example.invalid"])
    assert "Uddannelse af flere SPV'er" in boss_mail.body  # Koncern HR sits below the region


def test_without_an_editor_the_coordinators_are_reminded(open_round, people):
    people["editor_hospital"].role_assignments.all().delete()
    actions.send_reminders(open_round, kind=ReminderKind.OPENED, by="t")
    assert _recipients() == {"redaktoer_hr@example.invalid", "koordinator@example.invalid"}


def test_the_command_sends_the_deadline_reminder_once_within_the_window(plan, people):
    update_round = actions.open_round(
        plan,
        by=people["coordinator"],
        title="Snart",
        deadline=timezone.localdate() + dt.timedelta(days=2),
    )
    actions.send_reminders(update_round, kind=ReminderKind.OPENED, by="t")
    mail.outbox.clear()
    call_command("send-reminders", verbosity=0)
    assert {m.subject.split(":")[0] for m in mail.outbox} == {"Påmindelse"}
    assert len(mail.outbox) == 2
    call_command("send-reminders", verbosity=0)
    assert len(mail.outbox) == 2


def test_the_command_sends_no_deadline_reminder_before_the_window(plan, people):
    actions.open_round(
        plan,
        by=people["coordinator"],
        title="Senere",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    call_command("send-reminders", verbosity=0)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == {ReminderKind.OPENED}  # catching up the opening mail only
    call_command("send-reminders", verbosity=0)
    assert len(mail.outbox) == 2


def test_a_closed_round_sends_nothing(open_round, people):
    actions.close_round(open_round, by=people["coordinator"])
    assert actions.send_reminders(open_round, kind=ReminderKind.ON_DEMAND, by="t") == []
    assert mail.outbox == []
