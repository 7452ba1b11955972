"""A user's API token: ``fremdrift token USERNAME`` and the token page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from fremdrift.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _token(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_the_same_token_until_a_new_one_is_asked_for(users):
    first = _token("laeser")
    assert first == Token.objects.get(user=users["reader"]).key
    assert _token("laeser") == first
    renewed = _token("laeser", "--new")
    assert renewed != first
    assert not Token.objects.filter(key=first).exists()
    events = AuditEvent.objects.filter(object_type="authtoken.token", channel="cli")
    assert events.count() == 2
    assert first not in str(list(events.values()))


def test_the_command_refuses_unknown_and_deactivated_users(users):
    with pytest.raises(CommandError, match="No user named"):
        _token("ukendt")
    users["reader"].is_active = False
    users["reader"].save()
    with pytest.raises(CommandError, match="deactivated"):
        _token("laeser")


def test_the_token_works_for_the_api(client, users, plan):
    key = _token("laeser")
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_user_makes_and_sees_their_token_on_the_token_page(client, users):
    client.force_login(users["editor_hr"])
    assert b"api-token" not in client.get("/accounts/token/").content
    response = client.post("/accounts/token/")
    assert response.status_code == 302
    key = Token.objects.get(user=users["editor_hr"]).key
    assert key in client.get("/accounts/token/").content.decode()
    assert AuditEvent.objects.filter(object_type="authtoken.token", channel="web").exists()
