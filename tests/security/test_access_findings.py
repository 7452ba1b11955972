"""Regression tests for the access findings of issue 11 (1, 2 and the smaller holes of 9).

Each test reproduces what a reviewer did and asserts what a careful user expects instead.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift.core.models import AuditEvent, OrgUnit
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative, InitiativeUnit
from tests.conftest import client_for
from tests.security.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def _upload(client: Client, document: dict[str, Any], name: str = "plan.json") -> ImportJob:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile(name, json.dumps(document).encode())},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    return ImportJob.objects.latest("pk")


def _document(slug: str) -> dict[str, Any]:
    """A file that names the plan ``slug`` and leaves out everything the plan holds."""
    return {
        "format": "fremdrift-plan/1",
        "plan": {"slug": slug, "title": "Hvad som helst"},
        "areas": [{"slug": "x", "title": "X", "initiatives": ["x"]}],
        "initiatives": [{"ref": "x", "title": "X"}],
    }


# --------------------------------------------------------------------------- finding 1


def test_an_import_naming_a_plan_the_user_cannot_see_reads_like_a_missing_plan(world):
    client = client_for(world.users["coordinator_other"])
    hidden = _upload(client, _document("vinter"))
    missing = _upload(client, _document("findes-ikke"))
    assert hidden.status == missing.status == "failed"
    assert hidden.preview["error"].replace("vinter", "findes-ikke") == missing.preview["error"]
    page = client.get(reverse("interchange:preview", args=[hidden.pk])).content.decode()
    for title in ("Prøvehandling hvor Præhospitalet", "Uddannelse af flere SPV", "Personale"):
        assert title not in page
    # No dry run happened: nothing of plan A is in the preview at all.
    assert "unlinked" not in hidden.preview and "created" not in hidden.preview


# --------------------------------------------------------------------------- finding 2


def test_a_coordinator_of_another_plan_cannot_touch_the_forum_of_a_plan(world):
    client = client_for(world.users["coordinator_other"])
    forum, meeting, item = world["forum"], world["meeting"], world["item"]
    attempts = [
        ("post", reverse("governance:meeting-create", args=[forum.pk]), {"date": "2022-01-10"}),
        ("post", reverse("governance:meeting-edit", args=[meeting.pk]), {"date": "2022-01-10"}),
        ("post", reverse("governance:item-create", args=[meeting.pk]), {"title": "X"}),
        ("post", reverse("governance:item-minutes", args=[item.pk]), {"minutes": "Overskrevet"}),
        (
            "post",
            reverse("governance:decision-create", args=[item.pk]),
            {"text": "X", "outcome": "approved"},
        ),
        ("post", reverse("governance:member-add", args=[forum.pk]), {"name": "Indtrænger"}),
        ("post", reverse("governance:member-remove", args=[world["member"].pk]), {}),
    ]
    meetings = forum.meetings.count()
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 404, url
    item.refresh_from_db()
    assert item.minutes == "Referat: HMU drøftede punktet."
    assert forum.members.count() == 1 and item.decisions.count() == 1
    assert forum.meetings.count() == meetings


def test_minutes_decisions_and_consultations_are_read_only_by_the_plans_users(world):
    outsider = client_for(world.users["coordinator_other"])
    for url in (
        reverse("governance:meeting-detail", args=[world["meeting"].pk]),
        reverse("governance:forum-detail", args=[world["forum"].pk]),
        reverse("governance:meeting-pack", args=[world["meeting"].pk]),
        reverse("participation:consultation-detail", args=[world["consultation"].pk]),
    ):
        assert outsider.get(url).status_code == 404, url
    lists = "".join(
        outsider.get(url).content.decode()
        for url in (
            reverse("governance:forum-list"),
            reverse("governance:meeting-list"),
            reverse("participation:consultation-list"),
        )
    )
    assert "HMU" not in lists and "Kompetencestrategi" not in lists
    assert "AL" in lists  # their own forum
    insider = client_for(world.users["reader"])
    page = insider.get(reverse("governance:meeting-detail", args=[world["meeting"].pk]))
    assert "Referat: HMU drøftede punktet." in page.content.decode()


def test_the_forums_secretary_records_minutes_and_decisions_that_move_the_plans_initiatives(
    world,
):
    client = client_for(world.users["secretary"])
    shared = world["shared"]
    response = client.post(
        reverse("governance:decision-create", args=[world["item"].pk]),
        {
            "text": "Udbredes til alle afdelinger.",
            "outcome": "phase_change",
            "phase": "udbredelse",
            "initiatives": [shared.pk],
            "versions": f"{shared.pk}:{Initiative.objects.get(pk=shared.pk).version}",
        },
    )
    assert response.status_code == 302
    assert Initiative.objects.get(pk=shared.pk).phase == "udbredelse"
    # but the secretary does not change initiatives outside a meeting
    edit = client.get(reverse("portfolio:initiative-edit", args=[shared.pk]))
    assert edit.status_code == 403


def test_a_decision_cannot_move_an_initiative_of_a_plan_the_forum_does_not_serve(world):
    from fremdrift.governance import actions as governance_actions

    foreign = world["foreign"]
    governance_actions.update_agenda_item(
        world["item"], by="test", initiatives=[world["shared"], foreign]
    )
    response = client_for(world.users["secretary"]).post(
        reverse("governance:decision-create", args=[world["item"].pk]),
        {
            "text": "Flyt den.",
            "outcome": "phase_change",
            "phase": "drift",
            "initiatives": [foreign.pk],
            "versions": f"{foreign.pk}:{Initiative.objects.get(pk=foreign.pk).version}",
        },
    )
    assert response.status_code in (200, 403)
    assert Initiative.objects.get(pk=foreign.pk).phase != "drift"


# --------------------------------------------------------------------------- finding 9


def test_coordinators_see_their_plans_import_events_in_the_audit_trail(world):
    client = client_for(world.users["coordinator"])
    job = world["import_job"]
    assert client.post(reverse("interchange:apply", args=[job.pk])).status_code == 302
    event = AuditEvent.objects.get(action="imported")
    mine = client.get(reverse("audit-list") + "?action=imported").content.decode()
    assert event.object_repr in mine
    assert str(event.object_id) == str(world["plan"].pk)
    theirs = client_for(world.users["coordinator_other"])
    page = theirs.get(reverse("audit-list") + "?action=imported").content.decode()
    assert event.object_repr not in page


def test_an_editor_cannot_answer_for_a_unit_that_has_left_the_initiative(world):
    shared, request = world["shared"], world["request"]
    # The hospital still takes part in another initiative of the plan, so its editor still
    # reads the plan and the round; it has only left ``shared``.
    actions.edit_initiative(
        world["hr_only"],
        by="test",
        seen_version=None,
        changes={},
        units={"common": [world["hospital"]]},
    )
    actions.edit_initiative(
        shared,
        by="test",
        seen_version=None,
        changes={},
        units={"local": [], "lead": [], "common": []},
    )
    assert not InitiativeUnit.objects.filter(initiative=shared, unit=world["hospital"]).exists()
    client = client_for(world.users["editor_own"])
    url = reverse("followup:answer", args=[request.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "unchanged"})
    assert response.status_code == 403
    assert request.answers.count() == 1  # only the answer given while the unit took part


def test_a_coordinators_import_creates_no_units_and_no_plans(world):
    client = client_for(world.users["coordinator"])
    units = OrgUnit.objects.count()
    document = {
        "format": "fremdrift-plan/1",
        "plan": {"slug": "vinter", "title": "Vinterplan"},
        "areas": [{"slug": "personale", "title": "Personale", "initiatives": ["ny"]}],
        "initiatives": [
            {"ref": "ny", "title": "En ny indsats", "follow_up": {"lead": "Helt Ny Enhed"}}
        ],
    }
    job = _upload(client, document)
    assert job.status == "preview"
    assert client.post(reverse("interchange:apply", args=[job.pk])).status_code == 302
    assert OrgUnit.objects.count() == units
    assert not OrgUnit.objects.filter(name="Helt Ny Enhed").exists()
    new_plan = _upload(client, _document("helt-ny-plan"))
    assert new_plan.status == "failed"
    assert client.post(reverse("interchange:apply", args=[new_plan.pk])).status_code in (302, 403)
    from fremdrift.portfolio.models import Plan

    assert not Plan.objects.filter(slug="helt-ny-plan").exists()
