"""Archiving and restoring an initiative on its page: the plan's coordinator takes it off the
plan (its history stays) and brings it back into the areas it sat in; other roles are
neither offered nor allowed it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db

SHARED = "Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid"


def _page(client: Any, initiative: Initiative) -> str:
    response = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    return response.content.decode()


def _plan_page(client: Any, plan: Any) -> str:
    return client.get(
        reverse("portfolio:plan-detail", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()


def _archive(client: Any, initiative: Initiative, version: int | None = None) -> Any:
    return client.post(
        reverse("portfolio:initiative-archive", args=[initiative.pk]),
        {"version": initiative.version if version is None else version},
        HTTP_ACCEPT_LANGUAGE="da",
    )


def test_the_coordinator_is_offered_to_archive_an_initiative(client, users, plan):
    client.force_login(users["coordinator"])
    html = _page(client, plan.initiatives_by_key["shared"])
    assert (
        reverse("portfolio:initiative-archive", args=[plan.initiatives_by_key["shared"].pk]) in html
    )
    assert ">Arkivér<" in html


@pytest.mark.parametrize("role", ["reader", "editor_hospital"])
def test_a_reader_or_an_editor_is_not_offered_to_archive(client, users, plan, role):
    client.force_login(users[role])
    html = _page(client, plan.initiatives_by_key["shared"])
    assert "Arkivér" not in html
    assert "/archive/" not in html


def test_the_archive_page_asks_first_in_danish(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["shared"]
    response = client.get(
        reverse("portfolio:initiative-archive", args=[initiative.pk]), HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arkivér indsats" in html
    assert "Personale" in html and "Hospitaler" in html  # the areas it leaves
    Initiative.objects.get(pk=initiative.pk, archived_at__isnull=True)


def test_the_coordinator_archives_an_initiative_and_it_leaves_the_plan(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["shared"]
    response = _archive(client, initiative)
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    html = _page(client, initiative)
    assert "Indsatsen er arkiveret." in html
    initiative.refresh_from_db()
    assert initiative.archived_at is not None
    assert SHARED not in _plan_page(client, plan)
    assert ">Arkiveret<" in html
    assert ">Gendan<" in html
    assert ">Redigér<" not in html  # an archived initiative is restored before it is changed
    assert "I gang." in html  # its status history stays


@pytest.mark.parametrize("role", ["reader", "editor_hospital"])
def test_a_reader_or_an_editor_cannot_archive(client, users, plan, role):
    client.force_login(users[role])
    initiative = plan.initiatives_by_key["shared"]
    assert _archive(client, initiative).status_code == 403
    assert (
        client.get(reverse("portfolio:initiative-archive", args=[initiative.pk])).status_code == 403
    )
    initiative.refresh_from_db()
    assert initiative.archived_at is None


def test_archiving_from_a_stale_page_is_refused_and_nothing_changes(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["shared"]
    seen = initiative.version
    actions.record_status(initiative, by="t", seen_version=seen, text="Nyere status.")
    response = _archive(client, initiative, version=seen)
    assert response.status_code == 409
    assert "Nyere status." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.archived_at is None


def test_the_restore_page_offers_the_areas_it_sat_in(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]  # only in "Personale"
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    html = client.get(
        reverse("portfolio:initiative-restore", args=[initiative.pk]), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    personale = plan.areas_by_slug["personale"].pk
    hospitaler = plan.areas_by_slug["hospitaler"].pk
    assert re.search(
        rf'<input type="checkbox" name="areas" value="{personale}"[^>]* checked>', html
    )
    assert re.search(
        rf'<input type="checkbox" name="areas" value="{hospitaler}" [^>]*id="[^"]+">', html
    )


def test_the_coordinator_restores_an_initiative_into_the_areas_chosen(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    response = client.post(
        reverse("portfolio:initiative-restore", args=[initiative.pk]),
        {"areas": [plan.areas_by_slug["hospitaler"].pk]},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.archived_at is None
    areas = [m.area.slug for m in initiative.memberships.filter(valid_to__isnull=True)]
    assert areas == ["hospitaler"]
    assert "Indsatsen er gendannet." in _page(client, initiative)
    assert "Uddannelse af flere SPV" in _plan_page(client, plan)


def test_restoring_into_no_area_is_refused_with_the_error_at_the_field(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    response = client.post(
        reverse("portfolio:initiative-restore", args=[initiative.pk]), {}, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 200
    assert "Vælg mindst ét område" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.archived_at is not None


def test_a_reader_cannot_restore(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    client.force_login(users["reader"])
    assert ">Gendan<" not in _page(client, initiative)
    response = client.post(
        reverse("portfolio:initiative-restore", args=[initiative.pk]),
        {"areas": [plan.areas_by_slug["personale"].pk]},
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.archived_at is not None


def test_an_archived_initiative_cannot_be_edited_until_it_is_restored(client, users, plan):
    """Saving the edit form would put it back into areas while it stays archived."""
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    response = client.get(
        reverse("portfolio:initiative-edit", args=[initiative.pk]), HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()


def test_the_search_marks_an_archived_initiative(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]
    actions.archive_initiative(initiative, by="t", seen_version=initiative.version)
    html = client.get(
        reverse("portfolio:search"), {"q": "SPV", "archived": "on"}, HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert "Uddannelse af flere SPV" in html
    assert ">Arkiveret<" in html


def test_the_trail_names_the_areas_an_initiative_left_and_came_back_to(client, users, plan):
    from django.utils import translation

    from fremdrift.core import audit_display
    from fremdrift.core.choices import AuditAction
    from fremdrift.core.models import AuditEvent

    client.force_login(users["coordinator"])
    initiative = plan.initiatives_by_key["hr"]
    _archive(client, initiative)
    client.post(
        reverse("portfolio:initiative-restore", args=[initiative.pk]),
        {"areas": [plan.areas_by_slug["hospitaler"].pk]},
    )
    events = AuditEvent.objects.filter(object_id=str(initiative.pk))
    archived = events.get(action=AuditAction.ARCHIVED)
    restored = events.get(action=AuditAction.RESTORED)
    with translation.override("da"):
        assert [(c.label, c.before) for c in audit_display.changes(archived)] == [
            ("Område", "Personale")
        ]
        assert [(c.label, c.after) for c in audit_display.changes(restored)] == [
            ("Område", "Hospitaler")
        ]
