"""What one user holds: their role assignments, read once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from fremdrift.core.choices import Role
from fremdrift.core.models import OrgUnit, RoleAssignment


@dataclass
class Grants:
    """The roles of one user, as sets of the plans, units and forums they reach."""

    user_id: int | None = None
    admin: bool = False
    all_plans_read: bool = False
    all_plans_coordinate: bool = False
    read_plan_ids: set[int] = field(default_factory=set)
    coordinate_plan_ids: set[int] = field(default_factory=set)
    # Units where the user is redaktør, with every unit below them.
    editor_unit_ids: set[int] = field(default_factory=set)
    secretary_forum_ids: set[int] = field(default_factory=set)
    member_forum_ids: set[int] = field(default_factory=set)
    indicator_officer: bool = False
    # Municipalities and clusters (with the municipalities below) of a municipality partner.
    partner_unit_ids: set[int] = field(default_factory=set)
    # The indicator geography those units name (filled by the rules when first asked).
    partner_places: Any = None

    @property
    def is_anyone(self) -> bool:
        """Does the user hold any role at all?"""
        return bool(
            self.admin
            or self.all_plans_read
            or self.all_plans_coordinate
            or self.read_plan_ids
            or self.coordinate_plan_ids
            or self.editor_unit_ids
            or self.secretary_forum_ids
            or self.member_forum_ids
            or self.indicator_officer
            or self.partner_unit_ids
        )

    @property
    def internal(self) -> bool:
        """Does the user hold a role other than municipality partner?"""
        return self.is_anyone and not self.only_partner

    @property
    def only_partner(self) -> bool:
        """Is municipality partner the user's only role?"""
        return bool(self.partner_unit_ids) and not (
            self.admin
            or self.all_plans_read
            or self.all_plans_coordinate
            or self.read_plan_ids
            or self.coordinate_plan_ids
            or self.editor_unit_ids
            or self.secretary_forum_ids
            or self.member_forum_ids
            or self.indicator_officer
        )

    @property
    def sees_raw_indicators(self) -> bool:
        """Indicator officers and administrators see the figures before suppression."""
        return self.admin or self.indicator_officer

    @property
    def sees_all_plans(self) -> bool:
        return self.admin or self.all_plans_read or self.all_plans_coordinate

    @property
    def coordinates_all_plans(self) -> bool:
        return self.admin or self.all_plans_coordinate

    @property
    def coordinates_any_plan(self) -> bool:
        return self.coordinates_all_plans or bool(self.coordinate_plan_ids)

    @property
    def forum_ids(self) -> set[int]:
        """Forums where the user holds a forum role (secretary or member)."""
        return self.secretary_forum_ids | self.member_forum_ids


def _subtree_ids(paths: list[str]) -> set[int]:
    if not paths:
        return set()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(OrgUnit.objects.filter(query).values_list("pk", flat=True))


def grants_for(user: Any) -> Grants:
    """The user's grants, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return Grants()
    cached = getattr(user, "_fremdrift_grants", None)
    if cached is not None:
        return cached
    grants = Grants(user_id=user.pk, admin=bool(user.is_superuser))
    editor_paths: list[str] = []
    partner_paths: list[str] = []
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        role = assignment.role
        if role == Role.ADMINISTRATOR:
            grants.admin = True
        elif role == Role.COORDINATOR:
            if assignment.plan_id is None:
                grants.all_plans_coordinate = True
            else:
                grants.coordinate_plan_ids.add(assignment.plan_id)
        elif role == Role.READER:
            if assignment.plan_id is None:
                grants.all_plans_read = True
            else:
                grants.read_plan_ids.add(assignment.plan_id)
        elif role == Role.EDITOR and assignment.unit is not None:
            editor_paths.append(assignment.unit.path)
        elif role == Role.MEETING_SECRETARY and assignment.forum_id is not None:
            grants.secretary_forum_ids.add(assignment.forum_id)
        elif role == Role.FORUM_MEMBER and assignment.forum_id is not None:
            grants.member_forum_ids.add(assignment.forum_id)
        elif role == Role.INDICATOR_OFFICER:
            grants.indicator_officer = True
        elif role == Role.MUNICIPALITY_PARTNER and assignment.unit is not None:
            partner_paths.append(assignment.unit.path)
    grants.editor_unit_ids = _subtree_ids(editor_paths)
    grants.partner_unit_ids = _subtree_ids(partner_paths)
    user._fremdrift_grants = grants
    return grants


def forget_grants(user: Any) -> None:
    """Drop the cached grants (after roles changed within one request or test)."""
    if hasattr(user, "_fremdrift_grants"):
        del user._fremdrift_grants
