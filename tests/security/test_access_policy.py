"""The access policy itself: a rule for every model, and may() agreeing with restrict()."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from fremdrift.core.access import Action, may, restrict
from fremdrift.core.access.policy import RULES, load_rules
from tests.security.world import ROLES, World, build_world

pytestmark = pytest.mark.django_db

OUR_APPS = {app.label for app in apps.get_app_configs() if app.name.startswith("fremdrift.")}


def test_every_model_of_the_project_has_a_rule():
    load_rules()
    models = {m._meta.label_lower for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert sorted(models - set(RULES)) == []


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE])
def test_may_and_restrict_give_the_same_answer_for_every_object(world, action):
    """For every role and every object of the world: may(obj) ⇔ obj ∈ restrict(all)."""
    from django.contrib.auth.models import AnonymousUser

    disagreements = []
    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else world.users[role]
        for key, obj in world.objects.items():
            allowed = set(
                restrict(type(obj).objects.all(), user, action).values_list("pk", flat=True)
            )
            if may(user, action, obj) != (obj.pk in allowed):
                disagreements.append(f"{role} {action} {key}")
    assert not disagreements
