"""Rendered fragments of pages (a row of a plan table, a search result), cached by version.

A long page renders the same rows again and again although they change only when their
initiative does. Pages therefore render such a row once, in a template of its own, and keep
the HTML in Django's cache under a key that names everything the row shows:

- the kind of fragment and the *parts* the page passes: the object's primary key, version
  and time of the last change, and whatever else the row shows that the object's version
  does not cover (unit names, area titles, notes), and every **permission flag** that may
  change the markup (e.g. whether the user may edit the initiative);
- the active language and time zone;
- a fingerprint of the code and templates of this installation (``fingerprint``), so that a
  new release never serves markup of the previous one.

Fragments render **without the request**: their context is what the page passes and nothing
else (no ``user``, ``perms``, ``request`` or ``csrf_token``), so a fragment cannot show
anything about the user that is not a flag in its key, and one user's fragment can never
reach another user whose flags differ. A template rendered here must not need the request.

Keys change when the content does, so nothing is ever invalidated; stale entries age out
(``FRAGMENT_TIMEOUT``). With ``DEBUG`` on nothing is cached (templates change without a
restart there) but fragments are rendered the same way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import django
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.forms.models import ModelChoiceIterator
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")
logger = logging.getLogger(__name__)

FRAGMENT_TIMEOUT = 7 * 24 * 3600  # seconds; keys are content-addressed, so only memory ages
_PACKAGE = Path(__file__).resolve().parents[1]
_SOURCES = {".py", ".html", ".txt", ".mo"}
_SKIPPED = {"static", "__pycache__", "migrations"}


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of this installation's code, templates and translations (and Django's
    version, whose form widgets render through templates): the release of the markup.
    Computed once per process, on the first fragment."""
    digest = hashlib.sha1(django.get_version().encode(), usedforsecurity=False)
    for folder, subfolders, files in os.walk(_PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d not in _SKIPPED)
        for name in sorted(files):
            if os.path.splitext(name)[1] in _SOURCES:
                path = Path(folder, name)
                digest.update(str(path.relative_to(_PACKAGE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fragment_key(kind: str, parts: Hashable) -> str:
    """The cache key of one fragment: kind, release, language, time zone and parts."""
    raw = repr((translation.get_language(), timezone.get_current_timezone_name(), parts))
    digest = hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()
    return f"fragment:{kind}:{fingerprint()}:{digest}"


_RETRY_AFTER = 30.0  # seconds without the cache after it failed to answer
_down_until = 0.0


def _cache_answers() -> bool:
    return time.monotonic() >= _down_until


def _cache_failed() -> None:
    global _down_until
    _down_until = time.monotonic() + _RETRY_AFTER
    logger.warning("fragment cache unavailable; rendering without it", exc_info=True)


def _get_many(keys: set[str]) -> dict[str, str]:
    """What the cache holds of ``keys``. A cache server that does not answer must not take
    pages with it: they are rendered without it, and it is asked again after 30 s."""
    if not _cache_answers():
        return {}
    try:
        return cache.get_many(keys)
    except Exception:
        _cache_failed()
        return {}


def _set_many(fragments: dict[str, str]) -> None:
    if not _cache_answers():
        return
    try:
        cache.set_many(fragments, FRAGMENT_TIMEOUT)
    except Exception:
        _cache_failed()


def render_cached(
    template_name: str,
    items: Sequence[T],
    *,
    kind: str,
    parts: Callable[[T], Hashable],
    context: Callable[[T], dict[str, Any]],
    prepare: Callable[[list[T]], None] | None = None,
) -> list[SafeString]:
    """The HTML of ``template_name`` for each item, in order, from the cache where it is.

    ``parts(item)`` names everything the fragment shows (see the module's docstring);
    ``prepare(missing)`` loads what the items that must be rendered need (once, for all of
    them); ``context(item)`` is the template's whole context. One ``get_many`` and at most
    one ``set_many`` on the cache per call.
    """
    keys = [fragment_key(kind, parts(item)) for item in items]
    use_cache = not settings.DEBUG
    found: dict[str, str] = _get_many(set(keys)) if use_cache and keys else {}
    missing = [item for item, key in zip(items, keys, strict=True) if key not in found]
    if missing:
        if prepare is not None:
            prepare(missing)
        template = get_template(template_name)
        fresh: dict[str, str] = {}
        for item, key in zip(items, keys, strict=True):
            if key not in found and key not in fresh:
                fresh[key] = str(template.render(context(item)))
        if use_cache:
            _set_many(fresh)
        found = {**found, **fresh}
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - our own rendered templates


class CachedSelect(forms.Select):
    """A ``<select>`` whose rendered HTML is cached by what it shows: its name, attributes,
    selected value and every option's value and label. Long lists (units, areas) otherwise
    render one template per option on every page. The options are read once, with one
    plain query for a model choice field (no server-side cursor)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        self.choices = list(iter(self.choices))  # iter: no COUNT query for a length hint
        if settings.DEBUG:
            return super().render(name, value, attrs, renderer)
        parts = (
            type(self).__name__,
            name,
            repr(value),
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
            tuple((str(v), str(label)) for v, label in self.choices),
        )
        key = fragment_key("select", parts)
        found = _get_many({key}).get(key)
        if found is None:
            found = str(super().render(name, value, attrs, renderer))
            _set_many({key: found})
        return mark_safe(found)  # noqa: S308 - Django's own widget rendering


class PlainModelChoiceIterator(ModelChoiceIterator):
    """The options of a model choice field from one plain query. Django's own iterator
    reads them with ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor
    (three round trips) for the few dozen rows of a filter's list."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class PlainModelChoiceField(forms.ModelChoiceField):
    """A model choice field whose options come from one plain query."""

    iterator = PlainModelChoiceIterator
