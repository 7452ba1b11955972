"""Applying an interchange document (``fremdrift-plan/1``) to the database.

Every write goes through the portfolio and core actions, inside one transaction: either the
whole document is applied or nothing is. Applying the same document twice changes nothing;
a newer document of the same plan updates fields, adds the new status updates (keeping the
history) and moves initiatives between areas rather than duplicating them.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.core import audit
from fremdrift.core.actions import create_unit, find_unit
from fremdrift.core.choices import AuditAction, UnitKind
from fremdrift.core.models import OrgUnit
from fremdrift.core.text import danish_slug, grouped_number, normalise_name
from fremdrift.interchange.errors import ImportFailed
from fremdrift.portfolio import actions
from fremdrift.portfolio.choices import FollowUpRole, Kind, Phase, WorkForm
from fremdrift.portfolio.models import (
    SECTION_WORDING_FIELDS,
    Area,
    AreaMembership,
    Initiative,
    Plan,
    StatusUpdate,
)

FORMAT = "fremdrift-plan/1"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
WORK_FORM_ALIASES = {"transformationsspor": "transformation", "sprintforløb": "sprint"}
KIND_ALIASES = {"implementeringsindsats": "implementering", "udviklingsindsats": "udvikling"}


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), line by line."""

    plan_slug: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    # Unit names the file gives that are not known units and were not created.
    unknown_units: list[str] = field(default_factory=list)
    unchanged: int = 0
    # The plan fields the import changes (title, owner …).
    plan_changes: list[str] = field(default_factory=list)
    dry_run: bool = False
    # The versions of the initiatives the import touches, as it found them
    # ({str(pk): version}): a preview keeps them so that applying can tell what changed since.
    seen: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.linked or self.unlinked)

    def lines(self) -> list[str]:
        out = []
        for label, items in (
            (_("created"), self.created),
            (_("updated"), self.updated),
            (_("linked"), self.linked),
            (_("removed from area"), self.unlinked),
            (_("rejected"), self.rejected),
            (_("not a known unit (kept as follow-up text)"), self.unknown_units),
        ):
            out.extend(f"{label}: {item}" for item in items)
        out.append(
            _(
                "%(c)d created, %(u)d updated, %(l)d linked, %(x)d removed from areas, "
                "%(r)d rejected, %(n)d unchanged"
            )
            % {
                "c": len(self.created),
                "u": len(self.updated),
                "l": len(self.linked),
                "x": len(self.unlinked),
                "r": len(self.rejected),
                "n": self.unchanged,
            }
        )
        return out


class _DryRun(Exception):
    pass


class PreviewOutdated(ImportFailed):
    """Initiatives the import touches changed after its preview; nothing was written."""


# --------------------------------------------------------------------------- validation


SOFT_BREAK = "\x0b"  # PowerPoint's line break inside a paragraph (python-pptx's "\v")


def _text(value: Any) -> str:
    """A text of the document, a soft line break read as a line break."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value).replace(SOFT_BREAK, "\n")
    return str(value).strip().replace(SOFT_BREAK, "\n")


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ImportFailed(
            _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value}, where
        ) from exc


def _choice(
    value: Any, choices: Any, where: str, aliases: dict[str, str] | None = None, blank: bool = True
) -> str:
    text = _text(value).lower()
    text = (aliases or {}).get(text, text)
    if not text:
        if blank:
            return ""
        raise ImportFailed(_("a value is required"), where)
    if text not in choices.values:
        raise ImportFailed(
            _("“%(value)s” is not one of %(allowed)s")
            % {"value": value, "allowed": ", ".join(choices.values)},
            where,
        )
    return text


def _require(mapping: dict[str, Any], key: str, where: str) -> str:
    value = _text(mapping.get(key))
    if not value:
        raise ImportFailed(
            _("the required key “%(key)s” is missing or empty") % {"key": key}, where
        )
    return value


def _noon(day: dt.date) -> dt.datetime:
    """History dates become noon Copenhagen time, so that "as of a date" is unambiguous."""
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=COPENHAGEN)


# The document key of an initiative field, where the names differ.
SOURCE_KEYS = {"follow_up_text": "follow_up"}

# The keys each part of a document may hold (spec/interfaces.md); any other key is an error.
TOP_KEYS = {"format", "plan", "areas", "initiatives", "units"}
PLAN_KEYS = {"slug", "title", "owner", "period_start", "period_end", "purpose", "background"}
AREA_KEYS = {"slug", "title", "initiatives"}
INITIATIVE_KEYS = {
    "ref",
    "theme",
    "title",
    "short_title",
    "kind",
    "work_form",
    "previous_work_form",
    "phase",
    "phase_target",
    "phase_text",
    "year_task",
    "description",
    "background",
    "status",
    "status_date",
    "start_date",
    "end_date",
    "parent",
    "follow_up",
    "areas",
    "area_themes",
    "variants",
    "history",
}
FOLLOW_UP_KEYS = {"local", "common", "lead", "text"}
HISTORY_KEYS = {"date", "phase", "phase_target", "status"}
VARIANT_KEYS = {"area", "title", "status", "status_for", "follow_up"}
# ``code`` and ``aliases`` describe a unit for people (municipality codes, other spellings).
UNIT_KEYS = {"name", "short_name", "kind", "parent", "code", "aliases"}


def _known_keys(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    """Refuse a key the format does not have, naming it and where it stands."""
    for key in mapping:
        if key not in allowed:
            path = f"{where}.{key}" if where else str(key)
            raise ImportFailed(
                _("unknown key “%(key)s”; allowed here: %(allowed)s")
                % {"key": key, "allowed": ", ".join(sorted(allowed))},
                path,
            )


@dataclass(frozen=True)
class _Limited:
    """A key of the document stored in a model field with a ``max_length``."""

    model: type[models.Model]
    name: str
    label: Any  # a lazy text naming the field in a message

    @property
    def limit(self) -> int:
        return self.model._meta.get_field(self.name).max_length


PLAN_LIMITED = {
    "slug": _Limited(Plan, "slug", gettext_lazy("the plan's short name")),
    "title": _Limited(Plan, "title", gettext_lazy("the plan's title")),
    "owner": _Limited(Plan, "owner", gettext_lazy("the plan's owner")),
}
AREA_LIMITED = {
    "slug": _Limited(Area, "slug", gettext_lazy("the area's short name")),
    "title": _Limited(Area, "title", gettext_lazy("the area's title")),
}
INITIATIVE_LIMITED = {
    "ref": _Limited(Initiative, "ref", gettext_lazy("the initiative's reference")),
    "theme": _Limited(Initiative, "theme", gettext_lazy("the initiative's theme")),
    "short_title": _Limited(
        Initiative, "short_title", gettext_lazy("the initiative's short title")
    ),
}
SECTION_THEME = _Limited(
    AreaMembership, "theme", gettext_lazy("the initiative's theme in the section")
)
UNIT_NAME = _Limited(OrgUnit, "name", gettext_lazy("the unit's name"))
UNIT_LIMITED = {
    "name": UNIT_NAME,
    "short_name": _Limited(OrgUnit, "short_name", gettext_lazy("the unit's short name")),
    "parent": UNIT_NAME,
}


def _mappings(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mappings of a list, numbered (anything else is for ``validate`` to refuse)."""
    if isinstance(value, list):
        for n, entry in enumerate(value):
            if isinstance(entry, dict):
                yield n, entry


def _limited_texts(document: dict[str, Any]) -> Iterator[tuple[str, Any, _Limited]]:
    """(key path, value, field) of every value of the document stored in a field with a
    length limit. Initiative titles have no ``max_length``: see :func:`_long_titles`."""
    plan = document.get("plan")
    if isinstance(plan, dict):
        for key, limited in PLAN_LIMITED.items():
            yield f"plan.{key}", plan.get(key), limited
    for n, area in _mappings(document.get("areas")):
        for key, limited in AREA_LIMITED.items():
            yield f"areas[{n}].{key}", area.get(key), limited
    for n, raw in _mappings(document.get("initiatives")):
        where = f"initiatives[{n}]"
        for key, limited in INITIATIVE_LIMITED.items():
            yield f"{where}.{key}", raw.get(key), limited
        themes = raw.get("area_themes")
        if isinstance(themes, dict):
            for slug, theme in themes.items():
                yield f"{where}.area_themes.{slug}", theme, SECTION_THEME
        follow = raw.get("follow_up")
        if isinstance(follow, dict):
            yield f"{where}.follow_up.lead", follow.get("lead"), UNIT_NAME
            for role in ("common", "local"):
                names = follow.get(role)
                for k, name in enumerate(names if isinstance(names, list) else []):
                    yield f"{where}.follow_up.{role}[{k}]", name, UNIT_NAME
    for n, unit in _mappings(document.get("units")):
        for key, limited in UNIT_LIMITED.items():
            yield f"units[{n}].{key}", unit.get(key), limited


def _long_titles(document: dict[str, Any], locate: Callable[[str], str] | None) -> None:
    """Refuse the first initiative title longer than the portfolio's rule allows
    (:func:`~fremdrift.portfolio.actions.check_title_length`), naming where it stands. A title
    the plan already holds word for word is let through, as the actions let an unchanged old
    title through (titles were not limited before)."""
    plan = document.get("plan")
    slug = plan.get("slug") if isinstance(plan, dict) else None
    for n, raw in _mappings(document.get("initiatives")):
        title = raw.get("title")
        if title is None:
            continue
        text = _text(title)
        try:
            actions.check_title_length(text)
        except ValidationError as exc:
            held = Initiative.objects.filter(plan__slug=slug, title=text)
            if isinstance(slug, str) and held.exists():
                continue
            where = f"initiatives[{n}].title"
            raise ImportFailed(
                "; ".join(exc.messages), locate(where) if locate is not None else where
            ) from None


def check_lengths(document: Any, locate: Callable[[str], str] | None = None) -> None:
    """Refuse the first text longer than the model field it goes to may hold, naming where
    it stands (``locate`` turns a key path into a place in the file: a row and column, a
    slide), the field, the limit and its length. The limits are the models' ``max_length``;
    the text is measured as it would be stored."""
    if not isinstance(document, dict):
        return
    _long_titles(document, locate)
    for where, value, limited in _limited_texts(document):
        if value is None:
            continue
        text = _text(value)
        limit = limited.limit
        if len(text) <= limit:
            continue
        raise ImportFailed(
            _(
                "%(field)s “%(start)s…” is %(length)s characters long; at most %(limit)s "
                "characters are allowed"
            )
            % {
                "field": limited.label,
                "start": " ".join(text.split())[:40].rstrip(),
                "length": grouped_number(len(text)),
                "limit": grouped_number(limit),
            },
            locate(where) if locate is not None else where,
        )


def check_plan_slug(slug: str, where: str = "") -> None:
    """Refuse a plan short name that is not one (lowercase letters, digits and hyphens, at
    most the field's length): the file's, or the one given for the import (``--plan``)."""
    limit = Plan._meta.get_field("slug").max_length
    if danish_slug(slug, limit) != slug:
        raise ImportFailed(
            _("“%(value)s” is not a valid short name (lowercase letters, digits and hyphens)")
            % {"value": slug},
            where,
        )


def _phase_text(raw: dict[str, Any], values: dict[str, Any], where: str) -> None:
    """``phase_text`` ("Udvikling -> Implementering", the deck's words) must agree with
    ``phase`` and ``phase_target``; it fills them where they are missing."""
    text = _text(raw.get("phase_text"))
    if not text:
        return
    from fremdrift.interchange.readers.vocab import parse_phase

    # "Implementeret" (done) is in operation: the phase after implementation.
    done = normalise_name(text) == "implementeret"
    parsed = parse_phase(text)
    if done:
        parsed = dataclasses.replace(parsed, phase=Phase.OPERATION.value)
    if parsed.phase is None:
        raise ImportFailed(
            _("“%(value)s” does not name a phase") % {"value": text}, f"{where}.phase_text"
        )
    phase = values["phase"] if raw.get("phase") else parsed.phase
    target = values["phase_target"] if raw.get("phase_target") else (parsed.target or "")
    if (phase, target) != (parsed.phase, parsed.target or ""):
        raise ImportFailed(
            _("“%(value)s” does not agree with phase “%(phase)s” and target “%(target)s”")
            % {"value": text, "phase": phase, "target": target or "-"},
            f"{where}.phase_text",
        )
    values["phase"], values["phase_target"] = phase, target


def _section_wording(raw: dict[str, Any], where: str, status: str) -> dict[str, dict[str, str]]:
    """``area_themes`` and ``variants`` as each area's own heading and wording."""
    wording: dict[str, dict[str, str]] = {}
    themes = raw.get("area_themes") or {}
    if not isinstance(themes, dict):
        raise ImportFailed(
            _("“%(key)s” must map area short names to headings") % {"key": "area_themes"},
            f"{where}.area_themes",
        )
    for slug, theme in themes.items():
        wording.setdefault(_text(slug), {})["theme"] = _text(theme)
    for n, variant in enumerate(raw.get("variants") or []):
        vw = f"{where}.variants[{n}]"
        if not isinstance(variant, dict):
            raise ImportFailed(_("a variant must be a mapping"), vw)
        _known_keys(variant, VARIANT_KEYS, vw)
        slug = _require(variant, "area", f"{vw}.area")
        entry = wording.setdefault(slug, {})
        if any(k in entry for k in ("title", "status_text", "follow_up_text")):
            raise ImportFailed(
                _("the area “%(slug)s” has two variants") % {"slug": slug}, f"{vw}.area"
            )
        entry["title"] = _text(variant.get("title"))
        entry["status_text"] = _text(variant.get("status"))
        entry["status_for"] = (
            (_text(variant.get("status_for")) or status) if entry["status_text"] else ""
        )
        entry["follow_up_text"] = _text(variant.get("follow_up"))
    return wording


def _without_own(
    wording: dict[str, dict[str, str]], values: dict[str, Any], status: str
) -> dict[str, dict[str, str]]:
    """A section's wording only where it differs from the initiative's own."""
    own = {
        "theme": values["theme"],
        "title": values["title"],
        "follow_up_text": values["follow_up_text"],
        "status_text": status,
    }
    for words in wording.values():
        for name, value in own.items():
            if words.get(name) == value:
                words[name] = ""
        if not words.get("status_text"):
            words["status_for"] = ""
    return wording


@dataclass
class _History:
    date: dt.date | None
    phase: str
    phase_target: str
    text: str


@dataclass
class _Item:
    ref: str
    values: dict[str, Any]
    areas: list[str]
    units: dict[str, list[str]]
    history: list[_History]
    parent_ref: str
    where: str
    # Area slug -> the section's own heading and wording (``SECTION_WORDING_FIELDS``).
    wording: dict[str, dict[str, str]] = field(default_factory=dict)
    # The fields of ``values`` the file carries, and whether it carries section wording.
    carried: frozenset[str] = frozenset()
    carries_wording: bool = True


def validate(
    document: Any,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[_Item], list[dict[str, Any]]]:
    """Check the document and normalise it; raise :class:`ImportFailed` naming the key."""
    if not isinstance(document, dict):
        raise ImportFailed(_("the file does not hold a plan document (a mapping at the top)"))
    _known_keys(document, TOP_KEYS, "")
    check_lengths(document)
    fmt = document.get("format")
    if fmt not in (None, FORMAT):
        raise ImportFailed(
            _("unknown format “%(value)s”, expected %(expected)s")
            % {"value": fmt, "expected": FORMAT},
            "format",
        )
    plan = document.get("plan")
    if not isinstance(plan, dict):
        raise ImportFailed(
            _("the required key “%(key)s” is missing or empty") % {"key": "plan"}, "plan"
        )
    _known_keys(plan, PLAN_KEYS, "plan")
    plan_values = {
        "slug": _require(plan, "slug", "plan.slug"),
        "title": _require(plan, "title", "plan.title"),
        "owner": _text(plan.get("owner")),
        "period_start": _parse_date(plan.get("period_start"), "plan.period_start"),
        "period_end": _parse_date(plan.get("period_end"), "plan.period_end"),
        "purpose": [_text(p) for p in plan.get("purpose") or [] if _text(p)],
        "background": [_text(p) for p in plan.get("background") or [] if _text(p)],
    }
    check_plan_slug(plan_values["slug"], "plan.slug")
    areas = []
    seen_areas: set[str] = set()
    for n, area in enumerate(document.get("areas") or []):
        where = f"areas[{n}]"
        if not isinstance(area, dict):
            raise ImportFailed(_("an area must be a mapping"), where)
        _known_keys(area, AREA_KEYS, where)
        title = _require(area, "title", f"{where}.title")
        slug = _text(area.get("slug")) or danish_slug(title, 80)
        if slug in seen_areas:
            raise ImportFailed(
                _("the area “%(slug)s” appears twice") % {"slug": slug}, f"{where}.slug"
            )
        seen_areas.add(slug)
        areas.append(
            {
                "slug": slug,
                "title": title,
                "initiatives": [_text(r) for r in area.get("initiatives") or []],
            }
        )
    items: list[_Item] = []
    seen_refs: set[str] = set()
    for n, raw in enumerate(document.get("initiatives") or []):
        where = f"initiatives[{n}]"
        if not isinstance(raw, dict):
            raise ImportFailed(_("an initiative must be a mapping"), where)
        _known_keys(raw, INITIATIVE_KEYS, where)
        ref = _require(raw, "ref", f"{where}.ref")
        title = _require(raw, "title", f"{where}.title")
        if ref in seen_refs:
            raise ImportFailed(
                _("the reference “%(ref)s” appears twice") % {"ref": ref}, f"{where}.ref"
            )
        seen_refs.add(ref)
        follow = raw.get("follow_up") or {}
        if not isinstance(follow, dict):
            follow = {"text": _text(follow)}
        _known_keys(follow, FOLLOW_UP_KEYS, f"{where}.follow_up")
        lead = _text(follow.get("lead"))
        history = []
        for h, entry in enumerate(raw.get("history") or []):
            hw = f"{where}.history[{h}]"
            if not isinstance(entry, dict):
                raise ImportFailed(_("a history entry must be a mapping"), hw)
            _known_keys(entry, HISTORY_KEYS, hw)
            text = _text(entry.get("status"))
            if not text:
                continue
            history.append(
                _History(
                    date=_parse_date(entry.get("date"), f"{hw}.date"),
                    phase=_choice(entry.get("phase"), Phase, f"{hw}.phase"),
                    phase_target=_choice(entry.get("phase_target"), Phase, f"{hw}.phase_target"),
                    text=text,
                )
            )
        values = {
            "title": title,
            "theme": _text(raw.get("theme")),
            "short_title": _text(raw.get("short_title")),
            "background": _text(raw.get("background")),
            "kind": _choice(raw.get("kind"), Kind, f"{where}.kind", KIND_ALIASES)
            or Kind.IMPLEMENTATION,
            "work_form": _choice(
                raw.get("work_form"), WorkForm, f"{where}.work_form", WORK_FORM_ALIASES
            ),
            "previous_work_form": _choice(
                raw.get("previous_work_form"),
                WorkForm,
                f"{where}.previous_work_form",
                WORK_FORM_ALIASES,
            ),
            "phase": _choice(raw.get("phase"), Phase, f"{where}.phase") or Phase.SCOPING,
            "phase_target": _choice(raw.get("phase_target"), Phase, f"{where}.phase_target"),
            "year_task": _text(raw.get("year_task")),
            "description": _text(raw.get("description")),
            "follow_up_text": _text(follow.get("text")),
            "start_date": _parse_date(raw.get("start_date"), f"{where}.start_date"),
            "end_date": _parse_date(raw.get("end_date"), f"{where}.end_date"),
        }
        _phase_text(raw, values, where)
        # A field the file does not carry (a sheet has no column for it) stays as it is.
        carried = {
            name
            for name in values
            if SOURCE_KEYS.get(name, name) in raw
            or (name == "follow_up_text" and "text" in follow)
            or (name in ("phase", "phase_target") and "phase_text" in raw)
        }
        status = _text(raw.get("status"))
        status_date = _parse_date(raw.get("status_date"), f"{where}.status_date")
        if status and (not history or history[-1].text != status):
            history.append(_History(status_date, values["phase"], values["phase_target"], status))
        items.append(
            _Item(
                ref=ref,
                values=values,
                areas=[_text(a) for a in raw.get("areas") or []],
                units={
                    FollowUpRole.LEAD: [lead] if lead else [],
                    FollowUpRole.COMMON: [_text(u) for u in follow.get("common") or [] if _text(u)],
                    FollowUpRole.LOCAL: [_text(u) for u in follow.get("local") or [] if _text(u)],
                },
                history=history,
                parent_ref=_text(raw.get("parent")),
                where=where,
                wording=_without_own(_section_wording(raw, where, status), values, status),
                carried=frozenset(carried),
                carries_wording="area_themes" in raw or "variants" in raw,
            )
        )
    for n, area in enumerate(areas):
        for ref in area["initiatives"]:
            if ref not in seen_refs:
                raise ImportFailed(
                    _("the area lists “%(ref)s”, which is not among the initiatives")
                    % {"ref": ref},
                    f"areas[{n}].initiatives",
                )
    # An initiative's own "areas" list also places it, for documents that only give that.
    for item in items:
        for slug in item.areas:
            if slug not in seen_areas:
                raise ImportFailed(
                    _("unknown area “%(slug)s”") % {"slug": slug}, f"{item.where}.areas"
                )
            area = next(a for a in areas if a["slug"] == slug)
            if item.ref not in area["initiatives"]:
                area["initiatives"].append(item.ref)
        for slug in item.wording:
            placed = any(a["slug"] == slug and item.ref in a["initiatives"] for a in areas)
            if not placed:
                raise ImportFailed(
                    _("“%(slug)s” is not an area the initiative is in") % {"slug": slug},
                    f"{item.where}.variants",
                )
    units = []
    for n, unit in enumerate(document.get("units") or []):
        where = f"units[{n}]"
        if not isinstance(unit, dict):
            raise ImportFailed(_("a unit must be a mapping"), where)
        _known_keys(unit, UNIT_KEYS, where)
        units.append(
            {
                "name": _require(unit, "name", f"{where}.name"),
                "short_name": _text(unit.get("short_name")),
                "kind": _choice(unit.get("kind"), UnitKind, f"{where}.kind")
                or guess_unit_kind(_text(unit.get("name"))),
                "parent": _text(unit.get("parent")),
            }
        )
    return plan_values, areas, items, units


def guess_unit_kind(name: str) -> str:
    """A best guess of a unit's kind from its name, for units a file names but does not describe."""
    key = normalise_name(name)
    if "klyngen" in key:
        return UnitKind.CLUSTER
    if "kommune" in key:
        return UnitKind.MUNICIPALITY
    if "hospital" in key:
        return UnitKind.HOSPITAL
    if key.startswith("plo") or "praktiserende" in key:
        return UnitKind.EXTERNAL
    if key.startswith("region "):
        return UnitKind.REGION
    if "afdeling" in key:
        return UnitKind.DEPARTMENT
    return UnitKind.STAFF


# --------------------------------------------------------------------------- applying


def apply_units(
    units: list[dict[str, Any]],
    *,
    by: Any,
    report: ImportReport | None = None,
    create: bool = True,
) -> None:
    """Create the units a document describes that do not exist yet (parents first). With
    ``create`` off, unknown units are only listed in the report."""
    if not create:
        if report is not None:
            for unit in units:
                if find_unit(unit["name"]) is None and unit["name"] not in report.unknown_units:
                    report.unknown_units.append(unit["name"])
        return
    pending = list(units)
    while pending:
        progressed = False
        for unit in list(pending):
            parent = find_unit(unit["parent"]) if unit["parent"] else None
            if (
                unit["parent"]
                and parent is None
                and any(u["name"] == unit["parent"] for u in pending)
            ):
                continue
            pending.remove(unit)
            progressed = True
            if find_unit(unit["name"]) is None:
                create_unit(
                    by=by,
                    name=unit["name"],
                    kind=unit["kind"],
                    parent=parent,
                    short_name=unit["short_name"],
                )
                if report is not None:
                    report.created.append(_("unit “%(name)s”") % {"name": unit["name"]})
        if not progressed:
            names = ", ".join(u["name"] for u in pending)
            raise ImportFailed(
                _("the units' parents form a loop: %(names)s") % {"names": names}, "units"
            )


def _unit(
    name: str,
    by: Any,
    report: ImportReport,
    cache: dict[str, OrgUnit | None],
    create: bool,
    confirmed: set[str] | None = None,
) -> OrgUnit | None:
    key = normalise_name(name)
    if key not in cache:
        unit = find_unit(name)
        if unit is None and create and (confirmed is None or key in confirmed):
            unit = create_unit(by=by, name=name, kind=guess_unit_kind(name))
            report.created.append(_("unit “%(name)s”") % {"name": name})
        elif unit is None and name not in report.unknown_units:
            report.unknown_units.append(name)
        cache[key] = unit
    return cache[key]


def rejoin_unit_names(names: list[str]) -> list[str]:
    """Names a reader split at commas put back together where they form a known unit's name
    ("Koncern HR", "Stab" → "Koncern HR, Stab")."""
    out: list[str] = []
    i = 0
    while i < len(names):
        for j in range(min(len(names), i + 4), i + 1, -1):
            joined = ", ".join(names[i:j])
            if find_unit(joined) is not None:
                out.append(joined)
                i = j
                break
        else:
            out.append(names[i])
            i += 1
    return out


def document_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def apply_document(
    document: Any,
    *,
    by: Any,
    plan_slug: str | None = None,
    dry_run: bool = False,
    source_name: str = "",
    source_hash: str = "",
    now: dt.datetime | None = None,
    create_units: bool = True,
    seen: dict[str, int] | None = None,
    plan_fields: frozenset[str] | None = None,
    confirmed_units: Any = None,
) -> ImportReport:
    """Validate and apply a plan document atomically. ``dry_run`` rolls everything back.

    The report's ``seen`` holds the versions of the initiatives the import touches as it
    found them. Given the ``seen`` of an earlier preview, applying refuses with
    :class:`PreviewOutdated`, naming them, if any of those initiatives changed since (or
    a new one is touched), instead of overwriting someone's change.

    Unit names the file gives that are not known units are created only with
    ``create_units`` (the caller asks the access policy); otherwise they are listed in the
    report and stay in the initiatives' follow-up text.

    ``plan_fields`` names the plan fields the file carries (None: all of them); an existing
    plan keeps the others as they are. ``confirmed_units``, when given, limits the unit
    names an initiative's follow-up may create to those (confirmed in a preview); the
    document's own ``units`` list is created as described."""
    if plan_fields is not None and isinstance(document, dict):
        # A deck or sheet row without a reference the plan knows is the plan's by title.
        target = plan_slug or str((document.get("plan") or {}).get("slug") or "")
        document = match_by_title(document, target)
        for entry in document.get("initiatives") or []:
            # A field the deck or sheet has no cell for (None) is not carried: it stays.
            for key in _TABULAR_OPTIONAL:
                if isinstance(entry, dict) and entry.get(key) is None:
                    entry.pop(key, None)
    if plan_slug:
        check_plan_slug(plan_slug)
    plan_values, areas, items, units = validate(document)
    if plan_slug:
        plan_values["slug"] = plan_slug
    report = ImportReport(plan_slug=plan_values["slug"], dry_run=dry_run)
    try:
        with transaction.atomic():
            touched = _touched(plan_values["slug"], [i.ref for i in items], lock=not dry_run)
            if seen is not None:
                _refuse_changes_since(seen, touched)
            report.seen = {str(pk): version for pk, (version, _title) in touched.items()}
            plan = _apply(
                plan_values,
                areas,
                items,
                units,
                by=by,
                report=report,
                now=now or timezone.now(),
                create_units=create_units,
                plan_fields=plan_fields,
                confirmed_units=(
                    None
                    if confirmed_units is None
                    else {normalise_name(n) for n in confirmed_units}
                ),
            )
            if report.changed:
                audit.record(
                    by,
                    AuditAction.IMPORTED,
                    plan,
                    after={
                        "file": source_name,
                        "sha256": source_hash,
                        "created": len(report.created),
                        "updated": len(report.updated),
                        "linked": len(report.linked),
                        "unlinked": len(report.unlinked),
                    },
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError as exc:
        raise ImportFailed("; ".join(exc.messages)) from exc
    return report


SHEET_NAME_LIMIT = 31  # Excel's longest sheet name
_TABULAR_OPTIONAL = ("kind", "work_form", "phase", "phase_target", "year_task")


def match_by_title(document: dict[str, Any], plan_slug: str) -> dict[str, Any]:
    """The document with each initiative whose reference the plan does not know (a row of a
    deck or sheet without one, for which the reader made one from the title, or with another
    plan's or an edited one) given the reference of the plan's initiative of the same title
    (its own or a section's wording), preferring one in the same area, so that reading back
    a deck or workbook the plan produced updates it instead of adding every initiative
    again. An ambiguous title keeps its new reference."""
    # (the readers' package imports python-pptx and openpyxl: not at Django's start)
    from fremdrift.interchange.readers.text import normalise_text

    plan = Plan.objects.filter(slug=plan_slug).first()
    entries = document.get("initiatives")
    if plan is None or not isinstance(entries, list):
        return document
    ref_of = dict(Initiative.objects.filter(plan=plan).values_list("pk", "ref"))
    titles: dict[str, set[int]] = {}
    for pk, title in Initiative.objects.filter(plan=plan).values_list("pk", "title"):
        titles.setdefault(normalise_text(title), set()).add(pk)
    places: dict[int, set[str]] = {}
    memberships = AreaMembership.objects.filter(
        initiative__plan=plan, area__plan=plan, valid_to__isnull=True
    ).values_list("initiative_id", "title", "area__slug", "area__title")
    for pk, title, slug, area_title in memberships:
        if title:
            titles.setdefault(normalise_text(title), set()).add(pk)
        places.setdefault(pk, set()).update({slug, normalise_name(area_title)})
    document = copy.deepcopy(document)
    entries = document["initiatives"]
    known = set(ref_of.values())
    doc_areas = {a.get("slug"): a for a in document.get("areas") or [] if isinstance(a, dict)}
    used = {e.get("ref") for e in entries if isinstance(e, dict) and e.get("ref") in known}
    renamed: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        ref, title = entry.get("ref"), entry.get("title")
        if not isinstance(ref, str) or ref in known or not isinstance(title, str):
            continue
        found = {pk for pk in titles.get(normalise_text(title), ()) if ref_of[pk] not in used}
        if len(found) > 1:
            wanted: set[str] = set()
            for slug in entry.get("areas") or []:
                area = doc_areas.get(slug) or {}
                wanted |= {str(slug), normalise_name(str(area.get("title") or ""))}
            found = {pk for pk in found if places.get(pk, set()) & wanted}
        if len(found) != 1:
            continue
        renamed[ref] = entry["ref"] = ref_of[found.pop()]
        used.add(renamed[ref])
    if renamed:
        for area in doc_areas.values():
            if isinstance(area.get("initiatives"), list):
                area["initiatives"] = [renamed.get(r, r) for r in area["initiatives"]]
        for entry in entries:
            if isinstance(entry, dict) and entry.get("parent") in renamed:
                entry["parent"] = renamed[entry["parent"]]
    return document


def _touched(plan_slug: str, refs: list[str], *, lock: bool) -> dict[int, tuple[int, str]]:
    """The initiatives an import of the plan touches, as ``{pk: (version, title)}``: those the
    file names and those now in the plan's areas (which it may move or take out). With
    ``lock`` their rows stay locked until the import's transaction ends."""
    plan = Plan.objects.filter(slug=plan_slug).first()
    if plan is None:
        return {}
    placed = AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
    initiatives = Initiative.objects.filter(
        Q(plan=plan, ref__in=refs) | Q(pk__in=placed.values("initiative_id"))
    ).order_by("pk")
    if lock:
        initiatives = initiatives.select_for_update()
    return {
        pk: (version, title)
        for pk, version, title in initiatives.values_list("pk", "version", "title")
    }


def _refuse_changes_since(seen: dict[str, int], touched: dict[int, tuple[int, str]]) -> None:
    """Refuse, naming them, if initiatives the import touches changed after the preview."""
    changed = [title for pk, (version, title) in touched.items() if seen.get(str(pk)) != version]
    if not changed:
        return
    names = ", ".join(f"“{title[:70]}”" for title in changed[:5])
    if len(changed) > 5:
        names += " " + _("and %(n)d more") % {"n": len(changed) - 5}
    raise PreviewOutdated(
        _(
            "%(names)s changed after the preview. Applying the file now would overwrite those "
            "changes, so nothing was written. Check the new preview and apply again."
        )
        % {"names": names}
    )


def _earliest(items: list[_Item], plan_values: dict[str, Any], now: dt.datetime) -> dt.datetime:
    dates = [h.date for item in items for h in item.history if h.date]
    if plan_values["period_start"]:
        dates.append(plan_values["period_start"])
    return min((_noon(d) for d in dates), default=now)


def _apply(
    plan_values: dict[str, Any],
    areas: list[dict[str, Any]],
    items: list[_Item],
    units: list[dict[str, Any]],
    *,
    by: Any,
    report: ImportReport,
    now: dt.datetime,
    create_units: bool,
    plan_fields: frozenset[str] | None = None,
    confirmed_units: set[str] | None = None,
) -> Plan:
    apply_units(units, by=by, report=report, create=create_units)
    start = min(_earliest(items, plan_values, now), now)
    plan = Plan.objects.filter(slug=plan_values["slug"]).first()
    fields = {k: v for k, v in plan_values.items() if k not in ("slug", "title")}
    if plan is None:
        plan = actions.create_plan(
            by=by, slug=plan_values["slug"], title=plan_values["title"], at=start, **fields
        )
        report.created.append(_("plan “%(title)s”") % {"title": plan.title})
    else:
        carried = {"title": plan_values["title"], **fields}
        if plan_fields is not None:
            # A field the file does not carry (a title made from the file name, an owner a
            # sheet has no place for) stays as it is.
            carried = {k: v for k, v in carried.items() if k in plan_fields}
        before = {k: getattr(plan, k) for k in carried}
        plan = actions.update_plan(plan, by=by, **carried)
        changed = [k for k in carried if before[k] != getattr(plan, k)]
        if changed:
            names = ", ".join(str(Plan._meta.get_field(k).verbose_name) for k in changed)
            report.updated.append(
                _("plan “%(title)s” (%(fields)s)") % {"title": plan.title, "fields": names}
            )
            report.plan_changes.extend(changed)
    area_objs: dict[str, Area] = {}
    # A sheet names its areas by title; their short names are made from the title, which
    # need not be the short names the plan's areas have (the demo's "spor-1-inddragelse").
    # An area not found by short name is the plan's area of the same title, unless the
    # document names that one too.
    named = {area["slug"] for area in areas}
    by_title = {
        normalise_name(a.title): a for a in Area.objects.filter(plan=plan).exclude(slug__in=named)
    }
    for position, area in enumerate(areas, start=1):
        obj = Area.objects.filter(plan=plan, slug=area["slug"]).first()
        if obj is None:
            obj = by_title.pop(normalise_name(area["title"]), None)
        if obj is None and len(area["title"]) == SHEET_NAME_LIMIT:
            # A sheet named after the area, cut at Excel's 31 characters (a report workbook).
            cut = normalise_name(area["title"])
            starting = [key for key in by_title if key.startswith(cut)]
            if len(starting) == 1:
                obj = by_title.pop(starting[0])
                area["title"] = obj.title
        if obj is None:
            obj = actions.create_area(
                plan, by=by, title=area["title"], slug=area["slug"], position=position, at=start
            )
            report.created.append(_("area “%(title)s”") % {"title": obj.title})
        elif obj.title != area["title"] or obj.position != position:
            actions.update_area(obj, by=by, title=area["title"], position=position)
            report.updated.append(_("area “%(title)s”") % {"title": obj.title})
        area_objs[area["slug"]] = obj
    cache: dict[str, OrgUnit | None] = {}
    by_ref: dict[str, Initiative] = {}
    for item in items:
        by_ref[item.ref] = _apply_item(
            plan,
            item,
            by=by,
            report=report,
            cache=cache,
            start=start,
            now=now,
            create_units=create_units,
            confirmed_units=confirmed_units,
            # A sheet or deck shows each section's wording in its rows (see _rebase_wording).
            area_objs=area_objs if plan_fields is not None else None,
        )
    for item in items:
        parent = by_ref.get(item.parent_ref) if item.parent_ref else None
        initiative = by_ref[item.ref]
        if (parent.pk if parent else None) != initiative.parent_id:
            actions.edit_initiative(
                initiative,
                by=by,
                seen_version=None,
                changes={"parent_id": parent.pk if parent else None},
                at=now,
            )
    wording = {item.ref: item.wording for item in items if item.carries_wording}
    _apply_memberships(
        plan, areas, area_objs, by_ref, wording, by=by, report=report, start=start, now=now
    )
    return plan


def _apply_item(
    plan: Plan,
    item: _Item,
    *,
    by: Any,
    report: ImportReport,
    cache: dict[str, OrgUnit | None],
    start: dt.datetime,
    now: dt.datetime,
    create_units: bool,
    confirmed_units: set[str] | None = None,
    area_objs: dict[str, Area] | None = None,
) -> Initiative:
    units = {
        role: [
            u
            for n in rejoin_unit_names(names)
            if (u := _unit(n, by, report, cache, create_units, confirmed_units))
        ]
        for role, names in item.units.items()
    }
    initiative = Initiative.objects.filter(plan=plan, ref=item.ref).first()
    if initiative is not None:
        _keep_stored_spelling(item, initiative)
    if initiative is not None and area_objs is not None:
        _rebase_wording(item, initiative, area_objs)
    label = item.values["title"][:70]
    if initiative is None:
        first = item.history[0] if item.history else None
        created_at = _noon(first.date) if first and first.date else start
        initial = dict(item.values)
        if first:
            initial["phase"], initial["phase_target"] = (
                first.phase or initial["phase"],
                first.phase_target,
            )
        initiative = actions.create_initiative(
            plan, by=by, ref=item.ref, units=units, at=min(created_at, now), **initial
        )
        report.created.append(_("initiative “%(title)s”") % {"title": label})
        _append_history(initiative, item.history, by=by, now=now, start=created_at)
        initiative.refresh_from_db()
        changes = {k: v for k, v in item.values.items() if getattr(initiative, k) != v}
        if changes:
            actions.edit_initiative(initiative, by=by, seen_version=None, changes=changes, at=now)
        return Initiative.objects.get(pk=initiative.pk)
    changed = False
    version = initiative.version
    old_title = initiative.title
    changes = {k: v for k, v in item.values.items() if k in item.carried}
    same_follow_up = item.values["follow_up_text"] == initiative.follow_up_text
    if area_objs is not None and same_follow_up:
        # A deck's or sheet's unchanged follow-up cell says nothing new about the units
        # (they may have been set by hand since the text was read).
        units = None
    initiative = actions.edit_initiative(
        initiative, by=by, seen_version=None, changes=changes, units=units, at=now
    )
    changed = initiative.version != version
    added = _append_history(initiative, item.history, by=by, now=now, start=start)
    if changed and initiative.title != old_title:
        report.updated.append(
            _("initiative “%(title)s”, renamed from “%(old)s” (%(n)d new status updates)")
            % {"title": label, "old": old_title[:70], "n": added}
        )
    elif changed or added:
        report.updated.append(
            _("initiative “%(title)s” (%(n)d new status updates)") % {"title": label, "n": added}
        )
    else:
        report.unchanged += 1
    return Initiative.objects.get(pk=initiative.pk)


_WORDED = ("theme", "title", "follow_up_text", "status_text")


def _keep_stored_spelling(item: _Item, initiative: Initiative) -> None:
    """A text stored with soft line breaks (vertical tabs) comes back from a file with line
    breaks, or with spaces from a deck: where that is all that differs, the file says what
    is stored, so that reading an export or a deck back changes nothing."""
    stored = {
        value
        for name in (*_WORDED, "year_task", "description", "short_title", "background")
        if isinstance(value := getattr(initiative, name, ""), str)
    }
    stored.update(StatusUpdate.objects.filter(initiative=initiative).values_list("text", flat=True))
    for membership in AreaMembership.objects.filter(initiative=initiative, valid_to__isnull=True):
        stored.update(v for v in membership.wording().values() if v)
    spelled = {}
    for value in stored:
        if value and SOFT_BREAK in value:
            spelled[value.replace(SOFT_BREAK, "\n").strip()] = value
            spelled[value.replace(SOFT_BREAK, " ").strip()] = value
    if not spelled:
        return
    for name, value in item.values.items():
        if isinstance(value, str) and value in spelled:
            item.values[name] = spelled[value]
    item.history = [dataclasses.replace(h, text=spelled.get(h.text, h.text)) for h in item.history]
    for words in item.wording.values():
        for name, value in words.items():
            if isinstance(value, str) and value in spelled:
                words[name] = spelled[value]


def _rebase_wording(item: _Item, initiative: Initiative, area_objs: dict[str, Area]) -> None:
    """A sheet or deck shows in each section's row that section's own heading and wording
    where it has them, else the initiative's own; its reader takes the first row as the
    initiative's own. Compare, field by field, what each row shows with what the plan shows
    there now. An unchanged field keeps the initiative's own value and each section's own.
    A changed row changes its section's own wording where that section has one, else the
    initiative's own; a row that differs from the initiative's own becomes its section's.
    A field blank in every row of the initiative is one the file does not carry."""
    slugs = item.areas or list(item.wording)
    if not slugs:
        return
    places = {
        m.area_id: m
        for m in AreaMembership.objects.filter(initiative=initiative, valid_to__isnull=True)
    }
    stored_places = {
        slug: places.get(area_objs[slug].pk) if slug in area_objs else None for slug in slugs
    }
    file_status = item.history[-1].text if item.history else ""
    carried = {
        "theme": "theme" in item.carried,
        "title": True,
        "follow_up_text": "follow_up_text" in item.carried,
        "status_text": bool(file_status),
    }
    from_file = {
        "theme": item.values["theme"],
        "title": item.values["title"],
        "follow_up_text": item.values["follow_up_text"],
        "status_text": file_status,
    }
    wording: dict[str, dict[str, str]] = {slug: {} for slug in slugs}
    for name in _WORDED:
        stored_own = getattr(initiative, name)
        stored = {}
        for slug, place in stored_places.items():
            value = getattr(place, name) if place is not None else ""
            if name == "status_text" and place is not None and place.status_for != stored_own:
                value = ""  # a section's wording of an earlier status is not shown
            stored[slug] = value
        shown = {slug: (item.wording.get(slug, {}).get(name) or from_file[name]) for slug in slugs}
        unchanged = all(shown[slug] == (stored[slug] or stored_own) for slug in slugs)
        # Blank in every row: the file has no such column (or keeps it empty); it stays.
        if not carried[name] or unchanged or not any(shown.values()):
            own = stored_own
            for slug, place in stored_places.items():
                wording[slug][name] = getattr(place, name) if place is not None else ""
                if name == "status_text":
                    wording[slug]["status_for"] = place.status_for if place is not None else ""
        else:
            own_rows = [shown[slug] for slug in slugs if not stored[slug]]
            own = stored_own
            if own_rows and stored_own not in own_rows:
                own = own_rows[0]
            for slug in slugs:
                wording[slug][name] = shown[slug] if shown[slug] != own else ""
                if name == "status_text":
                    wording[slug]["status_for"] = own if wording[slug][name] else ""
        if name == "status_text":
            if item.history and own != file_status:
                last = item.history[-1]
                item.history = [h for h in item.history if h.text != file_status]
                if own and own != stored_own:
                    item.history.append(_History(last.date, last.phase, last.phase_target, own))
        else:
            item.values[name] = own
    item.wording = wording
    item.carries_wording = True


def _append_history(
    initiative: Initiative,
    history: list[_History],
    *,
    by: Any,
    now: dt.datetime,
    start: dt.datetime,
) -> int:
    existing = {
        (u.status_date, u.text.strip()) for u in StatusUpdate.objects.filter(initiative=initiative)
    }
    existing_texts = {text for _date, text in existing}
    # The current status read back with another date (a deck dates every row by its title
    # slide) is no new status.
    current = (initiative.status_text or "").strip()
    added = 0
    for entry in history:
        key_date = entry.date
        known = (key_date, entry.text) in existing
        undated_known = key_date is None and entry.text in existing_texts
        if known or undated_known or (entry is history[-1] and entry.text == current):
            continue
        at = _noon(entry.date) if entry.date else now
        at = min(max(at, start), now)
        actions.record_status(
            initiative,
            by=by,
            seen_version=None,
            text=entry.text,
            phase=entry.phase or None,
            phase_target=entry.phase_target,
            status_date=entry.date or timezone.localdate(now),
            at=at,
        )
        existing.add((key_date, entry.text))
        existing_texts.add(entry.text)
        added += 1
    return added


def _apply_wording(
    initiative: Initiative,
    area: Area,
    wanted: dict[str, str],
    *,
    by: Any,
    report: ImportReport,
    at: dt.datetime,
    new_place: bool,
) -> None:
    """Give the initiative's place in ``area`` the file's heading and wording (blank where
    the file has none)."""
    values = {name: wanted.get(name, "") for name in SECTION_WORDING_FIELDS}
    current = AreaMembership.objects.get(area=area, initiative=initiative, valid_to__isnull=True)
    if current.wording() == values:
        return
    # A place this import just made has its wording from the moment it was made.
    when = current.valid_from if new_place else at
    actions.set_section_wording(
        initiative, area, by=by, at=when, with_new_place=new_place, **values
    )
    if new_place:
        return
    report.updated.append(
        _("“%(title)s” in “%(area)s” (heading or wording)")
        % {"title": initiative.title[:70], "area": area.title}
    )


def _apply_memberships(
    plan: Plan,
    areas: list[dict[str, Any]],
    area_objs: dict[str, Area],
    by_ref: dict[str, Initiative],
    wording: dict[str, dict[str, dict[str, str]]],
    *,
    by: Any,
    report: ImportReport,
    start: dt.datetime,
    now: dt.datetime,
) -> None:
    current = {
        (m.area_id, m.initiative_id): m
        for m in AreaMembership.objects.filter(area__plan=plan, valid_to__isnull=True)
    }
    wanted: set[tuple[int, int]] = set()
    for area in areas:
        obj = area_objs[area["slug"]]
        for position, ref in enumerate(area["initiatives"], start=1):
            initiative = by_ref[ref]
            key = (obj.pk, initiative.pk)
            wanted.add(key)
            membership = current.get(key)
            if membership is None:
                at = max(initiative.created_at, start) if initiative.created_at else now
                actions.link_to_area(initiative, obj, by=by, position=position, at=min(at, now))
                report.linked.append(
                    _("“%(title)s” in “%(area)s”")
                    % {"title": initiative.title[:70], "area": obj.title}
                )
            elif membership.position != position:
                actions.move_in_area(initiative, obj, by=by, position=position, at=now)
            if ref not in wording:
                continue
            _apply_wording(
                initiative,
                obj,
                wording[ref].get(area["slug"], {}),
                by=by,
                report=report,
                at=now,
                new_place=membership is None,
            )
    for key, membership in current.items():
        if key not in wanted:
            initiative = membership.initiative
            actions.unlink_from_area(initiative, membership.area, by=by, at=now)
            report.unlinked.append(
                _("“%(title)s” from “%(area)s”")
                % {"title": initiative.title[:70], "area": membership.area.title}
            )
