"""The portfolio pages: what each role sees and may do, in Danish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.portfolio import actions
from fremdrift.portfolio.forms import initial_for
from fremdrift.portfolio.models import StatusUpdate

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client, plan):
    response = client.get(reverse("portfolio:plan-detail", args=[plan.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_healthz_answers_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_plan_page_shows_areas_in_order_with_their_initiatives(client, users, plan):
    client.force_login(users["reader"])
    response = client.get(
        reverse("portfolio:plan-detail", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Personale") < html.index("Hospitaler")
    assert html.count("Prøvehandling hvor Præhospitalet kan afslutte patienter i dagtid") == 2
    assert "Koncern HR" in html


def test_a_user_without_a_role_gets_404_for_a_plan(client, users, plan):
    client.force_login(users["nobody"])
    response = client.get(reverse("portfolio:plan-detail", args=[plan.slug]))
    assert response.status_code == 404


def test_the_plan_list_shows_only_plans_the_user_may_see(client, users, plan):
    actions.create_plan(by="t", slug="hemmelig", title="En anden plan")
    client.force_login(users["reader"])
    html = client.get(reverse("portfolio:plan-list")).content.decode()
    assert "Vinterplan" in html
    assert "En anden plan" not in html


def _plan_page_queries(client, plan):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("portfolio:plan-detail", args=[plan.slug]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_query_count_does_not_grow_with_the_number_of_initiatives(
    client, users, plan, units
):
    client.force_login(users["coordinator"])
    few = _plan_page_queries(client, plan)
    area = plan.areas_by_slug["hospitaler"]
    for n in range(25):
        actions.create_initiative(
            plan,
            by="t",
            title=f"Indsats {n}",
            areas=[area],
            units={"local": [units["department"]], "lead": [units["hr"]]},
            theme=f"Tema {n % 3}",
        )
    many = _plan_page_queries(client, plan)
    assert many == few
    assert few <= 10


def test_an_editor_of_the_local_unit_records_a_status(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    client.force_login(users["editor_hospital"])
    url = reverse("portfolio:status-create", args=[initiative.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Afprøvningen er udvidet til Randers.",
            "status_date": "2022-01-10",
            "phase": "afprøvning",
            "phase_target": "udbredelse",
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status_text == "Afprøvningen er udvidet til Randers."
    assert initiative.phase_target == "udbredelse"
    assert (
        StatusUpdate.objects.filter(initiative=initiative).latest().author
        == users["editor_hospital"]
    )


def test_an_editor_of_another_unit_is_refused(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(users["editor_hospital"])
    response = client.get(reverse("portfolio:status-create", args=[initiative.pk]))
    assert response.status_code in (403, 404)


def test_a_reader_sees_the_initiative_but_may_not_edit_it(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(users["reader"])
    assert (
        client.get(reverse("portfolio:initiative-detail", args=[initiative.pk])).status_code == 200
    )
    assert client.get(reverse("portfolio:initiative-edit", args=[initiative.pk])).status_code == 403
    response = client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {"text": "x", "status_date": "2022-01-10", "phase": "drift", "version": 1},
    )
    assert response.status_code == 403


def test_the_status_form_says_what_is_wrong_in_danish_and_keeps_the_text(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {
            "text": "Min lange tekst",
            "status_date": "ikke en dato",
            "phase": "drift",
            "version": initiative.version,
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in html
    assert "Min lange tekst" in html


def test_a_conflicting_status_keeps_the_users_text_and_shows_the_saved_one(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]
    seen = initiative.version
    actions.record_status(initiative, by="someone", seen_version=seen, text="Den andens status")
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {"text": "Min egen status", "status_date": "2022-01-10", "phase": "drift", "version": seen},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Den andens status" in html and "Min egen status" in html
    initiative.refresh_from_db()
    assert initiative.status_text == "Den andens status"


def test_a_coordinator_creates_an_initiative_in_two_areas(client, users, plan, units):
    client.force_login(users["coordinator"])
    areas = plan.areas_by_slug
    response = client.post(
        reverse("portfolio:initiative-create", args=[plan.slug]),
        {
            "title": "Visitation i Lægevagten",
            "theme": "Lægevagten",
            "kind": "implementering",
            "work_form": "prøvehandling",
            "phase": "afprøvning",
            "phase_target": "",
            "areas": [areas["personale"].pk, areas["hospitaler"].pk],
            "lead": [units["hr"].pk],
            "local": [units["cluster"].pk],
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Visitation i Lægevagten" in detail
    assert "Randersklyngen" in detail


def test_an_editor_cannot_create_initiatives_in_the_plan(client, users, plan):
    client.force_login(users["editor_hospital"])
    response = client.get(reverse("portfolio:initiative-create", args=[plan.slug]))
    assert response.status_code == 403


def test_editing_keeps_areas_in_step_with_the_checked_boxes(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:initiative-edit", args=[initiative.pk]),
        {
            "title": initiative.title,
            "theme": initiative.theme,
            "kind": "implementering",
            "work_form": "",
            "phase": "afprøvning",
            "phase_target": "",
            "areas": [plan.areas_by_slug["personale"].pk],
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    assert [m.area.slug for m in initiative.memberships.filter(valid_to__isnull=True)] == [
        "personale"
    ]


# --------------------------------------------------------------------------- lost updates


def _edit_form(initiative, **changes):
    """What the edit page's form posts for ``initiative`` as it is now, with ``changes``."""
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data.update(changes)
    return data


def test_an_edit_without_the_version_it_started_from_is_refused(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    client.force_login(users["coordinator"])
    data = _edit_form(initiative, title="Ændret uden version")
    del data["version"]
    response = client.post(
        reverse("portfolio:initiative-edit", args=[initiative.pk]), data, HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Åbn siden igen" in html and "Ændret uden version" in html
    initiative.refresh_from_db()
    assert initiative.title.startswith("Prøvehandling")


def test_a_status_without_the_version_it_started_from_is_refused_with_a_message(
    client, users, plan
):
    initiative = plan.initiatives_by_key["hr"]
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:status-create", args=[initiative.pk]),
        {"text": "Uden version", "status_date": "2022-01-10", "phase": "drift"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    assert "Åbn siden igen" in response.content.decode()
    assert not StatusUpdate.objects.filter(text="Uden version").exists()


def test_a_stale_edit_gets_the_conflict_page_and_keeps_the_users_text(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    form = _edit_form(initiative, title="Min titel")
    actions.edit_initiative(
        initiative, by="someone", seen_version=initiative.version, changes={"theme": "Andet tema"}
    )
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("portfolio:initiative-edit", args=[initiative.pk]), form, HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Min titel" in html and "En anden har gemt i mellemtiden" in html
    initiative.refresh_from_db()
    assert initiative.theme == "Andet tema" and initiative.title.startswith("Prøvehandling")


def test_a_change_of_areas_alone_is_a_new_version_so_an_older_form_cannot_undo_it(
    client, users, plan
):
    initiative = plan.initiatives_by_key["shared"]  # in "personale" and "hospitaler"
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    older = _edit_form(initiative, title="Ny titel")  # a form opened before the change below
    client.force_login(users["coordinator"])
    only_staff = _edit_form(initiative, areas=[plan.areas_by_slug["personale"].pk])
    assert client.post(url, only_staff).status_code == 302
    response = client.post(url, older)
    assert response.status_code == 409
    initiative.refresh_from_db()
    assert initiative.title.startswith("Prøvehandling")
    current = initiative.memberships.filter(valid_to__isnull=True)
    assert [m.area.slug for m in current] == ["personale"]


def test_an_edit_whose_area_change_fails_writes_none_of_its_fields(
    client, users, plan, refuse_new_area_places
):
    from django.db import DatabaseError

    initiative = plan.initiatives_by_key["hr"]  # only in "personale"
    areas = [plan.areas_by_slug["personale"].pk, plan.areas_by_slug["hospitaler"].pk]
    client.force_login(users["coordinator"])
    with pytest.raises(DatabaseError):
        client.post(
            reverse("portfolio:initiative-edit", args=[initiative.pk]),
            _edit_form(initiative, title="Halvt gemt", areas=areas),
        )
    initiative.refresh_from_db()
    assert initiative.title == "Uddannelse af flere SPV'er"
    assert initiative.version == plan.initiatives_by_key["hr"].version


def test_the_initiative_page_shows_the_status_history_newest_first(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    actions.record_status(
        initiative, by="t", seen_version=None, text="Nyeste status", status_date=dt.date(2022, 2, 8)
    )
    client.force_login(users["reader"])
    html = client.get(
        reverse("portfolio:initiative-detail", args=[initiative.pk]), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    assert html.index("Nyeste status") < html.index("I gang.")
    assert "8. februar 2022" in html


def test_search_filters_by_phase_unit_and_text(client, users, plan, units):
    client.force_login(users["admin"])
    url = reverse("portfolio:search")
    html = client.get(url, {"q": "præhospitalet"}).content.decode()
    assert "Præhospitalet kan afslutte" in html and "SPV" not in html
    html = client.get(url, {"phase": "implementering"}).content.decode()
    assert "SPV" in html and "Præhospitalet kan afslutte" not in html
    html = client.get(url, {"unit": units["region"].pk, "follow_up": "local"}).content.decode()
    assert "Præhospitalet kan afslutte" in html and "SPV" not in html


def test_search_results_download_as_excel(client, users, plan):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(users["admin"])
    response = client.get(reverse("portfolio:search"), {"q": "SPV", "format": "xlsx"})
    book = load_workbook(BytesIO(response.content))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "Uddannelse af flere SPV'er" in values


def test_english_can_be_chosen(client, users, plan):
    client.force_login(users["reader"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("portfolio:plan-list")).content.decode()
    assert "Plans" in html
