"""The file name of a download, as the browser should save it."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def clean_name(name: str) -> str:
    """A file name without folders or control characters (Danish letters stay)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name or "download"


def name_from(text: str, suffix: str) -> str:
    """A file name made from a title (a forum's short name, a date): spaces and signs that
    file systems dislike become "-", letters (also æ, ø, å) stay."""
    stem = "".join(c if c.isalnum() or c in ".-_" else "-" for c in text)
    return f"{stem}.{suffix}"


def attach(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    """Set Content-Disposition (RFC 6266, with RFC 5987 ``filename*`` for names that are
    not plain ASCII) so the download keeps its name; returns the response."""
    response["Content-Disposition"] = content_disposition_header(not inline, clean_name(filename))
    return response
