"""Promoting a long-list candidate: the initiative goes into the long-list's plan, and the
form offers only that plan's areas."""

from __future__ import annotations

from typing import Any

import pytest

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.participation import actions
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import Initiative
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def other_plan(users: Any) -> Any:
    """A second plan the coordinator also coordinates, with an area of its own."""
    plan = portfolio_actions.create_plan(by=ACTOR, slug="aarsplan", title="Årsplan 2022")
    plan.own_area = portfolio_actions.create_area(plan, by=ACTOR, title="Spor 1: Rekruttering")
    core_actions.grant_role(by=ACTOR, user=users["coordinator"], role=Role.COORDINATOR, plan=plan)
    return plan


@pytest.fixture
def candidate(plan: Any) -> Any:
    long_list = actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")
    return actions.add_candidate(long_list, by=ACTOR, title="Psyko-bussen")


def _body(plan: Any, areas: list[Any]) -> dict[str, Any]:
    return {
        "plan": plan.slug,
        "title": "Psyko-bussen",
        "areas": [a.pk for a in areas],
        "kind": "udvikling",
        "work_form": "",
        "phase": "afdækning",
    }


def test_the_form_offers_only_the_areas_of_the_long_lists_plan(
    candidate: Any, plan: Any, other_plan: Any, users: Any
) -> None:
    url = f"/participation/candidates/{candidate.pk}/promote/"
    page = client_for(users["coordinator"]).get(url).content.decode()
    assert "Personale" in page and "Hospitaler" in page
    assert "Spor 1: Rekruttering" not in page
    assert f'value="{other_plan.own_area.pk}"' not in page
    assert plan.title in page  # the user is told where the initiative goes


def test_an_area_of_another_plan_sent_by_hand_is_refused_at_the_field(
    candidate: Any, plan: Any, other_plan: Any, users: Any
) -> None:
    url = f"/participation/candidates/{candidate.pk}/promote/"
    body = _body(plan, [plan.areas_by_slug["personale"], other_plan.own_area])
    response = client_for(users["coordinator"]).post(url, body)
    assert response.status_code == 200
    page = response.content.decode()
    # (the group of areas is a fieldset; its error stands under its legend)
    field = page.split('aria-describedby="id_areas_', 1)[1].split("</fieldset>", 1)[0]
    assert f"Vælg områder i planen “{plan.title}”." in field
    assert not Initiative.objects.filter(title="Psyko-bussen").exists()
    candidate.refresh_from_db()
    assert candidate.promoted_to is None


def test_the_initiative_goes_into_the_long_lists_plan_with_its_areas(
    candidate: Any, plan: Any, other_plan: Any, users: Any
) -> None:
    url = f"/participation/candidates/{candidate.pk}/promote/"
    area = plan.areas_by_slug["hospitaler"]
    response = client_for(users["coordinator"]).post(url, _body(plan, [area]))
    initiative = Initiative.objects.get(title="Psyko-bussen")
    assert response.status_code == 302
    assert initiative.plan == plan
    assert list(initiative.memberships.values_list("area", flat=True)) == [area.pk]


def test_a_promoted_candidate_leads_to_its_initiative_instead_of_a_form(
    candidate: Any, users: Any
) -> None:
    initiative = actions.promote_candidate(candidate, by=ACTOR)
    url = f"/participation/candidates/{candidate.pk}/promote/"
    response = client_for(users["coordinator"]).get(url, follow=True)
    assert response.redirect_chain[-1][0] == initiative.get_absolute_url()
    assert "Kandidaten er allerede en indsats." in response.content.decode()
    assert Initiative.objects.filter(title="Psyko-bussen").count() == 1


def test_a_candidate_of_an_archived_plan_is_not_promoted(
    candidate: Any, plan: Any, users: Any
) -> None:
    """The form used to offer only plans that are not archived; the long-list's plan,
    archived, takes no new initiative either."""
    from django.utils import timezone

    plan.archived_at = timezone.now()
    plan.save(update_fields=["archived_at"])
    url = f"/participation/candidates/{candidate.pk}/promote/"
    before = Initiative.objects.count()
    response = client_for(users["coordinator"]).post(url, _body(plan, [plan.areas.first()]))
    assert response.status_code == 200
    assert "er arkiveret" in response.content.decode()
    assert Initiative.objects.count() == before
