"""Every URL × every role: who gets 200, 302, 403 or 404 — pages, admin and the API.

The matrix discovers all URL patterns with ``django.urls.get_resolver()``. A URL name in a
namespace this module owns (the root URLs, ``admin`` and ``api``) without an entry in
``EXPECTED`` fails the suite, so a new URL cannot go unprotected unnoticed.

**Adding a URL?** Add ``"namespace:name": {...}`` to ``EXPECTED`` (see the presets
``PAGE_READ``, ``PAGE_EDIT``, ``PAGE_COORDINATE`` …; for writes give the method and a body),
and if its URL has arguments other than ``slug`` (the plan) or ``pk`` (the shared
initiative), say in ``ARGUMENTS`` how to fill them. Until then, URLs of other apps get the
generic check: anonymous visitors are sent to the login page (pages) or refused (API), and a
logged-in user without any role never gets 200 from a URL that names an object.

Roles: ``anonymous``; ``nobody`` (logged in, no role); ``reader`` (læser of the plan);
``editor_other`` (redaktør of Koncern HR acting on an initiative of Regionshospitalet
Randers); ``editor_own`` (redaktør of Regionshospitalet Randers on its own initiative);
``coordinator`` (koordinator of the plan); ``admin`` (administrator).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from fremdrift.portfolio.models import StatusUpdate
from tests.conftest import api_token_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nobody", "reader", "editor_other", "editor_own", "coordinator", "admin"]
FIXTURE_USER = {
    "nobody": "nobody",
    "reader": "reader",
    "editor_other": "editor_hr",
    "editor_own": "editor_hospital",
    "coordinator": "coordinator",
    "admin": "admin",
}
OWNED_NAMESPACES = {"", "admin", "api"}
NOT_TO_LOGIN = {"set_language"}  # public URLs that redirect elsewhere


def _roles(
    anonymous: int,
    nobody: int,
    reader: int,
    editor_other: int,
    editor_own: int,
    coordinator: int,
    admin: int,
) -> dict[str, int]:
    return dict(
        zip(
            ROLES,
            (anonymous, nobody, reader, editor_other, editor_own, coordinator, admin),
            strict=True,
        )
    )


LOGIN = 302  # anonymous visitors of pages are sent to the login page
PUBLIC = _roles(200, 200, 200, 200, 200, 200, 200)
PAGE_ANY_USER = _roles(LOGIN, 200, 200, 200, 200, 200, 200)
PAGE_READ = _roles(LOGIN, 404, 200, 200, 200, 200, 200)
PAGE_EDIT = _roles(LOGIN, 404, 403, 403, 200, 200, 200)
PAGE_COORDINATE = _roles(LOGIN, 404, 403, 403, 403, 200, 200)
PAGE_AUDIT = _roles(LOGIN, 403, 403, 403, 403, 200, 200)
API_ANY_USER = _roles(401, 200, 200, 200, 200, 200, 200)
API_READ = _roles(401, 404, 200, 200, 200, 200, 200)


@dataclass(frozen=True)
class Check:
    """One request per role and the status each role must get."""

    expected: dict[str, int]
    method: str = "get"
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def _shared(ctx: dict[str, Any]) -> Any:
    initiative = ctx["plan"].initiatives_by_key["shared"]
    initiative.refresh_from_db()
    return initiative


_counter = itertools.count(1)

EXPECTED: dict[str, list[Check]] = {
    # ---- root and core
    "<root>": [Check(_roles(LOGIN, 302, 302, 302, 302, 302, 302))],
    "healthz": [Check(PUBLIC)],
    "login": [Check(PUBLIC)],
    "logout": [Check(_roles(LOGIN, 405, 405, 405, 405, 405, 405))],
    "set_language": [
        Check(
            _roles(302, 302, 302, 302, 302, 302, 302),
            method="post",
            body=lambda ctx: {"language": "da"},
        )
    ],
    "api-token": [Check(PAGE_ANY_USER)],
    "audit-list": [Check(PAGE_AUDIT)],
    "oidc_authentication_init": [Check(_roles(404, 404, 404, 404, 404, 404, 404))],
    "oidc_authentication_callback": [Check(_roles(404, 404, 404, 404, 404, 404, 404))],
    # ---- portfolio pages (GET, then an empty POST to the forms: allowed roles see errors)
    "portfolio:plan-list": [Check(PAGE_ANY_USER)],
    "portfolio:plan-detail": [Check(PAGE_READ)],
    "portfolio:search": [Check(PAGE_ANY_USER)],
    "portfolio:initiative-detail": [Check(PAGE_READ)],
    "portfolio:initiative-create": [
        Check(PAGE_COORDINATE),
        Check(PAGE_COORDINATE, method="post", body=lambda ctx: {}),
    ],
    "portfolio:initiative-edit": [
        Check(PAGE_EDIT),
        Check(PAGE_EDIT, method="post", body=lambda ctx: {}),
    ],
    "portfolio:status-create": [
        Check(PAGE_EDIT),
        Check(PAGE_EDIT, method="post", body=lambda ctx: {}),
    ],
    # ---- API
    "api:schema": [Check(API_ANY_USER)],
    "api:docs": [Check(API_ANY_USER)],
    "api:plan-list": [
        Check(API_ANY_USER),
        Check(
            _roles(401, 403, 403, 403, 403, 403, 201),
            method="post",
            body=lambda ctx: {"slug": f"matrix-{next(_counter)}", "title": "Matrix"},
        ),
    ],
    "api:plan-detail": [
        Check(API_READ),
        Check(
            _roles(401, 404, 403, 403, 403, 200, 200),
            method="patch",
            body=lambda ctx: {"title": "Vinterplan"},
        ),
    ],
    "api:area-list": [
        Check(API_ANY_USER),
        # A plan the user may not see does not exist for them: 400 "invalid plan".
        Check(
            _roles(401, 400, 403, 403, 403, 201, 201),
            method="post",
            body=lambda ctx: {"plan": ctx["plan"].pk, "title": f"Matrix {next(_counter)}"},
        ),
    ],
    "api:area-detail": [
        Check(API_READ),
        Check(
            _roles(401, 404, 403, 403, 403, 200, 200),
            method="patch",
            body=lambda ctx: {"title": "Personale"},
        ),
    ],
    "api:initiative-list": [
        Check(API_ANY_USER),
        Check(
            _roles(401, 400, 403, 403, 403, 201, 201),
            method="post",
            body=lambda ctx: {"plan": ctx["plan"].pk, "title": "Matrix"},
        ),
    ],
    "api:initiative-detail": [
        Check(API_READ),
        Check(
            _roles(401, 404, 403, 403, 200, 200, 200),
            method="patch",
            body=lambda ctx: {"theme": f"Tema {next(_counter)}", "version": _shared(ctx).version},
        ),
    ],
    "api:initiative-status": [
        Check(_roles(401, 405, 405, 405, 405, 405, 405)),
        Check(
            _roles(401, 404, 403, 403, 201, 201, 201),
            method="post",
            body=lambda ctx: {"text": "Status fra matricen.", "version": _shared(ctx).version},
        ),
    ],
    "api:status-update-list": [
        Check(API_ANY_USER),
        Check(
            _roles(401, 400, 403, 403, 201, 201, 201),
            method="post",
            body=lambda ctx: {
                "initiative": _shared(ctx).pk,
                "text": "Via samlingen.",
                "version": _shared(ctx).version,
            },
        ),
    ],
    "api:status-update-detail": [
        Check(API_READ),
        Check(
            _roles(401, 405, 405, 405, 405, 405, 405),
            method="patch",
            body=lambda ctx: {"text": "Ændret"},
        ),
    ],
    "api:unit-list": [
        Check(API_ANY_USER),
        Check(
            _roles(401, 403, 403, 403, 403, 403, 201),
            method="post",
            body=lambda ctx: {"name": f"Matrixenhed {next(_counter)}", "kind": "stab"},
        ),
    ],
    "api:unit-detail": [
        Check(API_READ),
        Check(
            _roles(401, 404, 403, 403, 403, 403, 200),
            method="patch",
            body=lambda ctx: {"short_name": "RHR"},
        ),
    ],
}

# How to fill URL arguments, by URL name; other URLs get ``slug`` = the plan's slug and
# ``pk`` = the shared initiative (see ``_guess``).
ARGUMENTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "api:plan-detail": lambda ctx: {"pk": ctx["plan"].pk},
    "api:area-detail": lambda ctx: {"pk": ctx["plan"].areas_by_slug["personale"].pk},
    "api:status-update-detail": lambda ctx: {
        "pk": StatusUpdate.objects.filter(initiative=_shared(ctx)).first().pk
    },
    "api:unit-detail": lambda ctx: {"pk": ctx["units"]["hospital"].pk},
    "admin:auth_user_password_change": lambda ctx: {"id": ctx["users"]["admin"].pk},
}


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0] if ":" in self.name else ""


def _params(pattern: Any) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return [p for p in pattern.pattern.regex.groupindex if p != "format"]


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[Route]:
    for pattern in patterns:
        found = params + tuple(_params(pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, found)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            elif route == "":
                name = "<root>"
            else:
                continue  # unnamed helper patterns (the admin's legacy redirects)
            yield Route(name, route, found)


def all_routes() -> dict[str, Route]:
    """Every named URL, once (the API's ``.json`` suffix variants share their name)."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        routes.setdefault(route.name, route)
    return routes


ROUTES = all_routes()
ADMIN_ALL = {name for name in ROUTES if name.startswith("admin:")}
# The admin's object pages (change, delete, history) sit behind the same check as the lists.
ADMIN = sorted(
    name for name in ADMIN_ALL if not {"object_id", "content_type_id"} & set(ROUTES[name].params)
)
OWNED = sorted(
    name for name, r in ROUTES.items() if r.namespace in OWNED_NAMESPACES and name not in ADMIN_ALL
)
FOREIGN = sorted(name for name in ROUTES if name not in OWNED and name not in ADMIN_ALL)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def ctx(users: dict[str, Any], plan: Any, units: dict[str, Any]) -> dict[str, Any]:
    return {"users": users, "plan": plan, "units": units}


def _client(ctx: dict[str, Any], role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        user = ctx["users"][FIXTURE_USER[role]]
        client.force_login(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client


def _guess(route: Route, ctx: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param in route.params:
        if param == "slug" or param.endswith("_slug"):
            values[param] = ctx["plan"].slug
        elif "unit" in param:
            values[param] = ctx["units"]["hospital"].pk
        elif param in ("pk", "id") or param.endswith(("_id", "_pk")):
            values[param] = _shared(ctx).pk
        elif param == "app_label":
            values[param] = "core"
        else:
            values[param] = "pdf"
    return values


def _url(route: Route, ctx: dict[str, Any]) -> str:
    if route.name == "<root>":
        return "/"
    if route.name in ARGUMENTS:
        return reverse(route.name, kwargs=ARGUMENTS[route.name](ctx))
    kwargs = _guess(route, ctx)
    try:
        return reverse(route.name, kwargs=kwargs)
    except NoReverseMatch:  # an argument of another shape: try whole numbers
        return reverse(route.name, kwargs=dict.fromkeys(kwargs, 1))


def _request(client: APIClient, check: Check, url: str, ctx: dict[str, Any]) -> Any:
    body = check.body(ctx) if check.body else None
    if check.method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return getattr(client, check.method)(url, body or {}, format="json")
    return getattr(client, check.method)(url, body or {})


# --------------------------------------------------------------------------- tests


def test_every_url_of_the_owned_namespaces_has_expectations():
    missing = [name for name in OWNED if name not in EXPECTED]
    assert not missing, (
        f"No permission expectations for {missing}: add them to EXPECTED in "
        "tests/security/test_permission_matrix.py"
    )


def test_every_expectation_names_an_existing_url():
    assert sorted(set(EXPECTED) - set(ROUTES)) == []


@pytest.mark.parametrize("name", OWNED + [n for n in FOREIGN if n in EXPECTED])
def test_each_role_gets_the_expected_status(name, ctx):
    route = ROUTES[name]
    failures = []
    for check in EXPECTED[name]:
        for role in ROLES:
            url = _url(route, ctx)
            response = _request(_client(ctx, role), check, url, ctx)
            if response.status_code != check.expected[role]:
                failures.append(
                    f"{check.method.upper()} {url} as {role}: "
                    f"{response.status_code}, expected {check.expected[role]}"
                )
            if role == "anonymous" and response.status_code == 302 and name not in NOT_TO_LOGIN:
                assert response["Location"].startswith("/accounts/login/"), url
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", [n for n in FOREIGN if n not in EXPECTED])
def test_urls_of_other_apps_are_protected_by_default(name, ctx):
    """The generic check for URLs nobody has declared yet."""
    route = ROUTES[name]
    url = _url(route, ctx)
    anonymous = _client(ctx, "anonymous").get(url)
    if url.startswith("/api/"):
        assert anonymous.status_code in (401, 403), f"{url} answers anonymous callers"
    else:
        assert anonymous.status_code == 302, f"{url} answers anonymous visitors"
        assert anonymous["Location"].startswith("/accounts/login/")
    if route.params:
        response = _client(ctx, "nobody").get(url)
        assert response.status_code != 200, f"{url} shows an object to a user without a role"


@pytest.mark.parametrize("name", ADMIN)
def test_the_admin_is_only_for_administrators(name, ctx):
    url = _url(ROUTES[name], ctx)
    for role in ROLES:
        response = _client(ctx, role).get(url)
        if name == "admin:login":
            assert response.status_code in (200, 302), (url, role)
            continue
        if role == "admin":
            # 403: pages of read-only models (adding audit events, status updates …).
            assert response.status_code in (200, 302, 403, 405), (url, role, response.status_code)
            if response.status_code == 302:
                assert not response["Location"].startswith("/admin/login/"), (url, role)
        else:
            assert response.status_code == 302, (url, role, response.status_code)
            targets = ("/admin/login/", "/accounts/login/")
            if name == "admin:logout":
                targets += ("/admin/",)  # the admin's logout sends non-staff to its index
            assert response["Location"].startswith(targets), (url, role)
