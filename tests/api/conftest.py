"""Fixtures of the API tests: a client that authenticates with a user's token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.conftest import api_token_for


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    """The request throttle counts per user id in the cache; ids repeat between tests."""
    cache.clear()


@pytest.fixture
def api_as() -> Callable[[Any], APIClient]:
    """``api_as(user)``: an API client sending that user's token (anonymous for None)."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
        return client

    return make
