"""API tokens: hashed at rest, shown once, named, expiring and revocable.

``fremdrift token USERNAME --new|--revoke-all``, the token page and the API's
``Authorization: Token <secret>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fremdrift.core import actions
from fremdrift.core.choices import AuditAction
from fremdrift.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db
PLANS = "/api/v1/plans/"


def _token(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue().strip()


def _api(client, secret: str):
    return client.get(PLANS, HTTP_AUTHORIZATION=f"Token {secret}")


def _dump_of_the_database_rows() -> str:
    rows = list(ApiToken.objects.values()) + list(AuditEvent.objects.values())
    return repr(rows)


# --------------------------------------------------------------------------- the command


def test_the_command_prints_a_new_token_once_and_keeps_only_its_digest(users):
    secret = _token("laeser", "--new")
    assert secret.startswith("fdr_") and len(secret) > 40
    token = ApiToken.objects.get(user=users["reader"])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in _dump_of_the_database_rows()
    assert _token("laeser", "--new") != secret  # a second token, not the first one again
    assert ApiToken.objects.filter(user=users["reader"]).count() == 2


def test_a_new_token_expires_after_ninety_days_or_the_days_given(users):
    _token("laeser", "--new")
    _token("laeser", "--new", "--days", "7", "--name", "Power BI")
    first, second = ApiToken.objects.filter(user=users["reader"]).order_by("id")
    assert first.expires_at - first.created_at == dt.timedelta(days=90)
    assert (second.name, second.expires_at - second.created_at) == ("Power BI", dt.timedelta(7))


def test_the_command_refuses_unknown_and_deactivated_users_and_impossible_days(users):
    with pytest.raises(CommandError, match="ingen bruger med navnet"):
        _token("ukendt", "--new")
    with pytest.raises(CommandError, match="1 til 366 dage"):
        _token("laeser", "--new", "--days", "0")
    users["reader"].is_active = False
    users["reader"].save()
    with pytest.raises(CommandError, match="Brugeren “laeser” er deaktiveret"):
        _token("laeser", "--new")


def test_revoke_all_stops_every_token_of_the_user_only(client, users, plan):
    one, two = _token("laeser", "--new"), _token("laeser", "--new")
    other = _token("koordinator", "--new")
    assert _token("laeser", "--revoke-all") == "laeser: 2 nøgler tilbagekaldt"
    assert _api(client, one).status_code == 401
    assert _api(client, two).status_code == 401
    assert _api(client, other).status_code == 200


def test_making_and_revoking_tokens_is_audited_without_the_secret(users):
    secret = _token("laeser", "--new")
    _token("laeser", "--revoke-all")
    events = AuditEvent.objects.filter(object_type="core.apitoken", channel="cli")
    assert sorted(events.values_list("action", flat=True)) == [
        AuditAction.CREATED,
        AuditAction.REVOKED,
    ]
    assert secret not in repr(list(events.values()))
    assert hashlib.sha256(secret.encode()).hexdigest() not in repr(list(events.values()))


# --------------------------------------------------------------------------- the API


def test_the_token_works_for_the_api_and_notes_when_it_was_used(client, users, plan):
    secret = _token("laeser", "--new")
    response = _api(client, secret)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert ApiToken.objects.get(user=users["reader"]).last_used_at is not None


def test_an_expired_token_gets_401(client, users, plan):
    token, secret = actions.create_api_token(users["reader"], by="test", name="kort", days=1)
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + dt.timedelta(days=1, seconds=1)
        patch.setattr(timezone, "now", lambda: later)
        assert _api(client, secret).status_code == 401
    assert _api(client, secret).status_code == 200


def test_a_revoked_token_gets_401(client, users, plan):
    token, secret = actions.create_api_token(users["reader"], by="test", name="x")
    actions.revoke_api_token(token, by="test")
    response = _api(client, secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_secret_with_a_known_prefix_gets_401(client, users, plan):
    _token_obj, secret = actions.create_api_token(users["reader"], by="test", name="x")
    assert _api(client, secret[:-1] + ("A" if secret[-1] != "A" else "B")).status_code == 401
    assert _api(client, secret[:12]).status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(client, users, plan):
    secret = _token("laeser", "--new")
    users["reader"].is_active = False
    users["reader"].save()
    assert _api(client, secret).status_code == 401


# --------------------------------------------------------------------------- the page


def test_a_user_makes_a_named_token_and_sees_it_only_once(client, users):
    client.force_login(users["editor_hr"])
    response = client.post("/accounts/token/", {"name": "Power BI", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=users["editor_hr"])
    html = response.content.decode()
    secret = html.split('id="api-token" readonly value="')[1].split('"')[0]
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    again = client.get("/accounts/token/").content.decode()
    assert secret not in again
    assert "Power BI" in again and token.prefix in again
    assert AuditEvent.objects.filter(object_type="core.apitoken", channel="web").exists()


def test_the_page_lists_name_created_last_used_and_expiry(client, users):
    token, _secret = actions.create_api_token(users["editor_hr"], by="test", name="Nat", days=10)
    actions.note_token_used(token, at=timezone.now())
    client.force_login(users["editor_hr"])
    html = client.get("/accounts/token/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    expires = timezone.localtime(token.expires_at)
    assert "Nat" in html
    assert f"{expires.day}. " in html and str(expires.year) in html
    assert "aldrig" not in html  # it has been used


def test_a_user_revokes_their_own_token_but_not_anothers(client, users):
    own, _ = actions.create_api_token(users["editor_hr"], by="test", name="mine")
    foreign, _ = actions.create_api_token(users["reader"], by="test", name="hers")
    client.force_login(users["editor_hr"])
    assert client.post("/accounts/token/", {"revoke": foreign.pk}).status_code == 404
    assert client.post("/accounts/token/", {"revoke": own.pk}).status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.revoked_at is not None
    assert foreign.revoked_at is None
    assert AuditEvent.objects.filter(
        object_type="core.apitoken", object_id=str(own.pk), action=AuditAction.REVOKED
    ).exists()


def test_the_form_refuses_a_token_without_a_name(client, users):
    client.force_login(users["editor_hr"])
    response = client.post("/accounts/token/", {"name": "", "days": "30"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert 'id="api-token"' not in response.content.decode()
