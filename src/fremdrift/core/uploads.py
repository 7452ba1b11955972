"""Upload limits that hold while the file streams in.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count files: without more, a 2 GB upload is
written to a temporary file before any form sees it. Two checks stop that early:

- :class:`UploadLimitMiddleware` refuses a request whose ``Content-Length`` is over the limit
  before a byte of the body is read;
- :class:`LimitedUploadHandler` (first in ``FILE_UPLOAD_HANDLERS``) counts each file's bytes as
  they arrive and stops the upload at the first chunk past the limit, before the handlers after
  it write that chunk.

Both answer **413** with a Danish message: a page in the app's layout for browsers, JSON for the
API. The page leads back to the page the form was on (where the browser's draft keeper fills in
what was typed), not only to the address the form was sent to. The limit is
``FREMDRIFT_MAX_UPLOAD_BYTES`` for every view, except views marked with :func:`upload_limit`
(the indicator runs take contact extracts of up to ``FREMDRIFT_INDICATOR_MAX_UPLOAD_BYTES``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Room for the form's other fields and the multipart framing around the file.
FORM_ALLOWANCE = 1024 * 1024

View = TypeVar("View", bound=Callable[..., Any])


class UploadTooLarge(MultiPartParserError):
    """A file (or the whole request) is larger than the view accepts.

    A ``MultiPartParserError``, so that anything parsing the body without the middleware
    (Django REST framework for PUT and PATCH) answers 400 instead of failing.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(message(limit))


def upload_limit(setting: str) -> Callable[[View], View]:
    """Mark a view as accepting uploads up to the size in the setting named ``setting``."""

    def mark(view: View) -> View:
        view.upload_limit_setting = setting  # type: ignore[attr-defined]
        return view

    return mark


def limit_for(request: HttpRequest) -> int:
    """The largest file, in bytes, the view that ``request`` goes to accepts."""
    match = getattr(request, "resolver_match", None)
    func = getattr(match, "func", None)
    setting = getattr(func, "upload_limit_setting", None) or getattr(
        getattr(func, "view_class", None), "upload_limit_setting", None
    )
    return int(getattr(settings, setting or "FREMDRIFT_MAX_UPLOAD_BYTES"))


def megabytes(size: int) -> str:
    """``25`` or ``0,1`` (in the user's number format)."""
    value = size / 2**20
    places = 0 if value >= 10 or value.is_integer() else 1
    return number_format(round(value, places), places)


def message(limit: int) -> str:
    return _("The file is too large: the limit is %(limit)s MB. Nothing was saved.") % {
        "limit": megabytes(limit)
    }


class LimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes and stops past the view's limit."""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 - Django's name
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.limit = limit_for(self.request) if self.request is not None else None
        if self.limit is None:
            self.limit = int(settings.FREMDRIFT_MAX_UPLOAD_BYTES)
        if content_length > self.limit + FORM_ALLOWANCE:
            raise UploadTooLarge(self.limit)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def back_url(request: HttpRequest) -> str:
    """Where the 413 page leads back to: the page of this site the form was on (its
    ``Referer``; a meeting page posts its files to another address), else the address the
    form was sent to."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return request.get_full_path()


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    """413: JSON for the API, a page in the app's layout for everyone else."""
    text = message(limit)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": text}, status=413)
    context = {"message": text, "back": back_url(request)}
    return render(request, "core/upload_too_large.html", context, status=413)


class UploadLimitMiddleware:
    """Refuse oversized uploads before the view (and before the CSRF check reads the body).

    Sits just before ``CsrfViewMiddleware``: its ``process_view`` runs first, after the URL is
    resolved (so the view's own limit is known) and after login and language are settled.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = limit_for(request)
        if length > limit + FORM_ALLOWANCE:
            return too_large_response(request, limit)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.FILES  # noqa: B018 - parse now, counting as the file arrives
            except UploadTooLarge as exc:
                return too_large_response(request, exc.limit)
        return None
