"""An initiative's title has a maximum length, the same in the form, the actions, the API and
imports; titles stored before the limit stay as they are until someone changes them."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from fremdrift.portfolio import actions
from fremdrift.portfolio.forms import initial_for
from fremdrift.portfolio.models import TITLE_MAX_LENGTH, Initiative, InitiativeVersion
from tests.conftest import api_token_for

pytestmark = pytest.mark.django_db

TOO_LONG = ("Bedre overgange mellem hospital og kommune " * 300)[:12_000]


def test_the_limit_fits_the_longest_titles_of_real_decks_and_stops_runaway_text():
    # The winter plan deck's longest initiative text (a title with its bullet list) is 386
    # characters; a title is never a page of text.
    assert 400 <= TITLE_MAX_LENGTH <= 500


def _create_form(plan, **changes):
    data = {
        "title": "Visitation i Lægevagten",
        "kind": "implementering",
        "phase": "afprøvning",
        "areas": [plan.areas_by_slug["personale"].pk],
    }
    data.update(changes)
    return data


def test_the_form_refuses_a_too_long_title_at_the_field_saying_the_limit_and_the_length(
    client, users, plan
):
    client.force_login(users["coordinator"])
    before = Initiative.objects.count()
    response = client.post(
        reverse("portfolio:initiative-create", args=[plan.slug]),
        _create_form(plan, title=TOO_LONG),
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 200
    form = response.context["form"]
    [error] = form.errors["title"]
    assert f"{TITLE_MAX_LENGTH} tegn" in error
    assert "12.000 tegn" in error
    assert error in response.content.decode()
    assert Initiative.objects.count() == before


def test_the_form_tells_the_limit_before_it_is_reached(client, users, plan):
    client.force_login(users["coordinator"])
    response = client.get(
        reverse("portfolio:initiative-create", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da"
    )
    assert f"Højst {TITLE_MAX_LENGTH} tegn" in response.content.decode()


def test_a_title_of_exactly_the_limit_is_accepted_and_one_more_is_refused(plan):
    area = plan.areas_by_slug["personale"]
    at_limit = "a" * TITLE_MAX_LENGTH
    created = actions.create_initiative(plan, by="t", title=at_limit, areas=[area])
    assert created.title == at_limit
    with pytest.raises(ValidationError) as refused:
        actions.create_initiative(plan, by="t", title="b" * (TITLE_MAX_LENGTH + 1), areas=[area])
    assert set(refused.value.message_dict) == {"title"}


def test_the_actions_refuse_a_too_long_title_naming_its_start_the_limit_and_the_length(plan):
    area = plan.areas_by_slug["personale"]
    before = Initiative.objects.count()
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        actions.create_initiative(plan, by="t", title=TOO_LONG, areas=[area])
    [message] = refused.value.message_dict["title"]
    assert "Bedre overgange mellem hospital" in message
    assert f"{TITLE_MAX_LENGTH} tegn" in message and "12.000 tegn" in message
    assert "\n" not in message
    assert Initiative.objects.count() == before


def test_an_edit_to_a_too_long_title_is_refused_and_nothing_changes(plan):
    initiative = plan.initiatives_by_key["hr"]
    with pytest.raises(ValidationError) as refused:
        actions.edit_initiative(
            initiative,
            by="t",
            seen_version=initiative.version,
            changes={"title": TOO_LONG, "phase": "drift"},
        )
    assert "title" in refused.value.message_dict
    initiative.refresh_from_db()
    assert len(initiative.title) < TITLE_MAX_LENGTH
    assert initiative.phase != "drift"


def _stored_long_title(initiative):
    """A title stored before the limit (no migration shortens it)."""
    Initiative.objects.filter(pk=initiative.pk).update(title=TOO_LONG)
    initiative.refresh_from_db()
    return initiative


def test_a_title_stored_before_the_limit_is_kept_when_other_fields_change(plan):
    initiative = _stored_long_title(plan.initiatives_by_key["hr"])
    edited = actions.edit_initiative(
        initiative,
        by="t",
        seen_version=initiative.version,
        changes={"title": TOO_LONG, "description": "Ny beskrivelse"},
    )
    assert edited.title == TOO_LONG
    assert edited.description == "Ny beskrivelse"
    assert InitiativeVersion.objects.filter(initiative=edited).latest("version").data["title"]


def test_the_edit_form_keeps_an_unchanged_long_title_but_refuses_a_changed_one(client, users, plan):
    initiative = _stored_long_title(plan.initiatives_by_key["hr"])
    client.force_login(users["coordinator"])
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert TOO_LONG[:200] in page  # still readable and editable as it stands
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data["description"] = "Ny beskrivelse"
    assert client.post(url, data, HTTP_ACCEPT_LANGUAGE="da").status_code == 302
    initiative.refresh_from_db()
    assert initiative.description == "Ny beskrivelse"
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data["title"] = TOO_LONG + " endnu længere"
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert "title" in response.context["form"].errors


def test_the_api_answers_a_too_long_title_with_400_naming_the_field(users, plan):
    before = Initiative.objects.count()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(users['coordinator'])}")
    response = api.post(
        "/api/v1/initiatives/",
        {"plan": plan.pk, "title": TOO_LONG, "areas": [plan.areas_by_slug["personale"].pk]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert f"{TITLE_MAX_LENGTH} tegn" in response.json()["title"][0]
    assert Initiative.objects.count() == before


def test_an_import_with_a_too_long_title_is_refused_whole_naming_the_file_and_the_title(
    tmp_path, plan
):
    path = tmp_path / "indsatser.csv"
    path.write_text(
        f"Indsats,Status\nKort og godt,I gang\n{TOO_LONG},I gang\nOgså kort,Afventer\n",
        encoding="utf-8",
    )
    before = Initiative.objects.count()
    with translation.override("da"), pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--plan", "ny-plan", stdout=io.StringIO())
    message = str(refused.value)
    assert "indsatser.csv" in message
    assert "Bedre overgange mellem hospital" in message
    assert f"{TITLE_MAX_LENGTH} tegn" in message
    assert "\n" not in message
    assert Initiative.objects.count() == before
    assert not Initiative.objects.filter(title="Kort og godt").exists()


def test_a_long_title_with_line_breaks_sent_back_unchanged_by_a_browser_is_kept(
    client, users, plan
):
    """A browser sends a text area's line breaks as CR LF: the same title, not a new one."""
    initiative = plan.initiatives_by_key["hr"]
    lines = "\n".join(f"• Punkt {n}: {TOO_LONG[:50]}" for n in range(12))
    Initiative.objects.filter(pk=initiative.pk).update(title=lines)
    initiative.refresh_from_db()
    client.force_login(users["coordinator"])
    data = {k: "" if v is None else v for k, v in initial_for(initiative).items()}
    data["title"] = lines.replace("\n", "\r\n")
    data["description"] = "Ny beskrivelse"
    url = reverse("portfolio:initiative-edit", args=[initiative.pk])
    assert client.post(url, data, HTTP_ACCEPT_LANGUAGE="da").status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == lines and initiative.description == "Ny beskrivelse"
