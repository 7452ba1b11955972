"""The consultation pages' checkboxes can be seen: a coordinator sees which forums are invited
and which inputs are chosen for the long-list (the design system's reset made them 0 px wide)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.core import actions as core_actions
from fremdrift.core.choices import Role
from fremdrift.governance import actions as governance_actions
from fremdrift.participation import actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"


def _visible_size(page: Any, selector: str) -> tuple[float, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    return box["width"], box["height"]


def test_checkboxes_of_the_consultation_pages_are_drawn(
    page: Any, live_server: Any, plan: Any, users: Any, make_user: Any, login: Any
) -> None:
    forum = governance_actions.create_forum(by=ACTOR, short_name="AL", name="Afdelingsledelser")
    member = make_user("al_medlem")
    core_actions.grant_role(by=ACTOR, user=member, role=Role.FORUM_MEMBER, forum=forum)
    consultation = actions.create_consultation(
        by=ACTOR,
        title="Ny kompetencestrategi",
        plan=plan,
        deadline=timezone.localdate() + dt.timedelta(days=14),
        forums=[forum],
    )
    actions.give_inputs(
        consultation.invitations.get(), by=member, inputs=[("anbefaling", "Tæt på praksis")]
    )
    actions.create_long_list(plan, by=ACTOR, title="Bruttoliste")

    login("koordinator", "pw")
    page.goto(f"{live_server.url}{consultation.get_absolute_url()}")
    width, height = _visible_size(page, "input[type=checkbox][name=inputs]")
    assert width >= 12 and height >= 12
    page.goto(f"{live_server.url}/participation/consultations/{consultation.pk}/edit/")
    width, height = _visible_size(page, "input[type=checkbox][name=forums]")
    assert width >= 12 and height >= 12
    assert page.get_by_label("AL – Afdelingsledelser").is_checked()
