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


# Which scope each role takes: a plan (or none: all plans), a unit, a forum, or none.
ROLE_SCOPES: dict[str, set[str]] = {
    Role.ADMINISTRATOR: set(),
    Role.COORDINATOR: {"plan"},
    Role.READER: {"plan"},
    Role.EDITOR: {"unit"},
    Role.MEETING_SECRETARY: {"forum"},
    Role.FORUM_MEMBER: {"forum"},
    Role.INDICATOR_OFFICER: set(),
    Role.MUNICIPALITY_PARTNER: {"unit"},
}
# Roles whose scope must be given.
SCOPE_REQUIRED = {Role.EDITOR, Role.MEETING_SECRETARY, Role.FORUM_MEMBER, Role.MUNICIPALITY_PARTNER}


def validate_role_scope(role: str, *, plan: Any, unit: Any, forum: Any) -> None:
    """Refuse a role with a scope it does not take, or without the scope it needs."""
    if role not in Role.values:
        raise ValidationError({"role": _("“%(value)s” is not a valid choice.") % {"value": role}})
    given = {name for name, value in (("plan", plan), ("unit", unit), ("forum", forum)) if value}
    allowed = ROLE_SCOPES[role]
    for name in sorted(given - allowed):
        raise ValidationError(
            {
                name: _("This role cannot be limited to a %(scope)s.")
                % {"scope": {"plan": _("plan"), "unit": _("unit"), "forum": _("forum")}[name]}
            }
        )
    if role in SCOPE_REQUIRED and not given:
        messages = {
            Role.EDITOR: ({"unit": _("An editor role needs a unit.")}),
            Role.MUNICIPALITY_PARTNER: (
                {"unit": _("A municipality partner needs a municipality or a cluster.")}
            ),
            Role.MEETING_SECRETARY: ({"forum": _("A forum role needs a forum.")}),
            Role.FORUM_MEMBER: ({"forum": _("A forum role needs a forum.")}),
        }
        raise ValidationError(messages[role])
    if role == Role.MUNICIPALITY_PARTNER and unit.kind not in (
        UnitKind.MUNICIPALITY,
        UnitKind.CLUSTER,
    ):
        raise ValidationError(
            {"unit": _("A municipality partner needs a municipality or a cluster.")}
        )


@transaction.atomic
def grant_role(
    *,
    by: Any,
    user: Any,
    role: str,
    plan: Any = None,
    unit: OrgUnit | None = None,
    forum: Any = None,
) -> RoleAssignment:
    """Give a user a role, scoped to a plan (coordinator, reader; none: all plans), a unit
    (editor, municipality partner) or a forum (meeting secretary, forum member)."""
    validate_role_scope(role, plan=plan, unit=unit, forum=forum)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, plan=plan, unit=unit, forum=forum
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
                "forum": getattr(forum, "short_name", None),
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
            "forum": getattr(assignment.forum, "short_name", None),
        },
    )
    assignment.delete()
