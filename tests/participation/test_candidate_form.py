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


def _item(forum_name: str, title: str, plans: list[Any]) -> Any:
    import datetime as dt

    from fremdrift.governance import actions as governance_actions

    forum = governance_actions.create_forum(
        by=ACTOR, short_name=forum_name, name=forum_name, plans=plans
    )
    meeting = governance_actions.create_meeting(forum, by=ACTOR, date=dt.date(2021, 12, 10))
    return governance_actions.add_agenda_item(meeting, by=ACTOR, title=title, kind="drøftelse")


def test_the_agenda_items_offered_are_only_those_the_user_may_see(plan: Any, users: Any) -> None:
    seen = _item("HMU", "Robust psykiatri: gruppedrøftelse", [plan])
    hidden = _item("RR", "Lukket punkt i Regionsrådet", [])
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    client = client_for(users["coordinator"])
    page = client.get(long_list.get_absolute_url()).content.decode()
    assert "Robust psykiatri: gruppedrøftelse" in page
    assert "Lukket punkt i Regionsrådet" not in page
    # Sent by hand, an item the user may not see is refused at the field.
    response = client.post(
        f"/participation/long-lists/{long_list.pk}/candidates/",
        {"title": "Psyko-bussen", "source": "forum", "agenda_item": hidden.pk},
    )
    assert response.status_code == 200
    assert not Candidate.objects.exists()
    client.post(
        f"/participation/long-lists/{long_list.pk}/candidates/",
        {"title": "Psyko-bussen", "source": "forum", "agenda_item": seen.pk},
    )
    assert Candidate.objects.get().agenda_item == seen
