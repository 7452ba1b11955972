"""The only writer of the portfolio.

Every change to a plan, area or initiative goes through a function here. Each one
validates, writes the current rows, keeps the history (``InitiativeVersion``,
``AreaMembership`` validity, ``StatusUpdate``) and records the audit event in one
transaction. Views, the API, importers, the admin and commands call these functions.

``at`` is the time the change takes effect in the history. It defaults to now; importers
of older decks pass the deck's dates so that reports "as of" those dates are right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction
from fremdrift.core.links import check_link
from fremdrift.core.models import OrgUnit
from fremdrift.core.text import danish_slug, grouped_number
from fremdrift.portfolio.choices import FollowUpRole, Kind, Phase, WorkForm
from fremdrift.portfolio.models import (
    SECTION_WORDING_FIELDS,
    TITLE_MAX_LENGTH,
    Area,
    AreaMembership,
    Initiative,
    InitiativeUnit,
    InitiativeVersion,
    Plan,
    StatusUpdate,
)

# Fields of an initiative that a caller may set, and which the history keeps.
INITIATIVE_FIELDS = (
    "title",
    "theme",
    "short_title",
    "background",
    "kind",
    "work_form",
    "previous_work_form",
    "phase",
    "phase_target",
    "year_task",
    "description",
    "follow_up_text",
    "start_date",
    "end_date",
    "parent_id",
)
PLAN_FIELDS = (
    "title",
    "owner",
    "owner_unit_id",
    "period_start",
    "period_end",
    "purpose",
    "background",
    "review_required",
)

Units = Mapping[str, Sequence[OrgUnit]]  # {"lead": [...], "common": [...], "local": [...]}


class StaleEdit(Exception):
    """Someone changed the object since the version the user started from."""

    def __init__(self, current: Initiative) -> None:
        super().__init__(f"Initiative {current.pk} is at version {current.version}")
        self.current = current


# --------------------------------------------------------------------------- helpers


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _require(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_choice(value: str, choices: Any, field: str, allow_blank: bool = False) -> str:
    value = (value or "").strip()
    if allow_blank and not value:
        return ""
    if value not in choices.values:
        raise ValidationError({field: _("“%(value)s” is not a valid choice.") % {"value": value}})
    return value


SAME_TARGET_PHASE = gettext_lazy("The target phase is the same as the phase.")
AREA_REQUIRED = gettext_lazy(
    "Choose at least one area. An initiative in no area is shown neither on the plan nor in "
    "the decks."
)
PARENT_CYCLE = gettext_lazy(
    "The initiative cannot be placed under itself: the chosen parent initiative already lies "
    "under this initiative. Choose another."
)


def check_phase_target(phase: str | None, phase_target: str | None) -> None:
    """The one rule for a target phase: it is blank or another phase than ``phase``. Used by
    the edit and status forms and by the actions (and so the API)."""
    if phase_target and phase_target == phase:
        raise ValidationError({"phase_target": SAME_TARGET_PHASE})


def _phase_and_target(
    current: Initiative, phase: str | None, phase_target: str | None
) -> tuple[str, str]:
    """The phase and target phase after a change that gives ``phase`` and/or
    ``phase_target`` (None keeps the current one). A target given with the change must
    differ from the phase; a kept target that the new phase reaches is done, and goes."""
    new_phase = current.phase if phase is None else phase
    if phase_target is None:
        kept = current.phase_target
        return new_phase, "" if kept == new_phase else kept
    check_phase_target(new_phase, phase_target)
    return new_phase, phase_target


def _check_no_cycle(current: Initiative, parent_id: int | None) -> None:
    """Refuse a parent that is the initiative itself or lies under it."""
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        if parent_id == current.pk:
            raise ValidationError({"parent": PARENT_CYCLE})
        seen.add(parent_id)
        parent_id = (
            Initiative.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )


def unify_line_breaks(text: str) -> str:
    """A text with its line breaks written one way, LF (a browser sends CR LF)."""
    return text.replace("\r\n", "\n")


def check_title_length(title: str) -> None:
    """The one rule for a new or changed title's length (forms, API and importers come
    here). The message names the title's start: an importer's error must let the user find
    the row."""
    if len(title) <= TITLE_MAX_LENGTH:
        return
    start = " ".join(title.split())[:60].rstrip()
    raise ValidationError(
        {
            "title": _(
                "The initiative “%(start)s…” has a title of %(length)s characters; a title "
                "may be at most %(limit)s characters. Put the rest in the description."
            )
            % {
                "start": start,
                "length": grouped_number(len(title)),
                "limit": grouped_number(TITLE_MAX_LENGTH),
            }
        }
    )


def _validate_initiative_values(values: dict[str, Any]) -> None:
    if "title" in values:
        values["title"] = _require(values["title"], "title", _("An initiative needs a title."))
    if "kind" in values:
        values["kind"] = _check_choice(values["kind"], Kind, "kind")
    if "work_form" in values:
        values["work_form"] = _check_choice(values["work_form"], WorkForm, "work_form", True)
    if "previous_work_form" in values:
        values["previous_work_form"] = _check_choice(
            values["previous_work_form"], WorkForm, "previous_work_form", True
        )
    if "phase" in values:
        values["phase"] = _check_choice(values["phase"], Phase, "phase")
    if "phase_target" in values:
        values["phase_target"] = _check_choice(values["phase_target"], Phase, "phase_target", True)
    for key in (
        "theme",
        "short_title",
        "background",
        "year_task",
        "description",
        "follow_up_text",
    ):
        if key in values:
            values[key] = (values[key] or "").strip()
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


def unit_names(initiative: Initiative) -> dict[str, list[str]]:
    """The initiative's follow-up units by role, in order, as names."""
    result: dict[str, list[str]] = {role.value: [] for role in FollowUpRole}
    for link in initiative.unit_links.select_related("unit").order_by("role", "position"):
        result[link.role].append(link.unit.name)
    return result


def initiative_state(initiative: Initiative) -> dict[str, Any]:
    """Every field the history keeps, including follow-up units and the latest status."""
    state = {field: getattr(initiative, field) for field in INITIATIVE_FIELDS}
    state["units"] = {role: list(ids) for role, ids in _unit_ids(initiative).items()}
    state["status_text"] = initiative.status_text
    state["status_date"] = initiative.status_date
    state["archived"] = initiative.archived_at is not None
    return audit.jsonable(state)


def _for_people(state: dict[str, Any]) -> dict[str, Any]:
    """A recorded state as the audit trail shows it to people: follow-up units and the
    parent initiative by name rather than by their numbers (the versions keep the ids)."""
    state = dict(state)
    if isinstance(state.get("units"), dict):
        ids = {pk for pks in state["units"].values() for pk in pks}
        names = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
        state["units"] = {
            role: [names.get(pk, pk) for pk in pks] for role, pks in state["units"].items()
        }
    if state.get("parent_id") is not None:
        parent = Initiative.objects.filter(pk=state["parent_id"]).first()
        state["parent_id"] = str(parent) if parent else state["parent_id"]
    return state


def _unit_ids(initiative: Initiative) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {role.value: [] for role in FollowUpRole}
    for link in initiative.unit_links.order_by("role", "position"):
        result[link.role].append(link.unit_id)
    return result


def _write_version(initiative: Initiative, by: Any, at: dt.datetime) -> InitiativeVersion:
    """Store the initiative's full state. Versions are full states in write order, so a
    version never starts before the one written before it: a back-dated change (an import
    of an older deck's status after newer edits) takes effect from the latest version on."""
    user = by if getattr(by, "is_authenticated", False) else None
    previous = (
        InitiativeVersion.objects.filter(initiative=initiative)
        .order_by("-version")
        .values_list("valid_from", flat=True)
        .first()
    )
    if previous is not None and previous > at:
        at = previous
    return InitiativeVersion.objects.create(
        initiative=initiative,
        version=initiative.version,
        valid_from=at,
        data=initiative_state(initiative),
        author=user,
        author_name=user.get_username() if user else str(by or ""),
        channel=audit.current_channel(),
    )


def _set_units(initiative: Initiative, units: Units) -> None:
    InitiativeUnit.objects.filter(initiative=initiative).delete()
    links = []
    for role in FollowUpRole:
        seen: set[int] = set()
        for position, unit in enumerate(units.get(role.value, ()) or ()):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            links.append(
                InitiativeUnit(initiative=initiative, unit=unit, role=role.value, position=position)
            )
    InitiativeUnit.objects.bulk_create(links)


def _normalise_units(units: Units | None) -> dict[str, list[OrgUnit]]:
    units = units or {}
    unknown = set(units) - {role.value for role in FollowUpRole}
    if unknown:
        raise ValueError(f"Unknown follow-up roles: {sorted(unknown)}")
    return {role.value: list(units.get(role.value, ()) or ()) for role in FollowUpRole}


def unique_ref(plan: Plan, text: str, exclude_pk: int | None = None) -> str:
    """A reference for a new initiative: the slugified title, made unique in the plan."""
    base = danish_slug(text, 60) or "indsats"
    taken = set(
        Initiative.objects.filter(plan=plan, ref__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("ref", flat=True)
    )
    ref, n = base, 2
    while ref in taken:
        ref, n = f"{base}-{n}", n + 1
    return ref


# --------------------------------------------------------------------------- plans and areas


@transaction.atomic
def create_plan(
    *, by: Any, slug: str, title: str, at: dt.datetime | None = None, **fields: Any
) -> Plan:
    """Create a plan. ``fields`` are any of ``PLAN_FIELDS``."""
    slug = _require(slug, "slug", _("A plan needs a short name."))
    title = _require(title, "title", _("A plan needs a title."))
    if Plan.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A plan with this short name already exists.")})
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    plan = Plan.objects.create(slug=slug, title=title, created_at=_now(at), **fields)
    audit.record(by, AuditAction.CREATED, plan, after={"slug": slug, "title": title, **fields})
    return plan


@transaction.atomic
def update_plan(plan: Plan, *, by: Any, **fields: Any) -> Plan:
    """Change a plan's fields; records only what changed."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if "title" in fields:
        fields["title"] = _require(fields["title"], "title", _("A plan needs a title."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = {k: getattr(plan, k) for k in fields}
    old, new = audit.changed_fields(before, fields)
    if not new:
        return plan
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.save(update_fields=list(fields))
    audit.record(by, AuditAction.UPDATED, plan, before=old, after=new)
    return plan


@transaction.atomic
def create_area(
    plan: Plan,
    *,
    by: Any,
    title: str,
    slug: str = "",
    position: int | None = None,
    description: str = "",
    at: dt.datetime | None = None,
) -> Area:
    """Add an area (spor / afsnit) to a plan, at the end unless a position is given."""
    title = _require(title, "title", _("An area needs a title."))
    slug = slug or danish_slug(title, 80) or "omraade"
    if Area.objects.filter(plan=plan, slug=slug).exists():
        raise ValidationError({"slug": _("The plan already has an area with this short name.")})
    if position is None:
        position = (plan.areas.aggregate(m=Max("position"))["m"] or 0) + 1
    area = Area.objects.create(
        plan=plan,
        slug=slug,
        title=title,
        position=position,
        description=description,
        created_at=_now(at),
    )
    audit.record(
        by,
        AuditAction.CREATED,
        area,
        after={"plan": plan.slug, "slug": slug, "title": title, "position": position},
    )
    return area


@transaction.atomic
def update_area(area: Area, *, by: Any, **fields: Any) -> Area:
    """Rename, re-describe or re-order an area."""
    allowed = {"title", "position", "description"}
    if set(fields) - allowed:
        raise TypeError(f"Unknown area fields: {sorted(set(fields) - allowed)}")
    before = {k: getattr(area, k) for k in fields}
    old, new = audit.changed_fields(before, fields)
    if not new:
        return area
    for key, value in new.items():
        setattr(area, key, value)
    area.save(update_fields=list(new))
    audit.record(by, AuditAction.UPDATED, area, before=old, after=new)
    return area


# --------------------------------------------------------------------------- initiatives


@transaction.atomic
def create_initiative(
    plan: Plan,
    *,
    by: Any,
    title: str,
    ref: str = "",
    areas: Iterable[Area] = (),
    units: Units | None = None,
    at: dt.datetime | None = None,
    **fields: Any,
) -> Initiative:
    """Create an initiative in its home plan, link it to areas and set its follow-up units."""
    at = _now(at)
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown initiative fields: {sorted(unknown)}")
    values = {"title": title, **fields}
    _validate_initiative_values(values)
    check_title_length(values["title"])
    check_phase_target(values.get("phase") or Phase.SCOPING, values.get("phase_target"))
    ref = (ref or "").strip() or unique_ref(plan, values["title"])
    if Initiative.objects.filter(plan=plan, ref=ref).exists():
        raise ValidationError(
            {"ref": _("The plan already has an initiative “%(ref)s”.") % {"ref": ref}}
        )
    initiative = Initiative.objects.create(
        plan=plan, ref=ref, created_at=at, updated_at=at, **values
    )
    _set_units(initiative, _normalise_units(units))
    for area in areas:
        _link(initiative, area, at=at, position=None)
    _write_version(initiative, by, at)
    audit.record(
        by, AuditAction.CREATED, initiative, after=_for_people(initiative_state(initiative))
    )
    return initiative


def _locked(initiative: Initiative, seen_version: int | None) -> Initiative:
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if seen_version is not None and current.version != seen_version:
        raise StaleEdit(current)
    return current


@transaction.atomic
def edit_initiative(
    initiative: Initiative,
    *,
    by: Any,
    seen_version: int | None,
    changes: Mapping[str, Any],
    units: Units | None = None,
    areas: Iterable[Area] | None = None,
    at: dt.datetime | None = None,
) -> Initiative:
    """Change fields, follow-up units and/or the areas of the home plan the initiative sits
    in, all in one transaction: either every part is written or none is.

    ``areas`` (when given) are the home plan's areas the initiative is to sit in: it is
    linked to the new ones and taken out of the others; areas of other plans stay. Refuses
    with :class:`StaleEdit` if the initiative moved on since ``seen_version`` (pass ``None``
    only from importers that checked the versions and hold the lock for the whole file)."""
    at = _now(at)
    unknown = set(changes) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown initiative fields: {sorted(unknown)}")
    values = dict(changes)
    _validate_initiative_values(values)
    current = _locked(initiative, seen_version)
    stored_title = unify_line_breaks(current.title.strip())
    if "title" in values and unify_line_breaks(values["title"]) != stored_title:
        # A title stored before the limit stays until someone changes it.
        check_title_length(values["title"])
    if values.get("parent_id") is not None and values["parent_id"] == current.pk:
        raise ValidationError({"parent": _("An initiative cannot be its own parent.")})
    if values.get("parent_id") is not None and values["parent_id"] != current.parent_id:
        _check_no_cycle(current, values["parent_id"])
    if "phase" in values or "phase_target" in values:
        values["phase"], values["phase_target"] = _phase_and_target(
            current, values.get("phase"), values.get("phase_target")
        )
    wanted = None if areas is None else list(areas)
    if wanted is not None and any(a.plan_id != current.plan_id for a in wanted):
        raise ValidationError({"areas": _("Areas must belong to the initiative's home plan.")})
    if wanted == [] and not in_other_plans(current):
        raise ValidationError({"areas": AREA_REQUIRED})
    before = initiative_state(current)
    for key, value in values.items():
        setattr(current, key, value)
    if units is not None:
        _set_units(current, _normalise_units(units))
    after = initiative_state(current)
    old, new = audit.changed_fields(before, after)
    moved = _set_home_areas(current, wanted, by=by, at=at) if wanted is not None else False
    if not new and not moved:
        return current
    current.version += 1
    current.updated_at = at
    current.save()
    _write_version(current, by, at)
    if new:
        audit.record(
            by, AuditAction.UPDATED, current, before=_for_people(old), after=_for_people(new)
        )
    return current


def in_other_plans(initiative: Initiative) -> bool:
    """Whether the initiative sits in an area of a plan other than its home plan."""
    return (
        initiative.memberships.filter(valid_to__isnull=True)
        .exclude(area__plan=initiative.plan_id)
        .exists()
    )


def _set_home_areas(initiative: Initiative, areas: list[Area], *, by: Any, at: dt.datetime) -> bool:
    """Link to the wanted areas of the home plan and unlink from its others; True if any
    membership changed. The caller holds the initiative's lock and counts the version."""
    wanted = {a.pk: a for a in areas}
    current = {
        m.area_id: m.area
        for m in initiative.memberships.filter(
            valid_to__isnull=True, area__plan=initiative.plan_id
        ).select_related("area")
    }
    for pk, area in wanted.items():
        if pk not in current:
            _link_audited(initiative, area, by=by, at=at, position=None)
    for pk, area in current.items():
        if pk not in wanted:
            _unlink_audited(initiative, area, by=by, at=at)
    return wanted.keys() != current.keys()


@transaction.atomic
def record_status(
    initiative: Initiative,
    *,
    by: Any,
    seen_version: int | None,
    text: str,
    phase: str | None = None,
    phase_target: str | None = None,
    status_date: dt.date | None = None,
    at: dt.datetime | None = None,
    note: str = "",
    link: str = "",
) -> StatusUpdate:
    """Append a status update; the initiative's phase follows it.

    ``phase``/``phase_target`` of ``None`` keep the current ones.
    """
    at = _now(at)
    text = _require(text, "text", _("Write the status."))
    link = check_link(link)
    current = _locked(initiative, seen_version)
    if phase is not None:
        phase = _check_choice(phase, Phase, "phase")
    if phase_target is not None:
        phase_target = _check_choice(phase_target, Phase, "phase_target", allow_blank=True)
    phase, phase_target = _phase_and_target(current, phase, phase_target)
    status_date = status_date or timezone.localdate(at)
    user = by if getattr(by, "is_authenticated", False) else None
    update = StatusUpdate.objects.create(
        initiative=current,
        status_date=status_date,
        recorded_at=at,
        text=text,
        phase=phase,
        phase_target=phase_target,
        author=user,
        author_name=user.get_username() if user else str(by or ""),
        channel=audit.current_channel(),
        note=note,
        link=link,
    )
    before = initiative_state(current)
    if current.status_recorded_at is None or at >= current.status_recorded_at:
        # An older status recorded late joins the history but does not replace a newer one.
        current.phase, current.phase_target = phase, phase_target
        current.status_text, current.status_date = text, status_date
        current.status_recorded_at = at
    current.version += 1
    current.updated_at = at
    current.save()
    _write_version(current, by, at)
    old, new = audit.changed_fields(before, initiative_state(current))
    audit.record(by, AuditAction.STATUS_RECORDED, current, before=old, after=new, note=note)
    return update


def _link(
    initiative: Initiative, area: Area, *, at: dt.datetime, position: int | None
) -> AreaMembership:
    existing = AreaMembership.objects.filter(
        area=area, initiative=initiative, valid_to__isnull=True
    ).first()
    if existing:
        return existing
    if position is None:
        position = (
            AreaMembership.objects.filter(area=area, valid_to__isnull=True).aggregate(
                m=Max("position")
            )["m"]
            or 0
        ) + 1
    return AreaMembership.objects.create(
        area=area, initiative=initiative, position=position, valid_from=at
    )


def _link_audited(
    initiative: Initiative, area: Area, *, by: Any, at: dt.datetime, position: int | None
) -> tuple[AreaMembership, bool]:
    already = AreaMembership.objects.filter(
        area=area, initiative=initiative, valid_to__isnull=True
    ).exists()
    membership = _link(initiative, area, at=at, position=position)
    if not already:
        audit.record(
            by,
            AuditAction.LINKED,
            initiative,
            after={"area": area.pk, "area_title": area.title, "position": membership.position},
        )
    return membership, not already


def _unlink_audited(initiative: Initiative, area: Area, *, by: Any, at: dt.datetime) -> bool:
    updated = AreaMembership.objects.filter(
        area=area, initiative=initiative, valid_to__isnull=True
    ).update(valid_to=at)
    if updated:
        audit.record(
            by, AuditAction.UNLINKED, initiative, before={"area": area.pk, "area_title": area.title}
        )
    return bool(updated)


def _count_change(initiative: Initiative, *, by: Any, at: dt.datetime) -> None:
    """A change of the initiative's areas is a new version: a form still open on the old
    version would otherwise put the old areas back without noticing."""
    initiative.version += 1
    initiative.updated_at = at
    initiative.save(update_fields=["version", "updated_at"])
    _write_version(initiative, by, at)


@transaction.atomic
def link_to_area(
    initiative: Initiative,
    area: Area,
    *,
    by: Any,
    position: int | None = None,
    at: dt.datetime | None = None,
) -> AreaMembership:
    """Place the initiative in an area (at the end unless a position is given); a new
    placement counts as a new version of the initiative."""
    at = _now(at)
    current = _locked(initiative, None)
    membership, linked = _link_audited(current, area, by=by, at=at, position=position)
    if linked:
        _count_change(current, by=by, at=at)
    return membership


@transaction.atomic
def unlink_from_area(
    initiative: Initiative, area: Area, *, by: Any, at: dt.datetime | None = None
) -> None:
    """Take the initiative out of an area (a new version of it); the history keeps where
    it was."""
    at = _now(at)
    current = _locked(initiative, None)
    if _unlink_audited(current, area, by=by, at=at):
        _count_change(current, by=by, at=at)


@transaction.atomic
def move_in_area(
    initiative: Initiative, area: Area, *, by: Any, position: int, at: dt.datetime | None = None
) -> AreaMembership:
    """Give the initiative a new position in the area; the others keep their order."""
    at = _now(at)
    current = AreaMembership.objects.select_for_update().get(
        area=area, initiative=initiative, valid_to__isnull=True
    )
    if current.position == position:
        return current
    old_position = current.position
    current.valid_to = at
    current.save(update_fields=["valid_to"])
    membership = AreaMembership.objects.create(
        area=area, initiative=initiative, position=position, valid_from=at, **current.wording()
    )
    audit.record(
        by,
        AuditAction.MOVED,
        initiative,
        before={"area": area.pk, "position": old_position},
        after={"area": area.pk, "position": position},
    )
    return membership


@transaction.atomic
def set_section_wording(
    initiative: Initiative,
    area: Area,
    *,
    by: Any,
    at: dt.datetime | None = None,
    with_new_place: bool = False,
    seen_version: int | None = None,
    **wording: str,
) -> AreaMembership:
    """Set the initiative's heading (``theme``) and own wording (``title``, ``status_text``,
    ``follow_up_text``) in one section; blank means the initiative's own. The place's row is
    closed and a new one opened, so reports as of an earlier time show the earlier wording.
    A section status rewords the initiative's current status (``status_for``, by default).
    ``with_new_place``: the place was made in the same change (an import), which already
    counted as a new version of the initiative; its row takes the wording as it is.
    ``seen_version`` (the web form): refuses with :class:`StaleEdit` if the initiative moved
    on since the version the user started from."""
    unknown = set(wording) - set(SECTION_WORDING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown section wording fields: {sorted(unknown)}")
    at = _now(at)
    locked = _locked(initiative, seen_version)
    current = AreaMembership.objects.select_for_update().get(
        area=area, initiative=locked, valid_to__isnull=True
    )
    values = {k: (v or "").strip() for k, v in wording.items()}
    if "status_text" in values and "status_for" not in values:
        values["status_for"] = locked.status_text if values["status_text"] else ""
    before = current.wording()
    after = {**before, **values}
    if after == before:
        return current
    if with_new_place:
        # The place was made in this same change: it has no earlier wording to keep.
        for name, value in after.items():
            setattr(current, name, value)
        current.save(update_fields=list(after))
        audit.record(by, AuditAction.UPDATED, locked, after={"area": area.pk, **values})
        return current
    current.valid_to = at
    current.save(update_fields=["valid_to"])
    membership = AreaMembership.objects.create(
        area=area, initiative=locked, position=current.position, valid_from=at, **after
    )
    old, new = audit.changed_fields({k: before[k] for k in values}, {k: after[k] for k in values})
    audit.record(
        by,
        AuditAction.UPDATED,
        locked,
        before={"area": area.pk, **old},
        after={"area": area.pk, **new},
    )
    if not with_new_place:
        _count_change(locked, by=by, at=at)
    return membership


@transaction.atomic
def reorder_area(
    area: Area, initiatives: Sequence[Initiative], *, by: Any, at: dt.datetime | None = None
) -> None:
    """Set the order of the area's initiatives to the given sequence."""
    at = _now(at)
    for position, initiative in enumerate(initiatives, start=1):
        move_in_area(initiative, area, by=by, position=position, at=at)


@transaction.atomic
def archive_initiative(
    initiative: Initiative, *, by: Any, seen_version: int | None, at: dt.datetime | None = None
) -> Initiative:
    """Take the initiative out of every area and mark it archived; its history stays."""
    at = _now(at)
    current = _locked(initiative, seen_version)
    if current.archived_at:
        return current
    areas = [
        m.area for m in current.memberships.filter(valid_to__isnull=True).select_related("area")
    ]
    AreaMembership.objects.filter(initiative=current, valid_to__isnull=True).update(valid_to=at)
    current.archived_at = at
    current.version += 1
    current.updated_at = at
    current.save()
    _write_version(current, by, at)
    # the areas by title, as the trail shows them to people (``area``: "Område")
    audit.record(by, AuditAction.ARCHIVED, current, before={"area": [a.title for a in areas]})
    return current


@transaction.atomic
def restore_initiative(
    initiative: Initiative, *, by: Any, areas: Iterable[Area], at: dt.datetime | None = None
) -> Initiative:
    """Bring an archived initiative back into the given areas."""
    at = _now(at)
    current = _locked(initiative, None)
    current.archived_at = None
    current.version += 1
    current.updated_at = at
    current.save()
    areas = list(areas)
    for area in areas:
        _link(current, area, at=at, position=None)
    _write_version(current, by, at)
    audit.record(by, AuditAction.RESTORED, current, after={"area": [a.title for a in areas]})
    return current
