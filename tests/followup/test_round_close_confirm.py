"""Closing a round cannot be undone: the page asks first and says how many are unanswered."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.followup.models import UpdateRequest

pytestmark = pytest.mark.django_db


def test_the_close_button_asks_for_confirmation_and_counts_the_unanswered(
    client, open_round, people
):
    client.force_login(people["coordinator"])
    html = client.get(reverse("followup:round-detail", args=[open_round.pk])).content.decode()
    owed = UpdateRequest.objects.filter(round=open_round).count()
    close_url = reverse("followup:round-close", args=[open_round.pk])
    panels = re.findall(r"<details[^>]*>.*?</details>", html, re.S)
    closing = [p for p in panels if close_url in p]
    assert closing, "the close form sits behind a <details> confirmation"
    panel = closing[0]
    assert "Ja, luk statusrunden" in panel
    assert f"{owed} anmodninger er ikke besvaret" in panel
    assert "kan enhederne ikke længere svare" in panel
