"""A status dated in the future is refused on follow-up's forms, as on the initiative's own
status form: a unit's answer or local status cannot claim a date that has not come yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fremdrift.followup.choices import RequestState
from fremdrift.followup.models import LocalStatus, UpdateRequest

pytestmark = pytest.mark.django_db

FUTURE_ERROR = "Statusdatoen ligger i fremtiden"


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


def test_a_local_status_dated_in_the_future_is_refused_and_the_text_kept(
    client, local_plan, units, people
):
    initiative = local_plan.initiatives_by_key["local"]
    client.force_login(people["editor_hospital"])
    url = reverse("followup:local-status", args=[initiative.pk, units["hospital"].pk])
    response = client.post(
        url, {"phase": "implementering", "text": "Klar til drift", "status_date": _future()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert FUTURE_ERROR in html
    assert "Klar til drift" in html  # what the user typed is still in the form
    assert not LocalStatus.objects.filter(initiative=initiative).exists()


def test_a_local_status_dated_today_is_recorded(client, local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    client.force_login(people["editor_hospital"])
    url = reverse("followup:local-status", args=[initiative.pk, units["hospital"].pk])
    today = timezone.localdate()
    response = client.post(
        url, {"phase": "implementering", "text": "I drift", "status_date": today.isoformat()}
    )
    assert response.status_code == 302
    assert LocalStatus.objects.get(initiative=initiative).status_date == today


def test_an_answer_dated_in_the_future_is_refused_and_nothing_is_recorded(
    client, open_round, plan, people
):
    initiative = plan.initiatives_by_key["hr"]
    request = UpdateRequest.objects.get(round=open_round, initiative=initiative)
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {
            "kind": "status",
            "text": "Første hold i marts.",
            "phase": "udbredelse",
            "phase_target": "",
            "status_date": _future(),
            "version": initiative.version,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert FUTURE_ERROR in html
    assert "Første hold i marts." in html
    request.refresh_from_db()
    assert request.state == RequestState.OUTSTANDING
    initiative.refresh_from_db()
    assert initiative.status_text != "Første hold i marts."


def test_confirming_unchanged_ignores_the_date_field(client, open_round, plan, people):
    request = UpdateRequest.objects.get(round=open_round, initiative=plan.initiatives_by_key["hr"])
    client.force_login(people["editor_hr"])
    response = client.post(
        reverse("followup:answer", args=[request.pk]),
        {"kind": "unchanged", "status_date": _future()},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.ACCEPTED
