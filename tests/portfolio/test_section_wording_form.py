"""The web form for an initiative's heading and wording in one section."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions
from fremdrift.portfolio.models import AreaMembership

pytestmark = pytest.mark.django_db


def _url(initiative, area) -> str:  # noqa: ANN001
    return reverse("portfolio:section-wording", args=[initiative.pk, area.pk])


def _place(initiative, area) -> AreaMembership:  # noqa: ANN001
    return AreaMembership.objects.get(initiative=initiative, area=area, valid_to__isnull=True)


def test_a_coordinator_gives_the_shared_initiative_its_own_heading_in_one_section(
    client, users, plan
):
    shared = plan.initiatives_by_key["shared"]
    hospitals, staff = plan.areas_by_slug["hospitaler"], plan.areas_by_slug["personale"]
    client.force_login(users["coordinator"])
    detail = client.get(shared.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert _url(shared, hospitals) in detail
    form = client.get(_url(shared, hospitals), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Overskrift (tema) i dette afsnit" in form and "Formulering i afsnittet" in form
    response = client.post(
        _url(shared, hospitals),
        {
            "theme": "Aflastning af akutmodtagelserne",
            "title": shared.title,  # the same as the initiative's own: nothing of its own
            "status_text": "Afprøves på Regionshospitalet Randers.",
            "follow_up_text": "",
            "version": shared.version,
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 302
    place = _place(shared, hospitals)
    assert place.theme == "Aflastning af akutmodtagelserne"
    assert place.title == ""
    assert place.status_text == "Afprøves på Regionshospitalet Randers."
    assert place.status_for == "I gang."  # it rewords the status of the day
    assert _place(shared, staff).theme == ""  # the other section keeps the initiative's
    shared.refresh_from_db()
    assert shared.theme == "Præhospitalet"
    event = AuditEvent.objects.filter(object_id=str(shared.pk)).latest("pk")
    assert event.after["theme"] == "Aflastning af akutmodtagelserne"


def test_a_too_long_heading_is_refused_in_danish_and_the_text_stays(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    client.force_login(users["coordinator"])
    response = client.post(
        _url(shared, hospitals),
        {"theme": "x" * 301, "status_text": "Min formulering", "version": shared.version},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Denne værdi må højst have 300 tegn (den har 301)." in html
    assert "Min formulering" in html
    assert _place(shared, hospitals).status_text == ""


def test_a_stale_form_is_refused_and_keeps_what_the_user_wrote(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    seen = shared.version
    actions.record_status(shared, by="someone", seen_version=seen, text="Den andens status")
    client.force_login(users["coordinator"])
    response = client.post(
        _url(shared, hospitals),
        {"theme": "Min overskrift", "version": seen},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Min overskrift" in html and "Den andens status" in html
    assert _place(shared, hospitals).theme == ""


def test_a_form_without_its_version_is_refused(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    client.force_login(users["coordinator"])
    response = client.post(
        _url(shared, hospitals), {"theme": "Min overskrift"}, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 200
    assert "hvilken version" in response.content.decode()
    assert _place(shared, hospitals).theme == ""


def test_a_section_the_initiative_is_not_in_is_not_found(client, users, plan):
    hr_only = plan.initiatives_by_key["hr"]
    client.force_login(users["coordinator"])
    response = client.get(_url(hr_only, plan.areas_by_slug["hospitaler"]))
    assert response.status_code == 404


def test_a_reader_may_not_change_the_wording(client, users, plan):
    shared = plan.initiatives_by_key["shared"]
    client.force_login(users["reader"])
    detail = client.get(shared.get_absolute_url()).content.decode()
    assert "/wording/" not in detail
    assert client.get(_url(shared, plan.areas_by_slug["hospitaler"])).status_code == 403


def _form_values(html: str) -> dict[str, str]:
    """The section wording form's fields as the page fills them in."""
    import re
    from html import unescape

    values = {}
    for name in ("theme", "title", "status_text", "follow_up_text", "version"):
        textarea = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
        if textarea:
            values[name] = unescape(textarea.group(1)).lstrip("\n")
        elif field:
            value = re.search(r'value="([^"]*)"', field.group(0))
            values[name] = unescape(value.group(1)) if value else ""
    return values


def test_a_stale_form_takes_in_what_the_other_person_changed_and_saving_keeps_both(
    client, users, plan
):
    """Someone else gave the section its own follow-up while the user changed the heading:
    the refused form holds both, so that saving it again loses neither."""
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    seen = shared.version
    actions.set_section_wording(
        shared, hospitals, by="someone", seen_version=seen, follow_up_text="Den andens opfølgning"
    )
    client.force_login(users["coordinator"])
    mine = {"theme": "Min overskrift", "title": "", "status_text": "", "follow_up_text": ""}
    response = client.post(_url(shared, hospitals), {**mine, "version": seen})
    html = response.content.decode()
    assert response.status_code == 409
    values = _form_values(html)
    assert values["theme"] == "Min overskrift"
    assert values["follow_up_text"] == "Den andens opfølgning"
    again = client.post(_url(shared, hospitals), values)
    assert again.status_code == 302
    place = _place(shared, hospitals)
    assert (place.theme, place.follow_up_text) == ("Min overskrift", "Den andens opfølgning")


def test_a_stale_form_where_both_changed_the_heading_keeps_mine_and_shows_theirs(
    client, users, plan
):
    shared = plan.initiatives_by_key["shared"]
    hospitals = plan.areas_by_slug["hospitaler"]
    seen = shared.version
    actions.set_section_wording(
        shared, hospitals, by="someone", seen_version=seen, theme="Den andens overskrift"
    )
    client.force_login(users["coordinator"])
    response = client.post(
        _url(shared, hospitals),
        {"theme": "Min overskrift", "title": "", "status_text": "", "follow_up_text": "",
         "version": seen},
        HTTP_ACCEPT_LANGUAGE="da",
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 409
    assert _form_values(html)["theme"] == "Min overskrift"
    assert "Gemt nu af en anden" in html and "Den andens overskrift" in html
    assert _place(shared, hospitals).theme == "Den andens overskrift"
