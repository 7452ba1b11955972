"""Reading any supported file into an interchange document."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.safe_yaml import load_yaml

STRUCTURED = {".json", ".yaml", ".yml"}
TABULAR = {".pptx", ".xlsx", ".csv"}
READER_NOTES = ("has_local", "has_common")


@dataclass
class Loaded:
    """A document read from a file, with what the reader noticed on the way."""

    document: dict[str, Any]
    diagnostics: list[Any] = field(default_factory=list)
    skipped: list[Any] = field(default_factory=list)
    near_matches: list[Any] = field(default_factory=list)
    # The plan fields the file itself carries; None when it carries them all (JSON, YAML).
    # The others in ``document`` are made up (a title from the file name) and must not
    # overwrite an existing plan.
    plan_fields: frozenset[str] | None = None


def load_bytes(content: bytes, filename: str, *, plan_slug: str | None = None) -> Loaded:
    """Parse ``content`` according to the file name's extension."""
    suffix = Path(filename).suffix.lower()
    limit = settings.FREMDRIFT_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise ImportFailed(
            _("the file is %(size)d MB; the limit is %(limit)d MB")
            % {"size": len(content) // 2**20, "limit": limit // 2**20},
            filename,
        )
    if suffix in STRUCTURED:
        return Loaded(document=_structured(content, filename, suffix))
    if suffix in TABULAR:
        return _tabular(content, filename, plan_slug)
    raise ImportFailed(
        _("unsupported file type “%(suffix)s”; use .pptx, .xlsx, .csv, .json or .yaml")
        % {"suffix": suffix or "?"},
        filename,
    )


def load_path(path: str | Path, *, plan_slug: str | None = None) -> Loaded:
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFailed(_("the file does not exist"), str(path)) from exc
    except OSError as exc:
        raise ImportFailed(
            _("the file cannot be read (%(error)s)") % {"error": exc.strerror}, str(path)
        ) from exc
    return load_bytes(content, path.name, plan_slug=plan_slug)


def _structured(content: bytes, filename: str, suffix: str) -> dict[str, Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            _("the file is not UTF-8 text (byte %(pos)d)") % {"pos": exc.start}, filename
        ) from exc
    if suffix != ".json":
        return load_yaml(text, filename)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            _("invalid JSON at line %(line)d, column %(col)d: %(msg)s")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
            filename,
        ) from exc
    except RecursionError:
        raise ImportFailed(_("the file is nested too deeply"), filename) from None


def _tabular(content: bytes, filename: str, plan_slug: str | None) -> Loaded:
    from fremdrift.interchange.apply import check_lengths
    from fremdrift.interchange.readers import Limits, ReadError, read_file

    limits = Limits(max_bytes=settings.FREMDRIFT_MAX_UPLOAD_BYTES)
    try:
        result = read_file(
            content, filename=Path(filename).name, limits=limits, plan_slug=plan_slug
        )
    except ReadError as exc:
        raise ImportFailed(" ".join(exc.message.split()), str(exc.location)) from exc
    # A text too long for its field is refused here, before merging and matching change the
    # document, while its key paths still lead to the row, column and slide it came from.
    check_lengths(result.document, locate=_locator(result.sources, Path(filename).name))
    for item in result.document.get("initiatives") or []:
        # The readers' notes on a follow-up cell ("mentions local follow-up") are for
        # previews and tests; the document keeps only the interchange keys.
        for note in READER_NOTES:
            (item.get("follow_up") or {}).pop(note, None)
    return Loaded(
        document=result.document,
        diagnostics=list(result.diagnostics),
        skipped=list(result.skipped),
        near_matches=list(result.near_matches),
        plan_fields=frozenset(result.plan_fields),
    )


_LAST_KEY = re.compile(r"(?:\.[^.\[\]]+|\[\d+\])$")


def _locator(sources: dict[str, Any], filename: str) -> Callable[[str], str]:
    """A key path of a read document ("initiatives[3].follow_up.local[1]") as the place in
    the file it was read from: that of the path, else of the nearest path above it."""

    def locate(path: str) -> str:
        while path:
            if path in sources:
                return str(sources[path])
            found = _LAST_KEY.search(path)
            path = path[: found.start()] if found else ""
        return filename

    return locate
