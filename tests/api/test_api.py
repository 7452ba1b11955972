"""The REST API: the same rights as the pages, writes through the actions, audited as API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.core.choices import AuditAction, Channel
from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import Initiative, InitiativeVersion, StatusUpdate

pytestmark = pytest.mark.django_db


def _initiative_url(initiative, suffix=""):
    return f"/api/v1/initiatives/{initiative.pk}/{suffix}"


def test_anonymous_callers_are_asked_to_authenticate(client, plan):
    response = client.get("/api/v1/plans/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_reader_lists_only_the_plans_they_may_read(api_as, users, plan):
    actions.create_plan(by="t", slug="hemmelig", title="En anden plan")
    response = api_as(users["reader"]).get("/api/v1/plans/")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["results"]] == ["vinter"]


def test_a_user_without_a_role_sees_nothing_and_gets_404_for_an_initiative(api_as, users, plan):
    api = api_as(users["nobody"])
    assert api.get("/api/v1/initiatives/").json()["count"] == 0
    assert api.get(_initiative_url(plan.initiatives_by_key["shared"])).status_code == 404


def test_an_initiative_shows_its_areas_units_and_version(api_as, users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    body = api_as(users["reader"]).get(_initiative_url(shared)).json()
    assert sorted(body["areas"]) == sorted(a.pk for a in plan.areas.all())
    assert body["units"] == {"lead": [], "common": [], "local": [units["hospital"].pk]}
    assert body["version"] == shared.version
    assert body["status_text"] == "I gang."


def test_initiatives_filter_by_phase_plan_unit_and_words(api_as, users, plan, units):
    api = api_as(users["reader"])

    def refs(query):
        response = api.get(f"/api/v1/initiatives/?{query}")
        assert response.status_code == 200, response.content
        return sorted(i["title"][:9] for i in response.json()["results"])

    assert refs("phase=implementering") == ["Uddannels"]
    assert refs(f"plan={plan.pk}&q=præhospitalet") == ["Prøvehand"]
    assert refs(f"unit={units['region'].pk}") == ["Prøvehand", "Uddannels"]
    assert refs(f"unit={units['hr'].pk}") == ["Uddannels"]
    assert refs(f"area={plan.areas_by_slug['hospitaler'].pk}") == ["Prøvehand"]


def test_a_filter_naming_a_plan_the_user_may_not_see_is_refused(api_as, users, plan):
    other = actions.create_plan(by="t", slug="hemmelig", title="En anden plan")
    response = api_as(users["reader"]).get(f"/api/v1/initiatives/?plan={other.pk}")
    assert response.status_code == 400


def test_an_editor_of_the_local_unit_records_a_status_audited_as_api(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    response = api_as(users["editor_hospital"]).post(
        _initiative_url(shared, "status/"),
        {"text": "Udvidet til Randers.", "phase": "udbredelse", "version": shared.version},
        format="json",
    )
    assert response.status_code == 201, response.content
    shared.refresh_from_db()
    assert shared.status_text == "Udvidet til Randers."
    assert shared.phase == "udbredelse"
    event = AuditEvent.objects.filter(action=AuditAction.STATUS_RECORDED).first()
    assert event.channel == Channel.API
    assert event.actor_name == "redaktoer_hospital"
    assert StatusUpdate.objects.filter(initiative=shared).latest().channel == Channel.API


def test_an_editor_of_another_unit_gets_403_for_the_status(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    response = api_as(users["editor_hr"]).post(
        _initiative_url(shared, "status/"),
        {"text": "Nej.", "version": shared.version},
        format="json",
    )
    assert response.status_code == 403
    assert StatusUpdate.objects.filter(initiative=shared).count() == 1


def test_a_reader_may_not_change_an_initiative(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    response = api_as(users["reader"]).patch(
        _initiative_url(shared), {"title": "Ny titel", "version": shared.version}, format="json"
    )
    assert response.status_code == 403


def test_a_stale_version_gets_409_with_the_current_version_and_nothing_is_written(
    api_as, users, plan
):
    shared = plan.initiatives_by_key["shared"]
    seen = shared.version
    actions.edit_initiative(shared, by="someone", seen_version=seen, changes={"theme": "Nyt tema"})
    response = api_as(users["editor_hospital"]).patch(
        _initiative_url(shared), {"title": "Min titel", "version": seen}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["version"] == seen + 1
    assert body["current"]["theme"] == "Nyt tema"
    shared.refresh_from_db()
    assert shared.title.startswith("Prøvehandling")


def test_a_stale_version_of_a_status_gets_409(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    response = api_as(users["editor_hospital"]).post(
        _initiative_url(shared, "status/"),
        {"text": "For sent.", "version": shared.version - 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["current"]["version"] == shared.version


def test_an_update_without_a_version_is_refused(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    response = api_as(users["coordinator"]).patch(
        _initiative_url(shared), {"title": "Ny"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_a_put_without_a_version_is_refused_and_nothing_is_written(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    api = api_as(users["coordinator"])
    body = api.get(_initiative_url(shared)).json()
    del body["version"]
    body["title"] = "Skrevet blindt"
    response = api.put(_initiative_url(shared), body, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    shared.refresh_from_db()
    assert shared.title.startswith("Prøvehandling")


@pytest.mark.parametrize("path", ["initiative", "collection"])
def test_a_status_without_a_version_is_refused_with_a_message_naming_the_field(
    api_as, users, plan, path
):
    shared = plan.initiatives_by_key["shared"]
    api = api_as(users["editor_hospital"])
    if path == "initiative":
        response = api.post(
            _initiative_url(shared, "status/"),
            {"text": "Uden version."},
            format="json",
            HTTP_ACCEPT_LANGUAGE="da",
        )
    else:
        response = api.post(
            "/api/v1/status-updates/",
            {"initiative": shared.pk, "text": "Uden version."},
            format="json",
            HTTP_ACCEPT_LANGUAGE="da",
        )
    assert response.status_code == 400
    assert response.json() == {"version": ["Send den version, du tog udgangspunkt i."]}
    assert not StatusUpdate.objects.filter(text="Uden version.").exists()


def test_a_change_of_areas_alone_is_a_new_version(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    api = api_as(users["coordinator"])
    response = api.patch(
        _initiative_url(shared),
        {"areas": [plan.areas_by_slug["personale"].pk], "version": shared.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == shared.version + 1
    stale = api.patch(
        _initiative_url(shared),
        {
            "title": "Gammel formular",
            "areas": [plan.areas_by_slug["personale"].pk, plan.areas_by_slug["hospitaler"].pk],
            "version": shared.version,
        },
        format="json",
    )
    assert stale.status_code == 409
    assert [m.area.slug for m in shared.memberships.filter(valid_to__isnull=True)] == ["personale"]


def test_an_update_whose_area_change_fails_writes_none_of_its_fields(
    api_as, users, plan, refuse_new_area_places
):
    from django.db import DatabaseError

    hr = plan.initiatives_by_key["hr"]  # only in "personale"
    api = api_as(users["coordinator"])
    api.raise_request_exception = True
    with pytest.raises(DatabaseError):
        api.patch(
            _initiative_url(hr),
            {
                "title": "Halvt gemt",
                "areas": [plan.areas_by_slug["personale"].pk, plan.areas_by_slug["hospitaler"].pk],
                "version": hr.version,
            },
            format="json",
        )
    fresh = Initiative.objects.get(pk=hr.pk)
    assert fresh.title == "Uddannelse af flere SPV'er" and fresh.version == hr.version


def test_an_editor_changes_fields_units_and_areas_through_the_actions(api_as, users, plan, units):
    shared = plan.initiatives_by_key["shared"]
    staff = plan.areas_by_slug["personale"]
    response = api_as(users["editor_hospital"]).patch(
        _initiative_url(shared),
        {
            "title": "Ny titel",
            "version": shared.version,
            "areas": [staff.pk],
            "units": {"lead": [units["hr"].pk]},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Ny titel"
    assert body["areas"] == [staff.pk]
    assert body["units"] == {
        "lead": [units["hr"].pk],
        "common": [],
        "local": [units["hospital"].pk],
    }
    assert body["version"] == shared.version + 1
    assert InitiativeVersion.objects.filter(initiative=shared, version=shared.version + 1).exists()
    assert AuditEvent.objects.filter(action=AuditAction.UNLINKED, channel=Channel.API).exists()


def test_a_coordinator_creates_an_initiative_in_their_plan(api_as, users, plan, units):
    area = plan.areas_by_slug["hospitaler"]
    response = api_as(users["coordinator"]).post(
        "/api/v1/initiatives/",
        {
            "plan": plan.pk,
            "title": "Flere senge i weekenden",
            "areas": [area.pk],
            "phase": "udvikling",
            "units": {"local": [units["department"].pk]},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    initiative = Initiative.objects.get(pk=response.json()["id"])
    assert initiative.ref == "flere-senge-i-weekenden"
    assert InitiativeVersion.objects.filter(initiative=initiative).count() == 1
    event = AuditEvent.objects.get(
        action=AuditAction.CREATED, object_id=str(initiative.pk), object_type="portfolio.initiative"
    )
    assert event.channel == Channel.API


def test_an_editor_may_not_create_initiatives(api_as, users, plan):
    response = api_as(users["editor_hospital"]).post(
        "/api/v1/initiatives/", {"plan": plan.pk, "title": "Nej"}, format="json"
    )
    assert response.status_code == 403


def test_areas_of_another_plan_are_refused(api_as, users, plan):
    other = actions.create_plan(by="t", slug="anden", title="Anden")
    foreign = actions.create_area(other, by="t", title="Fremmed")
    response = api_as(users["admin"]).post(
        "/api/v1/initiatives/",
        {"plan": plan.pk, "title": "X", "areas": [foreign.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "areas" in response.json()


def test_status_updates_can_be_posted_to_the_collection_and_not_changed(api_as, users, plan):
    shared = plan.initiatives_by_key["shared"]
    api = api_as(users["coordinator"])
    response = api.post(
        "/api/v1/status-updates/",
        {"initiative": shared.pk, "text": "Fra samlingen.", "version": shared.version},
        format="json",
    )
    assert response.status_code == 201, response.content
    update_url = f"/api/v1/status-updates/{response.json()['id']}/"
    assert api.get(update_url).json()["text"] == "Fra samlingen."
    assert api.patch(update_url, {"text": "Ændret"}, format="json").status_code == 405
    assert api.delete(update_url).status_code == 405


def test_a_coordinator_changes_their_plan_but_not_others(api_as, users, plan):
    api = api_as(users["coordinator"])
    response = api.patch(f"/api/v1/plans/{plan.pk}/", {"title": "Vinterplan 2022"}, format="json")
    assert response.status_code == 200, response.content
    assert AuditEvent.objects.filter(
        object_type="portfolio.plan", channel=Channel.API, action=AuditAction.UPDATED
    ).exists()
    assert (
        api.post("/api/v1/plans/", {"slug": "ny", "title": "Ny"}, format="json").status_code == 403
    )


def test_only_administrators_change_units(api_as, users, units):
    body = {"name": "Ny enhed", "kind": "stab", "parent": units["region"].pk}
    assert (
        api_as(users["coordinator"]).post("/api/v1/units/", body, format="json").status_code == 403
    )
    response = api_as(users["admin"]).post("/api/v1/units/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["depth"] == 1


def test_a_session_write_without_the_csrf_token_is_refused(users, plan):
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(users["coordinator"])
    shared = plan.initiatives_by_key["shared"]
    response = api.patch(
        _initiative_url(shared), {"title": "Ny", "version": shared.version}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_schema_and_the_documentation_are_served_without_a_cdn(client, users):
    client.force_login(users["reader"])
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/v1/initiatives/{id}/status/" in schema.content
    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in html.split("<body>")[1].replace("http-equiv", "")
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "script-src 'self'" in page["Content-Security-Policy"]
