"""Single sign-on with OpenID Connect against a fake provider (no network).

The fake provider answers the library's HTTP calls (token, user info, signing keys): only
mozilla-django-oidc's ``requests`` calls are replaced, none of our code.
"""

from __future__ import annotations

import json
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.test import override_settings

from fremdrift.core.choices import AuditAction
from fremdrift.core.models import AuditEvent

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
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in with Microsoft" in html
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


@override_settings(**OIDC)
def test_a_known_user_is_matched_by_user_name_ignoring_case(client, make_user):
    user = make_user("Karen.K@rm.example")
    _sign_in(client, FakeProvider(CLAIMS))
    assert int(client.session["_auth_user_id"]) == user.pk
    assert get_user_model().objects.count() == 1


@override_settings(**OIDC)
def test_a_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("karen.k@rm.example")
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
