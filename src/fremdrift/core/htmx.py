"""Addresses that answer htmx with a part of a page and the browser with something else.

htmx asks with ``HX-Request``; when the user goes back to a page htmx has no copy of, it asks
for the address again with ``HX-History-Restore-Request`` too and puts the answer in place
of the whole page. Such an address therefore gives the whole page to a history restore, and
says with ``Vary`` that its answer differs by these headers: otherwise the browser's cache
gives the fragment to the back button as the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

HEADERS = ("HX-Request", "HX-History-Restore-Request")


def history_restore(request: HttpRequest) -> bool:
    """Is this htmx restoring a page of the browser's history (it wants the whole page)?"""
    return bool(request.headers.get("HX-History-Restore-Request"))


def wants_fragment(request: HttpRequest) -> bool:
    """Does htmx ask for a part of the page (not the whole page of a history restore)?"""
    return bool(request.headers.get("HX-Request")) and not history_restore(request)


def vary(response: HttpResponse, *headers: str) -> HttpResponse:
    """Say that ``response`` differs by the htmx headers (and by the other ``headers`` the
    answer reads, e.g. ``HX-Target``)."""
    patch_vary_headers(response, (*HEADERS, *headers))
    return response
