"""From rows found in a file to one interchange document.

Every reader turns its input into :class:`RawInitiative` rows (one per table row, in order) and
hands them to :class:`PlanBuilder`, which keeps areas in order of appearance, recognises the
same initiative listed in several areas, assigns refs and slugs, and writes the document.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from . import drift as drift_module
from .base import Diagnostic, Location, NearMatch
from .text import SlugRegistry, normalise_name, normalise_text, one_line

FORMAT = "fremdrift-plan/1"

# Decks copy initiative texts between sections and then edit them a little: a changed comma,
# a re-wrapped line, a word order swap. At a token_sort_ratio of 95 or more (on text with case,
# accents, punctuation and hyphenation normalised) two texts differ by at most a word or two in
# a typical one- or two-line initiative, which in the seeds is always the same initiative.
# Texts whose numbers differ ("Spor 1" / "Spor 2", "1. kvartal" / "2. kvartal") never merge.
MERGE_THRESHOLD = 95.0
# Texts that drifted further (shortened, abbreviated, reworded; see ``drift.py``) are *near
# matches*: from NEAR_MATCH_THRESHOLD they are offered in the web preview, and from
# DRIFT_MERGE_THRESHOLD they are ticked there in advance and merged by the command line.
NEAR_MATCH_THRESHOLD = drift_module.NEAR_MATCH_THRESHOLD
DRIFT_MERGE_THRESHOLD = drift_module.DRIFT_MERGE_THRESHOLD
# Fuzzy matching compares each row with all earlier ones; past this many initiatives (large
# spreadsheets) only texts that are equal after normalisation are merged, and no near matches
# are looked for: the comparisons grow with the square of the rows.
FUZZY_MAX_INITIATIVES = 2000
# A preview shows at most this many "probably the same" candidates per initiative.
NEAR_MATCHES_PER_INITIATIVE = 3
# Words of at least this many letters, by their first four, preselect pairs worth comparing;
# each initiative is compared with at most this many earlier ones sharing the most words.
_SIGNATURE_WORD = 4
_CANDIDATES_PER_INITIATIVE = 8

_PARENTHESISED = re.compile(r"\([^()]*\)")
_NUMBER = re.compile(r"\d+")


def _numbers(key: str) -> list[str]:
    """The numbers in a text: texts that differ in a number ("Spor 1", "Spor 2") never merge."""
    return _NUMBER.findall(key)


@dataclass
class RawInitiative:
    """One initiative row as a reader found it, before merging and slugging."""

    areas: list[str]
    title: str
    location: Location
    theme: str | None = None
    status: str = ""
    earlier_status: str | None = None
    phase: str | None = None
    phase_target: str | None = None
    earlier_phase: str | None = None
    earlier_phase_target: str | None = None
    year_task: str | None = None
    kind: str | None = None
    work_form: str | None = None
    follow_up: dict[str, Any] | None = None
    status_date: dt.date | None = None
    ref: str | None = None
    # The status text without its red runs (None when nothing in it is red).
    unmarked: str | None = None
    # Statuses from earlier status columns ("Forrige status"), oldest first: (date, text).
    older: list[tuple[dt.date | None, str]] = field(default_factory=list)
    # Where values were read, by key of the document's initiative ("title", "theme",
    # "areas[0]" for the first of ``areas``, "follow_up.lead" …): a cell, a band, a title
    # row, the slide or sheet.
    origins: dict[str, Location] = field(default_factory=dict)


@dataclass
class _Entry:
    raw: RawInitiative
    key: str
    area_keys: list[str] = field(default_factory=list)
    ref: str = ""
    # Area key -> how that section heads and words the initiative where it differs from
    # the first row ({"theme", "title", "status", "follow_up"}).
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    # Area key -> where that section's own heading was read.
    section_at: dict[str, Location] = field(default_factory=dict)


def _follow_up_text(raw: RawInitiative) -> str:
    return ((raw.follow_up or {}).get("text") or "").strip()


def _section_wording(first: RawInitiative, raw: RawInitiative) -> dict[str, str]:
    """What a repeated row says differently from the initiative's first row."""
    wording: dict[str, str] = {}
    if raw.theme and one_line(raw.theme) != one_line(first.theme or ""):
        wording["theme"] = raw.theme
    if raw.title and normalise_text(raw.title) != normalise_text(first.title):
        wording["title"] = raw.title
    if raw.status and normalise_text(raw.status) != normalise_text(first.status or ""):
        wording["status"] = raw.status
    text = _follow_up_text(raw)
    if text and normalise_text(text) != normalise_text(_follow_up_text(first)):
        wording["follow_up"] = text
    return wording


def section_keys(item: dict[str, Any], wording: dict[str, str], area: str) -> None:
    """Record a section's own heading and wording on a document's initiative."""
    if wording.get("theme"):
        item.setdefault("area_themes", {})[area] = wording["theme"]
    variant = {k: v for k, v in wording.items() if k != "theme" and v}
    if variant:
        variants = item.setdefault("variants", [])
        if not any(v.get("area") == area for v in variants):
            if "status" in variant:
                variant["status_for"] = item.get("status") or ""
            variants.append({"area": area, **variant})


_FILLABLE = ("theme", "phase", "phase_target", "year_task", "kind", "work_form", "status_date")


class PlanBuilder:
    """Collects areas and initiative rows and builds the interchange document."""

    def __init__(
        self,
        *,
        filename: str,
        plan_title: str,
        plan_slug: str | None = None,
        purpose: list[str] | None = None,
        status_date: dt.date | None = None,
        plan_title_at: Location | None = None,
    ) -> None:
        self.filename = filename
        self.plan_title = one_line(plan_title) or filename
        self.plan_title_at = plan_title_at or Location(filename)
        self.plan_slug = plan_slug
        self.purpose = purpose or []
        self.status_date = status_date
        self.diagnostics: list[Diagnostic] = []
        self._areas: dict[str, str] = {}  # normalised title -> title as first written
        self._entries: list[_Entry] = []
        self._by_key: dict[str, _Entry] = {}
        self._keys: list[str] = []  # entry keys in order, the choices for fuzzy matching
        self._area_rows: dict[str, list[_Entry]] = {}  # area key -> entries in row order
        self._area_at: dict[str, Location] = {}  # area key -> where its title was read
        self._void_refs: set[str] = set()  # references that stood twice in an area
        # Key paths of the built document to where their values were read (``build``).
        self.sources: dict[str, Location] = {}

    # --- collecting ---------------------------------------------------------------------------

    def add_area(self, title: str) -> str:
        """Register an area (idempotent; continuation slides give the same key)."""
        title = one_line(title)
        key = normalise_name(title)
        self._areas.setdefault(key, title)
        return key

    def add(self, raw: RawInitiative) -> None:
        """Add one row; merge it into an earlier initiative with the same reference or text."""
        area_keys = []
        for n, area in enumerate(raw.areas):
            if one_line(area):
                area_key = self.add_area(area)
                area_keys.append(area_key)
                self._area_at.setdefault(area_key, raw.origins.get(f"areas[{n}]", raw.location))
        if raw.ref and self._repeats_reference(raw, area_keys):
            raw.ref = None
        key = f"ref:{raw.ref}" if raw.ref else normalise_text(raw.title)
        entry = self._by_key.get(key) if raw.ref else self._find(key, raw.title)
        if entry is None:
            entry = _Entry(raw=raw, key=key)
            self._entries.append(entry)
            self._keys.append("" if raw.ref else key)
            self._by_key.setdefault(key, entry)
        else:
            self._merge(entry, raw, area_keys)
            wording = _section_wording(entry.raw, raw)
            for area_key in area_keys:
                if wording and area_key not in entry.area_keys:
                    entry.sections.setdefault(area_key, wording)
                    entry.section_at.setdefault(area_key, raw.origins.get("theme", raw.location))
        for area_key in area_keys:
            if area_key not in entry.area_keys:
                entry.area_keys.append(area_key)
            rows = self._area_rows.setdefault(area_key, [])
            if not any(row is entry for row in rows):
                rows.append(entry)  # an initiative repeated in a later area keeps its place there

    def _repeats_reference(self, raw: RawInitiative, area_keys: list[str]) -> bool:
        """Whether the row's reference decides nothing: it stood on an earlier row of the same
        area with another text (a row, table or slide copied with its reference and given a
        new text). Both rows, and later ones with that reference, then go by their text, so
        that a copy does not take over the initiative it was copied from."""
        ref = raw.ref or ""
        if ref in self._void_refs:
            return True
        entry = self._by_key.get(f"ref:{ref}")
        if entry is None or not set(area_keys) & set(entry.area_keys):
            return False
        if normalise_text(entry.raw.title) == normalise_text(raw.title):
            return False  # the same row twice: one initiative, as without references
        self.diagnostics.append(
            Diagnostic.make(
                "warning",
                "duplicate_reference",
                raw.location,
                ref=ref,
                title=_short(raw.title),
                first=str(entry.raw.location),
            )
        )
        self._void_refs.add(ref)
        del self._by_key[f"ref:{ref}"]
        entry.raw.ref = None
        entry.key = normalise_text(entry.raw.title)
        self._keys[self._entries.index(entry)] = entry.key
        self._by_key.setdefault(entry.key, entry)
        return True

    def _find(self, key: str, title: str) -> _Entry | None:
        if key in self._by_key:
            return self._by_key[key]
        if len(self._entries) >= FUZZY_MAX_INITIATIVES or not key.strip():
            return None
        numbers = _numbers(key)
        candidates = process.extract(
            key, self._keys, scorer=fuzz.token_sort_ratio, score_cutoff=MERGE_THRESHOLD, limit=5
        )
        for _, _, index in candidates:
            entry = self._entries[index]
            same_numbers = _numbers(self._keys[index]) == numbers
            if same_numbers and drift_module.opens_alike(entry.raw.title, title):
                return entry
        return None

    def _merge(self, entry: _Entry, raw: RawInitiative, area_keys: list[str]) -> None:
        first = entry.raw
        new_areas = [key for key in area_keys if key not in entry.area_keys]
        for name in _FILLABLE:
            if name == "theme" and new_areas:
                continue  # a heading in another section is that section's own (section_keys)
            if getattr(first, name) in (None, "") and getattr(raw, name) not in (None, ""):
                setattr(first, name, getattr(raw, name))
                if name in raw.origins:
                    first.origins[name] = raw.origins[name]
        if not first.status and raw.status:
            first.status, first.earlier_status = raw.status, raw.earlier_status
        elif raw.status and normalise_text(raw.status) != normalise_text(first.status):
            self._note("warning", "merged_status_differs", raw.location, first, raw)
        if not (first.follow_up or {}).get("text") and raw.follow_up:
            first.follow_up = raw.follow_up
            for key, where in raw.origins.items():
                if key.startswith("follow_up."):
                    first.origins[key] = where
        if new_areas:
            self._note("info", "merged_across_areas", raw.location, first, raw)
        else:
            self._note("info", "merged_within_area", raw.location, first, raw)

    def _note(
        self, level: str, code: str, location: Location, first: RawInitiative, raw: RawInitiative
    ) -> None:
        self.diagnostics.append(
            Diagnostic.make(
                level,  # type: ignore[arg-type]
                code,
                location,
                title=_short(raw.title),
                first=str(first.location),
            )
        )

    # --- building -----------------------------------------------------------------------------

    def build(self) -> tuple[dict[str, Any], list[NearMatch]]:
        """The interchange document and the near matches to confirm."""
        area_slugs = self._area_slugs()
        refs = SlugRegistry()
        for entry in self._entries:
            entry.ref = refs.take(entry.raw.ref or entry.raw.title.split("\n", 1)[0], fallback="i")
        areas = [
            {
                "slug": area_slugs[key],
                "title": title,
                "initiatives": [e.ref for e in self._area_rows.get(key, [])],
            }
            for key, title in self._areas.items()
        ]
        document = {
            "format": FORMAT,
            "plan": self._plan(),
            "areas": areas,
            "initiatives": [self._initiative(e, area_slugs) for e in self._entries],
        }
        self._record_sources(area_slugs)
        return document, self._near_matches(area_slugs)

    def _record_sources(self, area_slugs: dict[str, str]) -> None:
        """Where the built document's values were read (``ReadResult.sources``)."""
        sources = {"plan": self.plan_title_at, "plan.title": self.plan_title_at}
        for n, key in enumerate(self._areas):
            sources[f"areas[{n}]"] = self._area_at.get(key, Location(self.filename))
        for n, entry in enumerate(self._entries):
            where = f"initiatives[{n}]"
            sources[where] = entry.raw.location
            for key, place in entry.raw.origins.items():
                sources[f"{where}.{key}"] = place
            for key, place in entry.section_at.items():
                sources[f"{where}.area_themes.{area_slugs[key]}"] = place
        self.sources = sources

    def _plan(self) -> dict[str, Any]:
        slug = self.plan_slug or SlugRegistry().take(self.plan_title, fallback="plan")
        return {
            "slug": slug,
            "title": self.plan_title,
            "owner": None,
            "period_start": None,
            "period_end": None,
            "purpose": list(self.purpose),
        }

    def _area_slugs(self) -> dict[str, str]:
        registry = SlugRegistry()
        slugs = {}
        for key, title in self._areas.items():
            short = _PARENTHESISED.sub(" ", title).strip() or title
            slugs[key] = registry.take(short, fallback="omraade")
        return slugs

    def _initiative(self, entry: _Entry, area_slugs: dict[str, str]) -> dict[str, Any]:
        raw = entry.raw
        status_date = raw.status_date or self.status_date
        iso = status_date.isoformat() if status_date else None
        item = {
            "ref": entry.ref,
            "theme": raw.theme or None,
            "title": raw.title,
            "kind": raw.kind,
            "work_form": raw.work_form,
            "phase": raw.phase,
            "phase_target": raw.phase_target,
            "year_task": raw.year_task or None,
            "status": raw.status,
            "status_date": iso,
            "follow_up": raw.follow_up or _empty_follow_up(),
            "areas": [area_slugs[key] for key in entry.area_keys],
            "history": _history(raw, iso),
        }
        for key, wording in entry.sections.items():
            section_keys(item, wording, area_slugs[key])
        return item

    def _near_matches(self, area_slugs: dict[str, str]) -> list[NearMatch]:
        """Pairs in different areas that probably are one initiative (see ``drift.py``)."""
        if len(self._entries) > FUZZY_MAX_INITIATIVES:
            return []
        found: list[NearMatch] = []
        per_entry: dict[int, int] = {}
        for i, j in _candidate_pairs(self._entries):
            first, second = self._entries[i], self._entries[j]
            if set(first.area_keys) == set(second.area_keys) or first.raw.ref or second.raw.ref:
                continue
            scored = _near_score(first, second)
            if scored is None:
                continue
            if per_entry.get(i, 0) >= NEAR_MATCHES_PER_INITIATIVE:
                continue
            per_entry[i] = per_entry.get(i, 0) + 1
            found.append(_near(first, second, area_slugs, *scored))
        return found


def _signature(entry: _Entry) -> set[str]:
    return {w[:_SIGNATURE_WORD] for w in drift_module.words(entry.raw.title) if len(w) >= 4}


def _candidate_pairs(entries: list[_Entry]) -> list[tuple[int, int]]:
    """Pairs (earlier, later) sharing enough long words to be worth comparing, in order: for
    each initiative the earlier ones sharing the most words (``_CANDIDATES_PER_INITIATIVE``)."""
    index: dict[str, list[int]] = {}
    signatures = [_signature(entry) for entry in entries]
    pairs: list[tuple[int, int]] = []
    for j, signature in enumerate(signatures):
        shared: dict[int, int] = {}
        for word in signature:
            for i in index.get(word, ()):
                shared[i] = shared.get(i, 0) + 1
            index.setdefault(word, []).append(j)
        enough = [
            (count, i)
            for i, count in shared.items()
            if count >= 2 and count * 2 >= min(len(signatures[i]), len(signature))
        ]
        enough.sort(reverse=True)
        pairs.extend((i, j) for _, i in enough[:_CANDIDATES_PER_INITIATIVE])
    return sorted(pairs)


def _near_score(first: _Entry, second: _Entry) -> tuple[float, str, bool] | None:
    """(score, scorer, suggested) for a pair at or above the near-match threshold."""
    sort_score = fuzz.token_sort_ratio(first.key, second.key)
    numbers_agree = _numbers(first.key) == _numbers(second.key)
    found = drift_module.drift(
        first.raw.title, second.raw.title, first.raw.status, second.raw.status
    )
    word_score = found.score if found else 0.0
    if max(word_score, sort_score) < NEAR_MATCH_THRESHOLD:
        return None
    if word_score >= sort_score:
        return word_score, "words", word_score >= DRIFT_MERGE_THRESHOLD
    opens_alike = drift_module.opens_alike(first.raw.title, second.raw.title)
    suggested = numbers_agree and opens_alike and sort_score >= DRIFT_MERGE_THRESHOLD
    return sort_score, "token_sort_ratio", suggested


def _near(
    entry: _Entry,
    other: _Entry,
    area_slugs: dict[str, str],
    score: float,
    scorer: str,
    suggested: bool,
) -> NearMatch:
    return NearMatch(
        ref_a=entry.ref,
        title_a=entry.raw.title,
        areas_a=tuple(area_slugs[k] for k in entry.area_keys),
        ref_b=other.ref,
        title_b=other.raw.title,
        areas_b=tuple(area_slugs[k] for k in other.area_keys),
        score=round(float(score), 1),
        scorer=scorer,
        suggested=suggested,
    )


def _history(raw: RawInitiative, iso_date: str | None) -> list[dict[str, Any]]:
    history = [
        {
            "date": date.isoformat() if date else None,
            "phase": None,
            "phase_target": None,
            "status": text,
        }
        for date, text in raw.older
        if text
    ]
    if raw.earlier_status is not None:
        history.append(
            {
                "date": iso_date,
                "phase": raw.earlier_phase,
                "phase_target": raw.earlier_phase_target,
                "status": raw.earlier_status,
            }
        )
    if raw.status or raw.phase:
        history.append(
            {
                "date": iso_date,
                "phase": raw.phase,
                "phase_target": raw.phase_target,
                "status": raw.status,
            }
        )
    return history


def _empty_follow_up() -> dict[str, Any]:
    return {
        "local": [],
        "common": [],
        "lead": None,
        "text": "",
        "has_local": False,
        "has_common": False,
    }


def _short(text: str, length: int = 80) -> str:
    line = one_line(text)
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


# --- merging confirmed near matches -----------------------------------------------------------


def merge_pairs(document: dict[str, Any], pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The document with each pair of refs made one initiative (pairs may chain: a-b, b-c).

    The initiative that comes first in the document is kept with its title and status; it
    gains the other's areas (and its place in them) and any field it lacks.
    """
    document = copy.deepcopy(document)
    initiatives = document.get("initiatives") or []
    order = {item["ref"]: index for index, item in enumerate(initiatives)}
    parent = {ref: ref for ref in order}

    def root(ref: str) -> str:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for a, b in pairs:
        if a not in parent or b not in parent:
            continue
        ra, rb = root(a), root(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=order.__getitem__)
            parent[drop] = keep
    by_ref = {item["ref"]: item for item in initiatives}
    for item in initiatives:
        keep = root(item["ref"])
        if keep == item["ref"]:
            continue
        kept = by_ref[keep]
        wording = _document_wording(kept, item)
        for area in item.get("areas", []):
            if wording and area not in kept.get("areas", []):
                section_keys(kept, wording, area)
        kept["areas"] = list(dict.fromkeys([*kept.get("areas", []), *item.get("areas", [])]))
        for name in (*_FILLABLE, "status"):
            if kept.get(name) in (None, "") and item.get(name) not in (None, ""):
                kept[name] = item[name]
        if not kept.get("history") and item.get("history"):
            kept["history"] = item["history"]
        if not (kept.get("follow_up") or {}).get("text") and item.get("follow_up"):
            kept["follow_up"] = item["follow_up"]
    for area in document.get("areas") or []:
        refs = [root(ref) if ref in parent else ref for ref in area.get("initiatives") or []]
        area["initiatives"] = list(dict.fromkeys(refs))
    document["initiatives"] = [item for item in initiatives if root(item["ref"]) == item["ref"]]
    return document


def _document_wording(kept: dict[str, Any], item: dict[str, Any]) -> dict[str, str]:
    """What a dropped initiative of a document says differently from the kept one."""
    wording: dict[str, str] = {}
    for key in ("theme", "title", "status"):
        value = item.get(key) or ""
        if value and normalise_text(value) != normalise_text(kept.get(key) or ""):
            wording[key] = value
    text = (item.get("follow_up") or {}).get("text") or ""
    if text and normalise_text(text) != normalise_text(
        (kept.get("follow_up") or {}).get("text") or ""
    ):
        wording["follow_up"] = text
    return wording


def merge_suggested(
    document: dict[str, Any], near_matches: list[NearMatch]
) -> tuple[dict[str, Any], list[NearMatch]]:
    """The document with the near matches at or above the drift threshold merged (the
    command line's choice), and those near matches."""
    chosen = [match for match in near_matches if match.suggested]
    return merge_pairs(document, [(m.ref_a, m.ref_b) for m in chosen]), chosen
