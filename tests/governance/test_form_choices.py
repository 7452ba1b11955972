"""The "no choice" options of the governance forms say in words what they mean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fremdrift.governance import actions
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _first_option(html: str, name: str) -> str:
    """The text of the first option of the select named ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    option = re.search(r'<option value=""[^>]*>(.*?)</option>', select[1], re.S)
    assert option, f"no empty option in {name}"
    return option[1].strip()


def test_the_decision_form_says_that_an_empty_phase_or_work_form_is_no_change(
    meetings: Any, users: Any
) -> None:
    page = client_for(users["coordinator"]).get(
        f"/governance/items/{meetings['item'].pk}/decision/"
    )
    html = page.content.decode()
    assert _first_option(html, "phase") == "Ingen ændring af fase"
    assert _first_option(html, "work_form") == "Ingen ændring af arbejdsform"


def test_the_decision_log_filter_offers_all_outcomes(meetings: Any, users: Any) -> None:
    page = client_for(users["coordinator"]).get(
        f"/governance/forums/{meetings['item'].meeting.forum_id}/"
    )
    assert _first_option(page.content.decode(), "outcome") == "Alle udfald"


def test_the_meeting_list_filter_offers_all_forums(meetings: Any, users: Any) -> None:
    page = client_for(users["coordinator"]).get("/governance/meetings/")
    assert _first_option(page.content.decode(), "forum") == "Alle fora"


def test_the_attendance_form_says_when_nothing_is_recorded(
    meetings: Any, forum: Any, users: Any
) -> None:
    member = actions.add_forum_member(forum, by=ACTOR, name="Hanne Hansen", role_title="Formand")
    page = client_for(users["coordinator"]).get(
        f"/governance/meetings/{meetings['december'].pk}/attendance/"
    )
    assert _first_option(page.content.decode(), f"member_{member.pk}") == "Ikke registreret"


def test_the_action_item_form_names_its_empty_choices(meetings: Any, users: Any) -> None:
    page = client_for(users["coordinator"]).get(
        f"/governance/meetings/{meetings['december'].pk}/actions/new/"
    )
    html = page.content.decode()
    assert _first_option(html, "item") == "Mødet som helhed"
    assert _first_option(html, "owner_unit") == "Ingen enhed"
    assert _first_option(html, "owner_user") == "Ingen bruger"
    assert _first_option(html, "initiative") == "Ingen indsats"


def test_the_forum_and_milestone_forms_name_their_empty_choices(
    meetings: Any, plan: Any, users: Any
) -> None:
    client = client_for(users["coordinator"])
    html = client.get(f"/governance/forums/{meetings['item'].meeting.forum_id}/edit/").content
    assert _first_option(html.decode(), "unit") == "Ingen enhed"
    html = client.get(f"/governance/plans/{plan.slug}/milestones/new/").content.decode()
    assert _first_option(html, "forum") == "Intet forum"
    assert _first_option(html, "meeting") == "Intet møde"


def test_the_agenda_item_form_groups_initiatives_under_their_plan(
    meetings: Any, plan: Any, users: Any
) -> None:
    """The option is the initiative's own title, readable in the narrow list; the plan is
    the group it sits in."""
    html = (
        client_for(users["coordinator"])
        .get(f"/governance/meetings/{meetings['december'].pk}/items/new/")
        .content.decode()
    )
    select = re.search(r'<select[^>]*name="initiatives"[^>]*>(.*?)</select>', html, re.S)[1]
    assert f'<optgroup label="{plan.title}">' in select
    shared = plan.initiatives_by_key["shared"]
    assert re.search(
        rf'<option value="{shared.pk}"[^>]*>{re.escape(shared.title)}</option>', select
    )


def test_the_decision_form_of_an_item_without_initiatives_offers_no_move(
    meetings: Any, users: Any
) -> None:
    """Nothing to move: no phase to choose, and the page says how to link initiatives."""
    from fremdrift.governance.models import Decision

    item = actions.add_agenda_item(
        meetings["december"], by=ACTOR, title="Eventuelt", kind="orientering"
    )
    client = client_for(users["coordinator"])
    url = f"/governance/items/{item.pk}/decision/"
    html = client.get(url).content.decode()
    assert 'name="phase"' not in html
    assert "Flyttet til anden fase eller arbejdsform" not in html
    assert "Punktet har ingen indsatser" in html
    response = client.post(url, {"text": "Taget til efterretning.", "outcome": "approved"})
    assert response.status_code == 302
    assert Decision.objects.get(item=item).text == "Taget til efterretning."
