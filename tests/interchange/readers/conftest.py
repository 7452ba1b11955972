"""Reader tests assert English messages; the product's default language is Danish."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Activate English for the reader tests only (undone after each test)."""
    with translation.override("en"):
        yield
