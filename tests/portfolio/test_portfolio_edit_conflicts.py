"""Two people edit the same initiative: the second one's save merges, field by field, with
what the first saved, so nobody's change is silently undone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions
from fremdrift.portfolio.forms import initial_for

pytestmark = pytest.mark.django_db


def _edit_form(initiative, **changes):
    """What the edit page's form posts for ``initiative`` as it is now, with ``changes``."""
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data.update(changes)
    return data


def _posted_again(response):
    """What the browser sends when the user saves the re-shown form as it stands."""
    form = response.context["form"]
    return {name: form.data.getlist(name) for name in form.data}


MAIN_FORM = '<form method="post" class="stacked'


def _box(html):
    """The conflict box above the form."""
    return html[html.index('<div class="conflict"') : html.index(MAIN_FORM)]


def _save_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")


def test_the_others_theme_and_task_survive_when_the_user_only_changed_the_description(
    client, users, plan
):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    admins = _edit_form(initiative, theme="Admins tema", year_task="Admins opgave i år")
    coordinators = _edit_form(initiative, description="Koordinatorens beskrivelse")
    assert _save_as(client, users["admin"], url, admins).status_code == 302

    response = _save_as(client, users["coordinator"], url, coordinators)

    assert response.status_code == 409
    html = response.content.decode()
    assert "En anden har gemt i mellemtiden" in html
    box = _box(html)
    assert "Tema" in box and "Admins tema" in box  # what the other changed, and to what
    assert "Opgave i år" in box and "Admins opgave i år" in box
    assert "Begge" not in box  # no clash
    again = _posted_again(response)
    assert again["theme"] == ["Admins tema"]  # the form now holds the other's change …
    assert again["year_task"] == ["Admins opgave i år"]
    assert again["description"] == ["Koordinatorens beskrivelse"]  # … and the user's own
    initiative.refresh_from_db()
    assert initiative.description == ""  # nothing saved yet

    assert _save_as(client, users["coordinator"], url, again).status_code == 302
    initiative.refresh_from_db()
    assert initiative.theme == "Admins tema"
    assert initiative.year_task == "Admins opgave i år"
    assert initiative.description == "Koordinatorens beskrivelse"


def test_a_field_both_changed_keeps_the_users_value_and_shows_the_saved_one_beside_it(
    client, users, plan
):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    admins = _edit_form(initiative, title="Admins titel", phase="udvikling")
    coordinators = _edit_form(initiative, title="Koordinatorens titel", phase="afprøvning")
    assert _save_as(client, users["admin"], url, admins).status_code == 302

    response = _save_as(client, users["coordinator"], url, coordinators)

    assert response.status_code == 409
    html = response.content.decode()
    box = _box(html)
    assert "Begge har ændret" in box and "Admins titel" in box
    form_html = html[html.index(MAIN_FORM) :]
    saved = form_html[form_html.index('id="id_title_saved"') :]
    assert "Admins titel" in saved[:400]  # the saved value beside the field
    # the saved value first, then the field's help (its length limit)
    assert 'aria-describedby="id_title_saved id_title_helptext"' in form_html
    again = _posted_again(response)
    assert again["title"] == ["Koordinatorens titel"]  # the user's value stays in the form
    assert again["phase"] == ["udvikling"]  # the user left the phase: the other's counts

    assert _save_as(client, users["coordinator"], url, again).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Koordinatorens titel"
    assert initiative.phase == "udvikling"


def test_areas_the_other_changed_are_merged_too(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]  # in "personale" and "hospitaler"
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    older = _edit_form(initiative, title="Ny titel")
    only_staff = _edit_form(initiative, areas=[plan.areas_by_slug["personale"].pk])
    assert _save_as(client, users["admin"], url, only_staff).status_code == 302

    response = _save_as(client, users["coordinator"], url, older)

    assert response.status_code == 409
    assert "Områder" in response.content.decode()
    again = _posted_again(response)
    assert again["areas"] == [str(plan.areas_by_slug["personale"].pk)]
    assert _save_as(client, users["coordinator"], url, again).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Ny titel"
    current = initiative.memberships.filter(valid_to__isnull=True)
    assert [m.area.slug for m in current] == ["personale"]


def test_a_status_conflict_keeps_the_others_phase_when_the_user_left_it(client, users, plan):
    initiative = plan.initiatives_by_key["hr"]  # implementering
    url = reverse("portfolio:status-create", args=[initiative.pk])
    seen = initiative.version
    actions.record_status(
        initiative,
        by="someone",
        seen_version=seen,
        text="Den andens status",
        phase="udbredelse",
    )
    mine = {
        "text": "Min egen status",
        "status_date": "2022-01-10",
        "phase": "implementering",  # as the form showed it
        "phase_target": "",
        "version": seen,
    }

    response = _save_as(client, users["coordinator"], url, mine)

    assert response.status_code == 409
    html = response.content.decode()
    box = _box(html)
    assert "Den andens status" in box and "Udbredelse" in box
    again = _posted_again(response)
    assert again["phase"] == ["udbredelse"]
    assert again["text"] == ["Min egen status"]
    assert _save_as(client, users["coordinator"], url, again).status_code == 302
    initiative.refresh_from_db()
    assert initiative.phase == "udbredelse" and initiative.status_text == "Min egen status"
