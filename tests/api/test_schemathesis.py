"""Property-based tests of the API against its own OpenAPI schema (Schemathesis).

Every operation gets a bounded number of generated requests (deterministic: the same ones on
every run), sent in-process to the WSGI application with an administrator's token. No
request may end in a server error, and answers must match the schema.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from fremdrift.wsgi import application
from tests.conftest import api_token_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
MAX_EXAMPLES = 10


def _openapi() -> dict[str, Any]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Requests go to the WSGI application in-process, inside the test's transaction.
    Like Django's test client, stop the request signals from closing that connection
    (PostgreSQL would otherwise lose the test transaction after the first request)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(users: dict[str, Any], plan: Any) -> str:
    """An administrator's token; the ``plan`` fixture gives the API something to return."""
    return api_token_for(users["admin"])


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_ends_in_a_server_error(case: Any, admin_token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {admin_token}"},
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
    )
