"""A status update's link is only http, https, mailto or a path on this site, on every channel."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from fremdrift.portfolio import actions
from fremdrift.portfolio.models import StatusUpdate

pytestmark = pytest.mark.django_db

MESSAGE = "Linket skal begynde med http://, https:// eller mailto:"
REFUSED = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "http:///uden-vaert",
    "//evil.example/x",
    "/\\evil.example/x",
    "https://example.org/a b",
]
ACCEPTED = [
    "https://www.rm.dk/nyheder/",
    "http://intranet/sag/12",
    "mailto:psykiatristaben@rm.dk",
    "/governance/decisions/1/",
]


@pytest.mark.parametrize("link", REFUSED)
def test_the_action_refuses_a_link_of_another_kind_and_writes_nothing(plan, link):
    shared = plan.initiatives_by_key["shared"]
    before = (StatusUpdate.objects.count(), shared.version)
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        actions.record_status(shared, by="test", seen_version=None, text="Ny.", link=link)
    assert MESSAGE in caught.value.message_dict["link"][0]
    shared.refresh_from_db()
    assert (StatusUpdate.objects.count(), shared.version) == before


@pytest.mark.parametrize("link", ACCEPTED)
def test_the_action_keeps_http_https_mailto_and_site_links(plan, link):
    shared = plan.initiatives_by_key["shared"]
    update = actions.record_status(shared, by="test", seen_version=None, text="Ny.", link=link)
    assert update.link == link


def test_the_api_answers_400_with_the_danish_field_error(plan, users):
    shared = plan.initiatives_by_key["shared"]
    api = APIClient()
    api.force_authenticate(users["editor_hospital"])
    response = api.post(
        f"/api/v1/initiatives/{shared.pk}/status/",
        {"text": "Ny.", "version": shared.version, "link": "javascript:alert(1)"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert MESSAGE in response.json()["link"][0]
    assert not StatusUpdate.objects.filter(link__startswith="javascript").exists()


def test_a_link_stored_before_the_check_is_not_shown_as_a_link(client, plan, users):
    shared = plan.initiatives_by_key["shared"]
    StatusUpdate.objects.create(
        initiative=shared,
        status_date=shared.status_date,
        text="Gammel.",
        phase=shared.phase,
        note="Se referat",
        link="javascript:alert(1)",
    )
    client.force_login(users["reader"])
    html = client.get(reverse("portfolio:initiative-detail", args=[shared.pk])).content.decode()
    assert "Se referat" in html
    assert "javascript:" not in html
