"""A passed deadline under "My updates" is said in words, not only in red."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from fremdrift.followup.models import UpdateRound

pytestmark = pytest.mark.django_db


def _deadline_cell(client) -> str:
    html = client.get(reverse("followup:mine")).content.decode()
    owed = re.search(r'<table class="list[^"]*" id="owed">.*?</table>', html, re.S)
    assert owed
    cell = re.search(r"<tbody>\s*<tr[^>]*>\s*(<td.*?</td>)", owed.group(0), re.S)
    assert cell
    return cell.group(1)


def test_a_passed_deadline_says_so_in_words(client, open_round, people):
    UpdateRound.objects.filter(pk=open_round.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(people["editor_hr"])
    cell = _deadline_cell(client)
    assert 'class="deadline-passed"' in cell
    assert "(overskredet)" in cell


def test_a_coming_deadline_is_just_the_date(client, open_round, people):
    client.force_login(people["editor_hr"])
    cell = _deadline_cell(client)
    assert "overskredet" not in cell and "deadline-passed" not in cell
