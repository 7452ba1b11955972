"""Editing a workshop: participants, challenges and recommendations can be corrected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from fremdrift.core.choices import AuditAction
from fremdrift.core.models import AuditEvent
from fremdrift.participation import actions
from fremdrift.participation.choices import OutputKind

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def workshop(plan: Any) -> Any:
    return actions.create_workshop(
        plan,
        by=ACTOR,
        title="Temaworkshop om lægerollen",
        date=dt.date(2021, 10, 5),
        participants=[("overlæger", 6), ("uddannelseslæger", 9)],
        challenges=["For lidt tid"],
        recommendations=["Flere SPV'er", "Fælles sprog"],
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_edit_form_shows_the_workshop_as_recorded(workshop: Any, users: Any) -> None:
    page = _client(users["coordinator"]).get(f"/participation/workshops/{workshop.pk}/edit/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "6 overlæger\n9 uddannelseslæger" in text
    assert "Flere SPV&#x27;er\nFælles sprog" in text


def test_a_coordinator_corrects_a_workshop_and_candidates_keep_their_origin(
    workshop: Any, plan: Any, users: Any
) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")
    kept = workshop.outputs.get(text="Fælles sprog")
    candidate = actions.add_candidate(
        long_list, by=ACTOR, title="Fælles sprog", workshop_output=kept
    )
    response = _client(users["coordinator"]).post(
        f"/participation/workshops/{workshop.pk}/edit/",
        {
            "title": "Temaworkshop om lægerollen",
            "date": "2021-10-05",
            "participants": "6 overlæger\n10 uddannelseslæger\n2 psykologer",
            "challenges": "For lidt tid",
            "recommendations": "Fælles sprog\nMere supervision",
        },
    )
    assert response.status_code == 302
    participants = [(p.profession, p.count) for p in workshop.participants.all()]
    assert participants == [("overlæger", 6), ("uddannelseslæger", 10), ("psykologer", 2)]
    recommendations = list(workshop.outputs.filter(kind=OutputKind.RECOMMENDATION))
    assert [o.text for o in recommendations] == ["Fælles sprog", "Mere supervision"]
    candidate.refresh_from_db()
    assert candidate.workshop_output_id == kept.pk
    event = AuditEvent.objects.get(object_type="participation.workshop", action=AuditAction.UPDATED)
    assert event.before["outputs"]["recommendation"] == ["Flere SPV'er", "Fælles sprog"]
    assert event.after["outputs"]["recommendation"] == ["Fælles sprog", "Mere supervision"]


def test_a_workshop_without_a_title_is_refused_in_danish_and_keeps_the_text(
    workshop: Any, users: Any
) -> None:
    response = _client(users["coordinator"]).post(
        f"/participation/workshops/{workshop.pk}/edit/",
        {"title": "", "date": "2021-10-05", "recommendations": "Et nyt råd"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "En workshop skal have en titel." in text
    assert "Et nyt råd" in text
    workshop.refresh_from_db()
    assert workshop.title == "Temaworkshop om lægerollen"


def test_a_reader_may_not_edit_a_workshop(workshop: Any, users: Any) -> None:
    url = f"/participation/workshops/{workshop.pk}/edit/"
    assert _client(users["reader"]).get(url).status_code == 403
    assert _client(users["nobody"]).get(url).status_code == 404
