"""The web import: upload, preview with what will happen, confirm, apply — or discard."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fremdrift.core.models import AuditEvent
from fremdrift.interchange.models import ImportJob
from fremdrift.interchange.webimport import merge_near_matches
from fremdrift.portfolio.models import Initiative, Plan

pytestmark = pytest.mark.django_db

DOC = {
    "format": "fremdrift-plan/1",
    "plan": {"slug": "ny-plan", "title": "Ny plan"},
    "areas": [
        {"slug": "a", "title": "Spor A", "initiatives": ["x"]},
        {"slug": "b", "title": "Spor B", "initiatives": ["y"]},
    ],
    "initiatives": [
        {"ref": "x", "title": "Indlagt i eget hjem", "status": "I gang"},
        {"ref": "y", "title": "Indlagt i eget hjem.", "status": "I gang"},
    ],
}


def upload(client, content: bytes, name: str, **extra):
    return client.post(
        reverse("interchange:upload"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def test_an_administrator_previews_then_applies_a_new_plan(client, users):
    client.force_login(users["admin"])
    response = upload(client, json.dumps(DOC).encode(), "ny.json")
    assert response.status_code == 302
    job = ImportJob.objects.get()
    preview = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Ny plan" in preview
    assert not Plan.objects.filter(slug="ny-plan").exists()
    applied = client.post(reverse("interchange:apply", args=[job.pk]))
    assert applied.status_code == 302
    assert applied["Location"] == reverse("portfolio:plan-detail", args=["ny-plan"])
    assert client.get(applied["Location"]).status_code == 200
    event = AuditEvent.objects.get(action="imported")
    assert event.after["file"] == "ny.json" and event.after["sha256"] == job.sha256


def test_confirmed_near_matches_become_one_initiative_in_both_areas(client, users):
    client.force_login(users["admin"])
    upload(client, json.dumps(DOC).encode(), "ny.json")
    job = ImportJob.objects.get()
    client.post(reverse("interchange:apply", args=[job.pk]), {"merge": ["x|y"]})
    plan = Plan.objects.get(slug="ny-plan")
    initiative = Initiative.objects.get(plan=plan)
    assert sorted(m.area.slug for m in initiative.memberships.all()) == ["a", "b"]


def test_merging_moves_the_dropped_initiatives_areas_to_the_kept_one():
    merged = merge_near_matches(DOC, [("x", "y")])
    assert [i["ref"] for i in merged["initiatives"]] == ["x"]
    assert [a["initiatives"] for a in merged["areas"]] == [["x"], ["x"]]
    assert DOC["initiatives"][1]["ref"] == "y"  # the original is untouched


def test_a_bad_file_shows_a_clear_message_and_writes_nothing(client, users):
    plans = Plan.objects.count()
    client.force_login(users["coordinator"])
    response = upload(client, b"PK\x03\x04 not really a deck", "vinter.pptx")
    html = client.get(response["Location"]).content.decode()
    assert "vinter.pptx" in html
    assert ImportJob.objects.get().status == "failed"
    assert Plan.objects.count() == plans


def test_a_file_of_another_type_is_refused_by_the_form_in_danish(client, users):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile("plan.docx", b"x")},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "kan ikke importeres" in response.content.decode()


def test_readers_and_editors_may_not_import(client, users):
    for who in ("reader", "editor_hr"):
        client.force_login(users[who])
        assert client.get(reverse("interchange:upload")).status_code == 403


def test_nobody_else_sees_someone_elses_upload(client, users):
    client.force_login(users["coordinator"])
    document = {**DOC, "plan": {"slug": "vinter", "title": "Vinterplan"}}
    upload(client, json.dumps(document).encode(), "v.json")
    job = ImportJob.objects.get()
    for other in ("editor_hr", "reader", "analyst"):
        client.force_login(users[other])
        assert client.get(reverse("interchange:preview", args=[job.pk])).status_code == 404


def test_importing_into_a_plan_one_does_not_coordinate_is_refused(client, users, plan, make_user):
    from fremdrift.core.choices import Role
    from fremdrift.portfolio import actions

    other = actions.create_plan(by="t", slug="anden", title="Anden plan")
    coordinator = make_user("k2", Role.COORDINATOR, plan=other)
    client.force_login(coordinator)
    document = {**DOC, "plan": {"slug": "vinter", "title": "Vinterplan"}}
    upload(client, json.dumps(document).encode(), "v.json")
    job = ImportJob.objects.get()
    assert client.post(reverse("interchange:apply", args=[job.pk])).status_code == 403


def test_discarding_keeps_the_database_unchanged(client, users):
    client.force_login(users["admin"])
    upload(client, json.dumps(DOC).encode(), "ny.json")
    job = ImportJob.objects.get()
    client.post(reverse("interchange:discard", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "discarded"
    assert client.post(reverse("interchange:apply", args=[job.pk])).status_code == 302
    assert not Plan.objects.filter(slug="ny-plan").exists()


# --------------------------------------------------------------------------- lost updates


def _winter_plan_document(plan) -> dict:
    """The ``plan`` fixture as a file, with a new title for the SPV initiative."""
    shared, hr = plan.initiatives_by_key["shared"], plan.initiatives_by_key["hr"]
    return {
        "format": "fremdrift-plan/1",
        "plan": {"slug": plan.slug, "title": plan.title},
        "areas": [
            {"slug": "personale", "title": "Personale", "initiatives": [shared.ref, hr.ref]},
            {"slug": "hospitaler", "title": "Hospitaler", "initiatives": [shared.ref]},
        ],
        "initiatives": [
            {"ref": shared.ref, "title": shared.title, "phase": shared.phase},
            {"ref": hr.ref, "title": "Uddannelse af 40 SPV'er", "phase": hr.phase},
        ],
    }


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_applying_refuses_when_an_initiative_changed_after_the_preview(client, users, plan):
    from fremdrift.portfolio import actions

    shared = plan.initiatives_by_key["shared"]
    client.force_login(users["coordinator"])
    upload(client, json.dumps(_winter_plan_document(plan)).encode(), "vinter.json")
    job = ImportJob.objects.get()
    actions.edit_initiative(
        shared, by="someone", seen_version=shared.version, changes={"theme": "Nyt tema imens"}
    )
    response = client.post(
        reverse("interchange:apply", args=[job.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    [message] = _messages(response)
    assert f"“{shared.title}” er ændret efter forhåndsvisningen" in message
    assert "der er ikke skrevet noget" in message
    shared.refresh_from_db()
    assert shared.theme == "Nyt tema imens"
    assert Initiative.objects.get(pk=plan.initiatives_by_key["hr"].pk).title.startswith(
        "Uddannelse af flere"
    )
    job.refresh_from_db()
    assert job.status == "preview"
    # the preview is made again against the plan as it is now; applying it now goes through
    assert client.post(reverse("interchange:apply", args=[job.pk])).status_code == 302
    assert Initiative.objects.get(pk=plan.initiatives_by_key["hr"].pk).title.endswith("40 SPV'er")


def test_applying_refuses_to_take_out_an_initiative_placed_after_the_preview(client, users, plan):
    from fremdrift.portfolio import actions

    client.force_login(users["coordinator"])
    upload(client, json.dumps(_winter_plan_document(plan)).encode(), "vinter.json")
    job = ImportJob.objects.get()
    late = actions.create_initiative(
        plan,
        by="someone",
        title="Kommet til efter forhåndsvisningen",
        areas=[plan.areas_by_slug["hospitaler"]],
    )
    response = client.post(
        reverse("interchange:apply", args=[job.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    [message] = _messages(response)
    assert "“Kommet til efter forhåndsvisningen”" in message
    assert late.memberships.filter(valid_to__isnull=True).count() == 1
    assert Initiative.objects.get(pk=plan.initiatives_by_key["hr"].pk).title.startswith(
        "Uddannelse af flere"
    )


UNIT_DOC = {
    "plan": {"slug": "vinter", "title": "Vinterplan", "owner": "Koncern HR"},
    "initiatives": [
        {
            "ref": "ny",
            "title": "Ny indsats",
            "follow_up": {"common": ["Arbejdsgruppe A", "Arbejdsgruppe B"]},
        }
    ],
}


def test_the_preview_lists_plan_changes_and_unknown_units_and_creates_only_ticked_ones(
    client, users, plan
):
    from fremdrift.core.models import OrgUnit

    client.force_login(users["admin"])
    doc = {**UNIT_DOC, "areas": []}
    # Keep the plan's areas so that only the new initiative and the owner change.
    from fremdrift.interchange.export import plan_document

    current = plan_document(plan)
    doc["areas"] = current["areas"]
    doc["initiatives"] = current["initiatives"] + UNIT_DOC["initiatives"]
    response = upload(client, json.dumps(doc).encode(), "ny.json")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Ændringer i selve planen" in page
    assert "ejer" in page
    assert "Arbejdsgruppe A" in page and 'name="unit"' in page
    assert not OrgUnit.objects.filter(name__startswith="Arbejdsgruppe").exists()
    job = ImportJob.objects.get()
    client.post(reverse("interchange:apply", args=[job.pk]), {"unit": ["Arbejdsgruppe A"]})
    assert list(
        OrgUnit.objects.filter(name__startswith="Arbejdsgruppe").values_list("name", flat=True)
    ) == ["Arbejdsgruppe A"]
    initiative = Initiative.objects.get(plan__slug="vinter", ref="ny")
    assert [link.unit.name for link in initiative.unit_links.all()] == ["Arbejdsgruppe A"]
    assert Plan.objects.get(slug="vinter").owner == "Koncern HR"


@pytest.mark.parametrize("given", ["Ny_Plan", "a" * 81])
def test_a_short_name_that_is_not_one_is_refused_at_the_field(client, users, given):
    # Django's slug field lets capitals, underscores and any length through
    client.force_login(users["coordinator"])
    response = upload(client, json.dumps(DOC).encode(), "plan.json", plan_slug=given)
    assert response.status_code == 200
    assert "er ikke et gyldigt kortnavn" in response.content.decode()
    assert not ImportJob.objects.exists()
