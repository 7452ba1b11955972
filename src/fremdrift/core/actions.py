"""The only writer of organisational units and role assignments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.core import audit
from fremdrift.core.choices import AuditAction, Role, UnitKind
from fremdrift.core.models import OrgUnit, RoleAssignment
from fremdrift.core.text import normalise_name


def _refresh_path(unit: OrgUnit) -> None:
    prefix = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{prefix}{unit.pk}/"
    unit.save(update_fields=["path"])
    for child in unit.children.all():
        _refresh_path(child)


def find_unit(name: str) -> OrgUnit | None:
    """The unit with this name, ignoring case, accents and spacing, or None."""
    key = normalise_name(name)
    return OrgUnit.objects.filter(normalised_name=key).first() if key else None


@transaction.atomic
def create_unit(
    *, by: Any, name: str, kind: str, parent: OrgUnit | None = None, short_name: str = ""
) -> OrgUnit:
    """Add a unit to the organisation tree."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A unit needs a name.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("“%(value)s” is not a valid choice.") % {"value": kind}})
    if find_unit(name):
        raise ValidationError({"name": _("A unit with this name already exists.")})
    unit = OrgUnit.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name or "",
        normalised_name=normalise_name(name),
    )
    _refresh_path(unit)
    audit.record(
        by,
        AuditAction.CREATED,
        unit,
        after={"name": name, "kind": kind, "parent": parent.name if parent else None},
    )
    return unit


@transaction.atomic
def get_or_create_unit(
    *, by: Any, name: str, kind: str = UnitKind.STAFF, parent: OrgUnit | None = None
) -> tuple[OrgUnit, bool]:
    """Match a unit by name (case/accent-insensitive) or create it."""
    unit = find_unit(name)
    if unit:
        return unit, False
    return create_unit(by=by, name=name, kind=kind, parent=parent), True


@transaction.atomic
def update_unit(unit: OrgUnit, *, by: Any, **fields: Any) -> OrgUnit:
    """Rename, re-kind or move a unit in the tree."""
    allowed = {"name", "short_name", "kind", "parent"}
    if set(fields) - allowed:
        raise TypeError(f"Unknown unit fields: {sorted(set(fields) - allowed)}")
    parent = fields.get("parent", unit.parent)
    if parent is not None and parent.path.startswith(unit.path or "/-"):
        raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
    before = {k: getattr(unit, k) for k in fields}
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.normalised_name = normalise_name(unit.name)
    unit.save()
    _refresh_path(unit)
    old, new = audit.changed_fields(before, fields)
    if new:
        audit.record(by, AuditAction.UPDATED, unit, before=old, after=new)
    return unit


@transaction.atomic
def grant_role(
    *, by: Any, user: Any, role: str, plan: Any = None, unit: OrgUnit | None = None
) -> RoleAssignment:
    """Give a user a role, optionally scoped to a plan (coordinator, reader) or unit (editor)."""
    if role not in Role.values:
        raise ValidationError({"role": _("“%(value)s” is not a valid choice.") % {"value": role}})
    if role == Role.EDITOR and unit is None:
        raise ValidationError({"unit": _("An editor role needs a unit.")})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, plan=plan, unit=unit
    )
    if created:
        audit.record(
            by,
            AuditAction.ROLE_GRANTED,
            assignment,
            after={
                "user": user.get_username(),
                "role": role,
                "plan": getattr(plan, "slug", None),
                "unit": getattr(unit, "name", None),
            },
        )
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by: Any) -> None:
    """Take a role away from a user."""
    audit.record(
        by,
        AuditAction.ROLE_REVOKED,
        assignment,
        before={
            "user": assignment.user.get_username(),
            "role": assignment.role,
            "plan": getattr(assignment.plan, "slug", None),
            "unit": getattr(assignment.unit, "name", None),
        },
    )
    assignment.delete()
