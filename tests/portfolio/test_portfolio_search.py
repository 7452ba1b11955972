"""The portfolio search finds an initiative by every text a user reads of it: its own fields,
its description and the wording each section gives it, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db

SPV = "Uddannelse af flere SPV"  # the apostrophe is escaped in HTML


def _found(client, q: str) -> str:
    response = client.get(reverse("portfolio:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_the_title_a_section_gives_an_initiative(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    actions.set_section_wording(
        initiative,
        plan.areas_by_slug["personale"],
        by="t",
        title="Flere SPV'er til patientforløbet i akutmodtagelsen",
    )
    client.force_login(users["admin"])
    assert SPV in _found(client, "patientforløbet")
    assert SPV in _found(client, "Patientforløbet akutmodtagelsen")  # every word, any case


def test_search_finds_a_sections_own_status_and_heading(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    actions.set_section_wording(
        initiative,
        plan.areas_by_slug["personale"],
        by="t",
        theme="Rekruttering",
        status_text="Hold to starter i marts.",
    )
    client.force_login(users["admin"])
    assert SPV in _found(client, "marts")
    assert SPV in _found(client, "rekruttering")


def test_search_finds_the_description(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    actions.edit_initiative(
        initiative,
        by="t",
        seen_version=initiative.version,
        changes={"description": "Sygeplejersker med specialuddannelse i psykiatri."},
    )
    client.force_login(users["admin"])
    assert SPV in _found(client, "specialuddannelse")


def test_a_sections_earlier_wording_is_not_found(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    area = plan.areas_by_slug["personale"]
    actions.set_section_wording(initiative, area, by="t", title="Gammel formulering")
    actions.set_section_wording(initiative, area, by="t", title="Ny formulering")
    client.force_login(users["admin"])
    assert SPV not in _found(client, "gammel")
    assert SPV in _found(client, "ny formulering")


def test_the_search_query_count_does_not_grow_with_sections_and_results(client, users, plan):
    client.force_login(users["admin"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _found(client, "flere")
        return len(ctx.captured_queries)

    few = queries()
    for n in range(12):
        made = actions.create_initiative(
            plan, by="t", title=f"Indsats {n}", areas=list(plan.areas.all())
        )
        actions.set_section_wording(
            made, plan.areas_by_slug["personale"], by="t", title=f"Flere ting {n}"
        )
    assert queries() == few
    assert "Indsats 11" in _found(client, "flere")  # found by the section's wording


def test_the_search_filters_name_their_empty_choice_in_danish(client, users, plan):
    client.force_login(users["admin"])
    html = _found(client, "")
    assert "---------" not in html
    assert '<option value="" selected>Alle planer</option>' in html
    assert '<option value="" selected>Alle områder</option>' in html
    assert '<option value="" selected>Alle enheder</option>' in html
