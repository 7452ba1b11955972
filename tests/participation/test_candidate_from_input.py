"""One consultation input put on a long-list from its own button: once, and a second try
leads to the candidate that is already there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fremdrift.participation import actions
from fremdrift.participation.models import Candidate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def entry(plan: Any) -> Any:
    consultation = actions.create_consultation(by=ACTOR, title="Ny kompetencestrategi", plan=plan)
    return actions.add_consultation_input(
        consultation, by=ACTOR, source="LMU", kind="anbefaling", text="Fortsat specialisering"
    )


def test_an_input_already_on_the_long_list_is_not_added_twice(
    entry: Any, plan: Any, users: Any
) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    actions.add_candidate(long_list, by=ACTOR, title="Psyko-bussen")
    client = client_for(users["coordinator"])
    url = f"/participation/inputs/{entry.pk}/to-long-list/"
    assert client.post(url, {"long_list": long_list.pk}).status_code == 302
    existing = Candidate.objects.get(consultation_input=entry)

    response = client.post(url, {"long_list": long_list.pk}, follow=True)
    assert Candidate.objects.filter(consultation_input=entry).count() == 1
    # The user lands at the candidate that is already there and is told so.
    assert response.redirect_chain[-1][0] == (
        f"{long_list.get_absolute_url()}#candidate-{existing.pk}"
    )
    page = response.content.decode()
    assert (
        "Inputtet er allerede på bruttolisten “Bruttoliste 2022” som nr. 2: "
        "Fortsat specialisering." in page
    )


def test_the_same_input_may_go_on_another_long_list(entry: Any, plan: Any, users: Any) -> None:
    first = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    second = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2023")
    client = client_for(users["coordinator"])
    url = f"/participation/inputs/{entry.pk}/to-long-list/"
    client.post(url, {"long_list": first.pk})
    client.post(url, {"long_list": second.pk})
    assert Candidate.objects.filter(consultation_input=entry).count() == 2


def test_a_workshop_recommendation_already_on_the_long_list_is_not_added_twice(
    plan: Any, users: Any
) -> None:
    workshop = actions.create_workshop(
        plan, by=ACTOR, title="Temaworkshop", date=dt.date(2021, 11, 2), recommendations=["R"]
    )
    output = workshop.outputs.get()
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    client = client_for(users["coordinator"])
    url = f"/participation/outputs/{output.pk}/to-long-list/"
    client.post(url, {"long_list": long_list.pk})
    response = client.post(url, {"long_list": long_list.pk}, follow=True)
    assert Candidate.objects.filter(workshop_output=output).count() == 1
    existing = Candidate.objects.get(workshop_output=output)
    assert response.redirect_chain[-1][0].endswith(f"#candidate-{existing.pk}")
    assert "Anbefalingen er allerede på bruttolisten “Bruttoliste 2022” som nr. 1: R." in (
        response.content.decode()
    )


def test_the_action_refuses_a_second_candidate_from_the_same_input(entry: Any, plan: Any) -> None:
    from django.core.exceptions import ValidationError

    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    actions.add_candidate(long_list, by=ACTOR, title="Et", consultation_input=entry)
    with pytest.raises(ValidationError):
        actions.add_candidate(long_list, by=ACTOR, title="To", consultation_input=entry)
    assert long_list.candidates.count() == 1
