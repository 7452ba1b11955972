"""Text helpers shared by several apps."""

from __future__ import annotations

import re
import unicodedata

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
