"""Adding a candidate on the long-list page: a refused form keeps what the user typed and
says what is wrong next to the field, in Danish."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.participation import actions
from fremdrift.participation.models import Candidate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def test_a_candidate_without_a_title_is_refused_next_to_the_field_keeping_the_text(
    plan: Any, users: Any
) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    response = client_for(users["coordinator"]).post(
        f"/participation/long-lists/{long_list.pk}/candidates/",
        {
            "title": "  ",
            "description": "Lægestuderende som vikarer i weekenden",
            "source": "manual",
            "source_text": "HMU 10.12.2021, gruppedrøftelse",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert not Candidate.objects.exists()
    assert "Lægestuderende som vikarer i weekenden" in page
    assert 'value="HMU 10.12.2021, gruppedrøftelse"' in page
    form = page.split('id="add-h"', 1)[1]
    field = form.split('for="id_title"', 1)[1].split("</div>", 1)[0]
    assert "En kandidat skal have en titel." in field
    # The summary above the page leads to the field.
    assert 'href="#id_title"' in page.split('id="add-h"', 1)[0]
    # The page around the form is still the long-list: its filters go to the list's address.
    assert f'action="{long_list.get_absolute_url()}"' in page


def test_a_valid_candidate_is_added_and_the_user_goes_back_to_the_list(
    plan: Any, users: Any
) -> None:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    response = client_for(users["coordinator"]).post(
        f"/participation/long-lists/{long_list.pk}/candidates/",
        {"title": "Psyko-bussen", "source": "manual"},
    )
    assert response.status_code == 302
    assert response["Location"] == long_list.get_absolute_url()
    assert Candidate.objects.get().title == "Psyko-bussen"
