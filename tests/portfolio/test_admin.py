"""The initiative's page in the admin changes it through the action, on top of the version it
was opened at, like the other pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from fremdrift.portfolio import actions
from fremdrift.portfolio.models import TITLE_MAX_LENGTH, Initiative

pytestmark = pytest.mark.django_db


def _as_posted(response: Any, **changes: Any) -> dict[str, Any]:
    """What the browser sends back from the admin's change form, with ``changes``."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    data.update(changes)
    return data


def test_an_admin_change_on_top_of_a_version_someone_else_moved_on_is_refused(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("admin:portfolio_initiative_change", args=[initiative.pk])
    client.force_login(users["admin"])
    opened = _as_posted(client.get(url), title="Rettet i admin")
    assert opened["seen_version"] == initiative.version
    actions.edit_initiative(
        initiative, by="someone", seen_version=initiative.version, changes={"theme": "Nyt tema"}
    )
    response = client.post(url, opened, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert "En anden har gemt indsatsen, efter du åbnede den" in response.content.decode()
    current = Initiative.objects.get(pk=initiative.pk)
    assert current.theme == "Nyt tema" and current.title.startswith("Prøvehandling")


def test_an_admin_change_without_the_version_is_refused(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("admin:portfolio_initiative_change", args=[initiative.pk])
    client.force_login(users["admin"])
    data = _as_posted(client.get(url), title="Rettet i admin")
    del data["seen_version"]
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert "Åbn siden igen" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).title.startswith("Prøvehandling")


def test_an_admin_change_from_the_current_version_is_saved_as_a_new_version(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("admin:portfolio_initiative_change", args=[initiative.pk])
    client.force_login(users["admin"])
    response = client.post(url, _as_posted(client.get(url), title="Rettet i admin"))
    assert response.status_code == 302
    current = Initiative.objects.get(pk=initiative.pk)
    assert current.title == "Rettet i admin" and current.version == initiative.version + 1


def test_an_admin_change_to_a_too_long_title_is_an_error_at_the_field(client, users, plan):
    initiative = plan.initiatives_by_key["shared"]
    url = reverse("admin:portfolio_initiative_change", args=[initiative.pk])
    client.force_login(users["admin"])
    data = _as_posted(client.get(url), title="x" * (TITLE_MAX_LENGTH + 1))
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert Initiative.objects.get(pk=initiative.pk).version == initiative.version
