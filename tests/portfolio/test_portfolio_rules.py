"""The portfolio's rules, the same on the edit form, the status form and the actions (which
the API goes through): an initiative sits in an area, a target phase differs from the phase,
and no initiative is its own ancestor."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fremdrift.portfolio import actions
from fremdrift.portfolio.forms import initial_for
from fremdrift.portfolio.models import AreaMembership

pytestmark = pytest.mark.django_db

AREA_REQUIRED = "Vælg mindst ét område"
SAME_TARGET = "Målfasen er den samme som fasen"
CYCLE = "under sig selv"


def _edit_form(initiative, **changes):
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data.update(changes)
    return data


# --------------------------------------------------------------------------- areas


def test_unticking_every_area_is_refused_with_a_danish_error_on_the_areas(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:initiative-edit", args=[initiative.pk]),
        _edit_form(initiative, areas=[]),
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert AREA_REQUIRED in response.content.decode()
    assert response.context["form"].errors["areas"]
    assert initiative.memberships.filter(valid_to__isnull=True).count() == 2


def test_a_new_initiative_without_an_area_is_refused(client, users, plan):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:initiative-create", args=[plan.slug]),
        {"title": "Uden område", "kind": "implementering", "phase": "afdækning"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert AREA_REQUIRED in response.content.decode()
    assert not plan.home_initiatives.filter(title="Uden område").exists()


def test_the_action_refuses_to_take_an_initiative_out_of_its_last_area(plan):
    initiative = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError) as refused:
        actions.edit_initiative(
            initiative, by="t", seen_version=initiative.version, changes={}, areas=[]
        )
    assert "areas" in refused.value.message_dict


def test_the_page_of_an_initiative_in_no_area_still_opens(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    AreaMembership.objects.filter(initiative=initiative).delete()  # data from before the rule
    client.force_login(users["coordinator"])
    response = client.get(
        reverse("portfolio:initiative-detail", args=[initiative.pk]), HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 200
    assert "Uddannelse af flere SPV" in response.content.decode()


# --------------------------------------------------------------------------- target phase


def test_the_status_form_refuses_a_target_phase_equal_to_the_phase(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {
            "text": "Status",
            "status_date": "2022-01-10",
            "phase": "implementering",
            "phase_target": "implementering",
            "version": initiative.version,
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert SAME_TARGET in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.phase_target == ""


def test_record_status_refuses_a_target_phase_equal_to_the_phase(plan):
    initiative = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError) as refused:
        actions.record_status(
            initiative,
            by="t",
            seen_version=initiative.version,
            text="Status",
            phase="drift",
            phase_target="drift",
        )
    assert "phase_target" in refused.value.message_dict


def test_reaching_the_target_phase_clears_the_target(plan):
    initiative = plan.initiatives_by_key["hr"]
    actions.record_status(
        initiative,
        by="t",
        seen_version=initiative.version,
        text="Mod drift",
        phase="implementering",
        phase_target="drift",
    )
    initiative.refresh_from_db()
    actions.record_status(
        initiative, by="t", seen_version=initiative.version, text="I drift", phase="drift"
    )
    initiative.refresh_from_db()
    assert (initiative.phase, initiative.phase_target) == ("drift", "")


def test_edit_initiative_refuses_a_target_phase_equal_to_the_phase(plan):
    initiative = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError) as refused:
        actions.edit_initiative(
            initiative,
            by="t",
            seen_version=initiative.version,
            changes={"phase": "udvikling", "phase_target": "udvikling"},
        )
    assert "phase_target" in refused.value.message_dict


# --------------------------------------------------------------------------- parents


def test_an_initiative_cannot_become_its_own_grandparent(client, users, plan):
    first, second = plan.initiatives_by_key["hr"], plan.initiatives_by_key["shared"]
    actions.edit_initiative(
        first, by="t", seen_version=first.version, changes={"parent_id": second.pk}
    )
    second.refresh_from_db()
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:initiative-edit", args=[second.pk]),
        _edit_form(second, parent=first.pk),
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert CYCLE in response.content.decode()
    assert response.context["form"].errors["parent"]
    second.refresh_from_db()
    assert second.parent_id is None


def test_the_action_refuses_a_longer_cycle(plan):
    a = plan.initiatives_by_key["hr"]
    b = plan.initiatives_by_key["shared"]
    c = actions.create_initiative(plan, by="t", title="Tredje", parent_id=b.pk)
    actions.edit_initiative(a, by="t", seen_version=a.version, changes={"parent_id": c.pk})
    b.refresh_from_db()  # a → c → b; b → a would close the ring
    with pytest.raises(ValidationError) as refused:
        actions.edit_initiative(b, by="t", seen_version=b.version, changes={"parent_id": a.pk})
    assert "parent" in refused.value.message_dict
