"""Text helpers shared by several apps."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils import formats

_SPACE = re.compile(r"\s+")
_SOFT_HYPHEN = re.compile(r"(\w)-\s+(\w)")


def normalise_name(value: str) -> str:
    """Case-, accent- and whitespace-insensitive key for matching names of units and texts.

    Danish letters are folded to their usual ASCII spellings (æ→ae, ø→oe, å→aa) first, so
    that "Præhospitalet" and "Praehospitalet" meet; hyphenation across a line break
    ("Kompetence- udvikling") is joined.
    """
    text = _SOFT_HYPHEN.sub(r"\1\2", value or "")
    text = text.casefold()
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip()


def danish_slug(value: str, max_length: int = 60) -> str:
    """ASCII slug with Danish letters spelled out."""
    from django.utils.text import slugify

    text = (value or "").lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return slugify(text)[:max_length].strip("-")


def grouped_number(value: Any, decimal_pos: int | None = None) -> str:  # noqa: ANN401
    """A number as the reader writes numbers, thousands grouped (``12.000``, ``1.234,5`` in
    Danish); ``decimal_pos`` decimals, or as many as the value has."""
    return formats.number_format(value, decimal_pos, use_l10n=True, force_grouping=True)
