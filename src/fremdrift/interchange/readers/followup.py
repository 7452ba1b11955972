"""Follow-up cells: "Lokalt: Randersklyngen / Fælles: Sundhedsplanlægning tovholder".

The cell is split at its "Lokalt:" and "Fælles:" labels; each part is split into unit names at
commas, semicolons, slashes and "i samarbejde med". "tovholder" (or "har ansvaret") marks the
lead; without one the first common unit leads. A part that reads as a sentence rather than a
list of names (long, or ending in a full stop) is kept only in ``text``.
"""

from __future__ import annotations

import re
from typing import Any

from .text import clean_text, normalise_name

# A unit name is short; anything longer is a sentence about the follow-up, not a name.
MAX_UNIT_NAME_WORDS = 5

_LABEL = re.compile(r"(?<!\w)(lokal(?:t|e)?|f(?:æ|ae)lles|local|common)\s*:", re.IGNORECASE)
_LEAD = re.compile(r"\s*(?:\btovholder\b|\bhar\s+(?:det\s+)?ansvar(?:et)?\b.*)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,;/\n]|\bi\s+samarbejde\s+med\b|\bsamt\b)\s*", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\(([^()]{2,60})\)")


def _label_kind(label: str) -> str:
    return "local" if normalise_name(label).startswith(("lokal", "local")) else "common"


def _bare_flags(text: str) -> tuple[bool, bool]:
    """Flags from text without labels: "Lokalt", "Lokalt og fælles", "Både fælles og lokalt"."""
    folded = normalise_name(text)
    words = set(re.findall(r"\w+", folded))
    local = bool(words & {"lokalt", "lokal", "lokale"})
    common = bool(words & {"faelles"})
    return local, common


def _unit_names(part: str) -> tuple[list[str], str | None]:
    """Unit names in one labelled part and the one marked as lead, if any."""
    names: list[str] = []
    lead: str | None = None
    for piece in _SEPARATORS.split(part):
        piece = piece.strip(" .:-–")
        if not piece:
            continue
        is_lead = bool(_LEAD.search(piece))
        name = _LEAD.sub("", piece).strip(" .:-–")
        if not name:
            continue
        if _looks_like_name(piece, name):
            names.append(name)
            if is_lead and lead is None:
                lead = name
        else:
            inner = _PARENTHESIS.findall(name)
            names.extend(n.strip() for n in inner if _looks_like_name(n, n.strip()))
    return names, lead


def _looks_like_name(piece: str, name: str) -> bool:
    if len(name.split()) > MAX_UNIT_NAME_WORDS:
        return False
    return not piece.rstrip().endswith(".")


def parse_follow_up(text: str) -> dict[str, Any]:
    """Parse a follow-up cell into ``{local, common, lead, text, has_local, has_common}``.

    ``text`` is the cell as written (tidied); ``has_local``/``has_common`` say whether the cell
    mentions local or common follow-up at all (bare "Lokalt" names no unit).
    """
    written = clean_text(text)
    flat = " ".join(written.split())
    matches = list(_LABEL.finditer(flat))
    local: list[str] = []
    common: list[str] = []
    lead: str | None = None
    has_local, has_common = _bare_flags(flat[: matches[0].start()] if matches else flat)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(flat)
        part = flat[match.end() : end].strip(" /")
        names, part_lead = _unit_names(part)
        if _label_kind(match[1]) == "local":
            has_local = True
            local.extend(names)
        else:
            has_common = True
            common.extend(names)
        lead = lead or part_lead
    if lead is None and common:
        lead = common[0]
    return {
        "local": _unique(local),
        "common": _unique(common),
        "lead": lead,
        "text": written,
        "has_local": has_local,
        "has_common": has_common,
    }


def follow_up_from_columns(
    text: str,
    local: str,
    common: str,
    lead: str,
    *,
    responsible: str = "",
    semicolons_only: bool = False,
    unit_columns: bool = False,
    exact: bool = False,
) -> dict[str, Any]:
    """Follow-up from table columns: explicit Lokal/Fælles/Tovholder columns win over the text.

    ``responsible`` is an "Ansvarlig" cell: with "Lokalt:"/"Fælles:" labels it reads like a
    follow-up cell, without them its names are common units and the first (or the one marked
    "tovholder") leads. A cell with ``;`` or line breaks is split there only, so that a unit
    name may hold a comma ("Koncern HR, Stab"); ``semicolons_only`` never splits at commas
    (the app's own export joins units with "; ").

    With ``unit_columns`` (the table has Lokal, Fælles or Tovholder columns) only those
    columns name units: the follow-up text is kept as written and not searched for names,
    so that free text ("Fælles: ERFA på tværs") never becomes a unit.

    With ``exact`` (the app's own export) the columns say everything: a blank Tovholder is
    no lead and a blank Opfølgning no text, rather than guessed from the unit columns.
    """
    parsed = parse_follow_up(text)
    if unit_columns:
        parsed.update(local=[], common=[], lead=None)
    if responsible.strip():
        _add_responsible(parsed, responsible)
    column_lead: str | None = None
    if local.strip():
        parsed["local"], marked = _column_units(local, semicolons_only)
        parsed["has_local"] = True
        column_lead = column_lead or marked
    if common.strip():
        parsed["common"], marked = _column_units(common, semicolons_only)
        parsed["has_common"] = True
        column_lead = column_lead or marked
    if column_lead and not lead.strip():
        parsed["lead"] = column_lead
    elif lead.strip():
        parsed["lead"] = " ".join(_LEAD.sub("", lead).split()) or " ".join(lead.split())
        if parsed["lead"] not in parsed["local"] + parsed["common"] and not semicolons_only:
            parsed["common"].append(parsed["lead"])
            parsed["has_common"] = True
    elif exact:
        parsed["lead"] = None
    elif common.strip() and parsed["lead"] not in parsed["common"] + parsed["local"]:
        parsed["lead"] = parsed["common"][0] if parsed["common"] else None
    if not parsed["text"] and not exact:
        parsed["text"] = _compose(parsed)
    return parsed


def _add_responsible(parsed: dict[str, Any], responsible: str) -> None:
    flat = " ".join(clean_text(responsible).split())
    if _LABEL.search(flat):
        labelled = parse_follow_up(responsible)
        for key in ("local", "common"):
            parsed[key] = _unique(parsed[key] + labelled[key])
        parsed["has_local"] = parsed["has_local"] or labelled["has_local"]
        parsed["has_common"] = parsed["has_common"] or labelled["has_common"]
        parsed["lead"] = parsed["lead"] or labelled["lead"]
        return
    names, lead = _unit_names(clean_text(responsible))
    names = [name for name in names if normalise_name(name).strip(" .:") not in _BARE]
    if not names:
        local, common = _bare_flags(responsible)
        parsed["has_local"] = parsed["has_local"] or local
        parsed["has_common"] = parsed["has_common"] or common
        return
    parsed["common"] = _unique(parsed["common"] + names)
    parsed["has_common"] = True
    parsed["lead"] = parsed["lead"] or (lead if lead in names else None) or names[0]


# Cells that only say "yes, this kind of follow-up" rather than naming a unit.
_BARE = {"lokal", "lokalt", "lokale", "faelles", "x", "ja", "yes", "alle"}


def _column_units(text: str, semicolons_only: bool) -> tuple[list[str], str | None]:
    """Unit names in a Lokal/Fælles column and the one marked "tovholder", if any."""
    names: list[str] = []
    lead: str | None = None
    for piece in _split_list(text, semicolons_only):
        name = _LEAD.sub("", piece).strip(" .:-–") or piece
        if normalise_name(name).strip(" .:") in _BARE:
            continue
        names.append(name)
        if lead is None and _LEAD.search(piece):
            lead = name
    return _unique(names), lead


def _split_list(text: str, semicolons_only: bool = False) -> list[str]:
    separators = r"[;\n]" if semicolons_only or re.search(r"[;\n]", text.strip()) else r"[,;\n]"
    return [" ".join(p.split()) for p in re.split(separators, text) if p.strip()]


def _compose(follow_up: dict[str, Any]) -> str:
    parts = []
    if follow_up["local"]:
        parts.append("Lokalt: " + ", ".join(follow_up["local"]))
    if follow_up["common"]:
        parts.append("Fælles: " + ", ".join(follow_up["common"]))
    return " / ".join(parts)


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for name in names:
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            result.append(name)
    return result
