"""Pages of the API: ``?limit=&offset=`` (docs/api.md), at most ``MAX_LIMIT`` rows a page."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 1000


class Pages(LimitOffsetPagination):
    """50 rows a page unless ``limit`` asks for more, and never more than ``MAX_LIMIT``: one
    request cannot make the server read and serialise a whole table."""

    max_limit = MAX_LIMIT
