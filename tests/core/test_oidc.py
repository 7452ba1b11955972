"""Single sign-on with OpenID Connect against a fake provider (no network).

Accounts are found by the provider's issuer and subject only; never by e-mail or user name,
never a superuser or an administrator.

The fake provider answers the library's HTTP calls (token, user info, signing keys): only
mozilla-django-oidc's ``requests`` calls are replaced, none of our code.
"""

from __future__ import annotations

import io
import json
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from fremdrift.core import actions
from fremdrift.core.choices import AuditAction, Role
from fremdrift.core.models import AuditEvent, Identity

pytestmark = pytest.mark.django_db

OP = "https://login.example.invalid/tenant/oauth2/v2.0"
OIDC = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "fremdrift-client",
    "OIDC_RP_CLIENT_SECRET": "client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{OP}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{OP}/token",
    "OIDC_OP_USER_ENDPOINT": f"{OP}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{OP}/keys",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


class FakeResponse:
    def __init__(self, body: Any, status: int = 200) -> None:
        self.status_code, self._body = status, body
        self.headers = {"content-type": "application/json"}
        self.text, self.url = json.dumps(body), ""

    def json(self) -> Any:
        return self._body

    def raise_for_status(self) -> None:
        assert self.status_code == 200


class FakeProvider:
    """An OpenID provider that signs ID tokens with its own RSA key."""

    def __init__(self, claims: dict[str, Any]) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims = claims
        self.nonce = ""
        self.token_requests: list[dict[str, Any]] = []

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> FakeResponse:
        assert url == OIDC["OIDC_OP_TOKEN_ENDPOINT"]
        self.token_requests.append(data)
        id_token = jwt.encode(
            {
                "iss": OP,
                "aud": OIDC["OIDC_RP_CLIENT_ID"],
                "nonce": self.nonce,
                "exp": int(time.time()) + 300,
                **self.claims,
            },
            self.key,
            algorithm="RS256",
            headers={"kid": "k1"},
        )
        return FakeResponse({"id_token": id_token, "access_token": "access-1"})

    def get(self, url: str, **kwargs: Any) -> FakeResponse:
        if url == OIDC["OIDC_OP_JWKS_ENDPOINT"]:
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return FakeResponse({"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]})
        assert url == OIDC["OIDC_OP_USER_ENDPOINT"]
        assert kwargs["headers"]["Authorization"] == "Bearer access-1"
        return FakeResponse(self.claims)


def _sign_in(client: Any, provider: FakeProvider) -> Any:
    start = client.get("/oidc/authenticate/?next=/search/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith(OIDC["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    assert query["client_id"] == ["fremdrift-client"]
    provider.nonce = query["nonce"][0]
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", provider.post),
        mock.patch("mozilla_django_oidc.auth.requests.get", provider.get),
    ):
        return client.get("/oidc/callback/", {"code": "code-1", "state": query["state"][0]})


CLAIMS = {
    "sub": "abc",
    "preferred_username": "karen.k@rm.example",
    "email": "karen.k@rm.example",
    "given_name": "Karen",
    "family_name": "Koordinator",
}


@override_settings(**OIDC)
def test_the_login_page_offers_single_sign_on_when_configured(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Log ind med Microsoft" in html
    assert 'href="/oidc/authenticate/' in html


def test_single_sign_on_is_off_by_default(client):
    assert "/oidc/authenticate/" not in client.get("/accounts/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


@override_settings(**OIDC)
def test_a_first_login_creates_the_user_without_roles_and_audits_it(client):
    provider = FakeProvider(CLAIMS)
    response = _sign_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == "/search/"
    user = get_user_model().objects.get(username="karen.k@rm.example")
    assert (user.first_name, user.last_name, user.email) == (
        "Karen",
        "Koordinator",
        "karen.k@rm.example",
    )
    assert not user.has_usable_password()
    assert not user.role_assignments.exists()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert provider.token_requests[0]["code"] == "code-1"
    assert AuditEvent.objects.filter(
        object_type="auth.user", object_id=str(user.pk), action=AuditAction.CREATED
    ).exists()


def _signed_in(client: Any) -> Any:
    pk = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=pk) if pk else None


def _login_page_text(client: Any, response: Any) -> str:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    return client.get(response["Location"]).content.decode()


@override_settings(**OIDC)
def test_the_first_login_links_the_new_user_to_the_issuer_and_subject(client):
    _sign_in(client, FakeProvider(CLAIMS))
    user = _signed_in(client)
    assert (user.sso_identity.issuer, user.sso_identity.subject) == (OP, "abc")
    assert AuditEvent.objects.filter(
        object_type="core.identity", action=AuditAction.CREATED
    ).exists()


@override_settings(**OIDC)
def test_an_idp_user_named_admin_does_not_become_the_local_administrator(client, users):
    admin = users["admin"]
    claims = {**CLAIMS, "sub": "x-42", "preferred_username": "admin", "email": "admin"}
    _sign_in(client, FakeProvider(claims))
    user = _signed_in(client)
    assert user is not None
    assert user.pk != admin.pk
    assert not user.is_superuser and not user.is_staff
    assert not user.role_assignments.exists()
    assert user.username != "admin"


@override_settings(**OIDC)
def test_a_changed_email_does_not_move_the_login_to_another_account(client, make_user):
    _sign_in(client, FakeProvider(CLAIMS))
    karen = _signed_in(client)
    client.logout()
    other = make_user("lars.l@rm.example")
    moved = {**CLAIMS, "preferred_username": "lars.l@rm.example", "email": "lars.l@rm.example"}
    _sign_in(client, FakeProvider(moved))
    assert _signed_in(client).pk == karen.pk != other.pk
    karen.refresh_from_db()
    assert karen.email == "lars.l@rm.example"  # name and e-mail follow the provider …
    assert karen.username == "karen.k@rm.example"  # … the user name does not


@override_settings(**OIDC)
def test_a_linked_account_that_became_an_administrator_is_refused_and_audited(client, make_user):
    user = make_user("karen")
    actions.link_identity(user, by="test", issuer=OP, subject="abc")
    actions.grant_role(by="test", user=user, role=Role.ADMINISTRATOR)
    response = _sign_in(client, FakeProvider(CLAIMS))
    assert "_auth_user_id" not in client.session
    html = _login_page_text(client, response)
    assert "Log ind med brugernavn og adgangskode" in html
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_REFUSED)
    assert (event.object_type, event.object_id) == ("auth.user", str(user.pk))
    assert event.channel == "web"


@override_settings(**OIDC)
def test_a_linked_superuser_is_refused(client, make_user):
    user = make_user("karen")
    actions.link_identity(user, by="test", issuer=OP, subject="abc")
    user.is_superuser = True
    user.save()
    _sign_in(client, FakeProvider(CLAIMS))
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_REFUSED).count() == 1


@override_settings(**OIDC, OIDC_CREATE_USER=False)
def test_without_automatic_creation_an_unknown_identity_is_refused(client, users):
    before = get_user_model().objects.count()
    response = _sign_in(client, FakeProvider(CLAIMS))
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == before
    assert "ikke knyttet til en bruger" in _login_page_text(client, response)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_REFUSED).exists()


@override_settings(**OIDC, OIDC_CREATE_USER=False)
def test_an_account_the_administrator_linked_signs_in(client, make_user):
    user = make_user("karen")
    call_command("link-identity", "karen", "--subject", "abc", "--issuer", OP, stdout=io.StringIO())
    _sign_in(client, FakeProvider(CLAIMS))
    assert _signed_in(client).pk == user.pk


@override_settings(**OIDC, OIDC_SUBJECT_CLAIM="oid")
def test_entra_id_users_are_found_by_their_object_id(client, make_user):
    user = make_user("karen")
    actions.link_identity(user, by="test", issuer=OP, subject="0000-oid")
    _sign_in(client, FakeProvider({**CLAIMS, "sub": "pairwise-1", "oid": "0000-oid"}))
    assert _signed_in(client).pk == user.pk


@override_settings(**OIDC, OIDC_OP_ISSUER="https://login.example.invalid/another-tenant/v2.0")
def test_a_token_from_another_issuer_is_refused(client):
    response = _sign_in(client, FakeProvider(CLAIMS))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


# --------------------------------------------------------------------------- link-identity


def _link(*args: str) -> str:
    out = io.StringIO()
    call_command("link-identity", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_links_and_unlinks_an_account_and_audits_both(make_user):
    user = make_user("karen")
    assert _link("karen", "--subject", "abc", "--issuer", OP) == f"karen: linked to abc ({OP})"
    assert (user.sso_identity.issuer, user.sso_identity.subject) == (OP, "abc")
    assert _link("karen", "--unlink") == "karen: unlinked from abc"
    assert not Identity.objects.exists()
    actions_seen = AuditEvent.objects.filter(object_type="core.identity", channel="cli")
    assert sorted(actions_seen.values_list("action", flat=True)) == ["created", "deleted"]


@override_settings(OIDC_OP_ISSUER=OP)
def test_the_command_takes_the_configured_issuer_by_default(make_user):
    make_user("karen")
    _link("karen", "--subject", "abc")
    assert Identity.objects.get().issuer == OP


def test_the_command_refuses_administrators_taken_identities_and_a_missing_issuer(make_user, users):
    make_user("karen")
    make_user("lars")
    with pytest.raises(CommandError, match="administrator"):
        _link("admin", "--subject", "abc", "--issuer", OP)
    with pytest.raises(CommandError, match="--issuer"):
        _link("karen", "--subject", "abc")
    _link("karen", "--subject", "abc", "--issuer", OP)
    with pytest.raises(CommandError, match="allerede knyttet til karen"):
        _link("lars", "--subject", "abc", "--issuer", OP)


@override_settings(**OIDC)
def test_a_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("karen.k@rm.example")
    actions.link_identity(user, by="test", issuer=OP, subject="abc")
    user.is_active = False
    user.save()
    response = _sign_in(client, FakeProvider(CLAIMS))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


@override_settings(**OIDC)
def test_a_token_signed_by_another_key_is_refused(client):
    provider = FakeProvider(CLAIMS)
    impostor = FakeProvider(CLAIMS)
    provider.get = impostor.get  # the keys published are not the signing key
    response = _sign_in(client, provider)
    assert response.status_code == 400  # Django's answer to SuspiciousOperation
    assert "_auth_user_id" not in client.session
