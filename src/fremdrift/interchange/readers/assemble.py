"""From rows found in a file to one interchange document.

Every reader turns its input into :class:`RawInitiative` rows (one per table row, in order) and
hands them to :class:`PlanBuilder`, which keeps areas in order of appearance, recognises the
same initiative listed in several areas, assigns refs and slugs, and writes the document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from .base import Diagnostic, Location, NearMatch
from .text import SlugRegistry, normalise_name, normalise_text, one_line

FORMAT = "fremdrift-plan/1"

# Decks copy initiative texts between sections and then edit them a little: a changed comma,
# a re-wrapped line, a word order swap. At a token_sort_ratio of 95 or more (on text with case,
# accents, punctuation and hyphenation normalised) two texts differ by at most a word or two in
# a typical one- or two-line initiative, which in the seeds is always the same initiative.
# Texts whose numbers differ ("Spor 1" / "Spor 2", "1. kvartal" / "2. kvartal") never merge.
MERGE_THRESHOLD = 95.0
# Between 85 and 95 (token_sort_ratio, or token_set_ratio when one text extends the other)
# the texts share most of their words but say something different too ("Dialog med PLO-M om
# prøvehandling …" vs. "Prøvehandling hvor Præhospitalet …; kommuner inddrages"): probably the
# same initiative, so we ask the user rather than merge.
NEAR_MATCH_THRESHOLD = 85.0
# token_set_ratio scores 100 whenever one text's words are a subset of the other's, which is
# meaningless for short texts ("Patientkontoret" ⊂ "Øge bemandingen i patientkontoret").
NEAR_MATCH_MIN_WORDS = 4
# Fuzzy matching compares each row with all earlier ones; past this many initiatives (large
# spreadsheets) only texts that are equal after normalisation are merged, and no near matches
# are looked for: the comparisons grow with the square of the rows.
FUZZY_MAX_INITIATIVES = 2000
# A preview shows at most this many "probably the same" candidates per initiative.
NEAR_MATCHES_PER_INITIATIVE = 3

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


@dataclass
class _Entry:
    raw: RawInitiative
    key: str
    area_keys: list[str] = field(default_factory=list)
    ref: str = ""


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
    ) -> None:
        self.filename = filename
        self.plan_title = one_line(plan_title) or filename
        self.plan_slug = plan_slug
        self.purpose = purpose or []
        self.status_date = status_date
        self.diagnostics: list[Diagnostic] = []
        self._areas: dict[str, str] = {}  # normalised title -> title as first written
        self._entries: list[_Entry] = []
        self._by_key: dict[str, _Entry] = {}
        self._keys: list[str] = []  # entry keys in order, the choices for fuzzy matching
        self._area_rows: dict[str, list[_Entry]] = {}  # area key -> entries in row order

    # --- collecting ---------------------------------------------------------------------------

    def add_area(self, title: str) -> str:
        """Register an area (idempotent; continuation slides give the same key)."""
        title = one_line(title)
        key = normalise_name(title)
        self._areas.setdefault(key, title)
        return key

    def add(self, raw: RawInitiative) -> None:
        """Add one row; merge it into an earlier initiative with the same text."""
        area_keys = [self.add_area(area) for area in raw.areas if one_line(area)]
        key = normalise_text(raw.title)
        entry = self._find(key)
        if entry is None:
            entry = _Entry(raw=raw, key=key)
            self._entries.append(entry)
            self._keys.append(key)
            self._by_key.setdefault(key, entry)
        else:
            self._merge(entry, raw, area_keys)
        for area_key in area_keys:
            if area_key not in entry.area_keys:
                entry.area_keys.append(area_key)
            rows = self._area_rows.setdefault(area_key, [])
            if not any(row is entry for row in rows):
                rows.append(entry)  # an initiative repeated in a later area keeps its place there

    def _find(self, key: str) -> _Entry | None:
        if key in self._by_key:
            return self._by_key[key]
        if len(self._entries) >= FUZZY_MAX_INITIATIVES or not key:
            return None
        numbers = _numbers(key)
        candidates = process.extract(
            key, self._keys, scorer=fuzz.token_sort_ratio, score_cutoff=MERGE_THRESHOLD, limit=5
        )
        for _, _, index in candidates:
            if _numbers(self._keys[index]) == numbers:
                return self._entries[index]
        return None

    def _merge(self, entry: _Entry, raw: RawInitiative, area_keys: list[str]) -> None:
        first = entry.raw
        for name in _FILLABLE:
            if getattr(first, name) in (None, "") and getattr(raw, name) not in (None, ""):
                setattr(first, name, getattr(raw, name))
        if not first.status and raw.status:
            first.status, first.earlier_status = raw.status, raw.earlier_status
        elif raw.status and normalise_text(raw.status) != normalise_text(first.status):
            self._note("warning", "merged_status_differs", raw.location, first, raw)
        if not (first.follow_up or {}).get("text") and raw.follow_up:
            first.follow_up = raw.follow_up
        new_areas = [key for key in area_keys if key not in entry.area_keys]
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
        return document, self._near_matches(area_slugs)

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
        return {
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

    def _near_matches(self, area_slugs: dict[str, str]) -> list[NearMatch]:
        if len(self._entries) > FUZZY_MAX_INITIATIVES:
            return []
        found = []
        keys = [entry.key for entry in self._entries]
        for index, entry in enumerate(self._entries):
            for offset, (score, scorer) in _near_scores(entry.key, keys[index + 1 :]).items():
                other = self._entries[index + 1 + offset]
                if set(entry.area_keys) != set(other.area_keys):
                    found.append(_near(entry, other, area_slugs, score, scorer))
        return found


def _near_scores(key: str, later: list[str]) -> dict[int, tuple[float, str]]:
    """Offsets into ``later`` of texts scoring between the near-match and merge thresholds.

    The score is token_sort_ratio, or token_set_ratio when both texts have at least
    NEAR_MATCH_MIN_WORDS words (one text extending the other).
    """
    if not key or not later:
        return {}
    scores: dict[int, tuple[float, str]] = {}
    limit = NEAR_MATCHES_PER_INITIATIVE
    for _, score, offset in process.extract(
        key, later, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_MATCH_THRESHOLD, limit=limit
    ):
        scores[offset] = (score, "token_sort_ratio")
    if len(key.split()) >= NEAR_MATCH_MIN_WORDS:
        for _, score, offset in process.extract(
            key, later, scorer=fuzz.token_set_ratio, score_cutoff=NEAR_MATCH_THRESHOLD, limit=limit
        ):
            long_enough = len(later[offset].split()) >= NEAR_MATCH_MIN_WORDS
            if long_enough and score > scores.get(offset, (0.0, ""))[0]:
                scores[offset] = (score, "token_set_ratio")
    return {
        offset: scored
        for offset, scored in scores.items()
        if fuzz.token_sort_ratio(key, later[offset]) < MERGE_THRESHOLD
        or _numbers(key) != _numbers(later[offset])
    }


def _near(
    entry: _Entry, other: _Entry, area_slugs: dict[str, str], score: float, scorer: str
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
    )


def _history(raw: RawInitiative, iso_date: str | None) -> list[dict[str, Any]]:
    history = []
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
