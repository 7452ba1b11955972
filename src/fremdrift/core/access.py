"""Who may see and change what. Every view, API endpoint, importer and command asks here.

Rules (issue 2/5):
- an *administrator* (superuser or the administrator role) sees and changes everything;
- a *koordinator* for a plan sees and changes everything in that plan (without a plan: all);
- a *redaktør* for a unit sees the plans where that unit, or one below it, takes part in an
  initiative, and may change those initiatives;
- a *læser* reads the plan the role names (without a plan: all plans).

A user who may not see an object gets 404; one who may see but not change it gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from fremdrift.core.choices import Role
from fremdrift.core.models import OrgUnit, RoleAssignment


@dataclass
class Access:
    """What one user may do, computed once per request."""

    admin: bool = False
    all_plans_read: bool = False
    all_plans_coordinate: bool = False
    read_plan_ids: set[int] = field(default_factory=set)
    coordinate_plan_ids: set[int] = field(default_factory=set)
    editor_unit_ids: set[int] = field(default_factory=set)

    @property
    def is_anyone(self) -> bool:
        return bool(
            self.admin
            or self.all_plans_read
            or self.all_plans_coordinate
            or self.read_plan_ids
            or self.coordinate_plan_ids
            or self.editor_unit_ids
        )


def access_for(user: Any) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, "_fremdrift_access", None)
    if cached is not None:
        return cached
    access = Access(admin=bool(user.is_superuser))
    editor_paths: list[str] = []
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        if assignment.role == Role.ADMINISTRATOR:
            access.admin = True
        elif assignment.role == Role.COORDINATOR:
            if assignment.plan_id is None:
                access.all_plans_coordinate = True
            else:
                access.coordinate_plan_ids.add(assignment.plan_id)
        elif assignment.role == Role.READER:
            if assignment.plan_id is None:
                access.all_plans_read = True
            else:
                access.read_plan_ids.add(assignment.plan_id)
        elif assignment.role == Role.EDITOR and assignment.unit is not None:
            editor_paths.append(assignment.unit.path)
    if editor_paths:
        query = Q()
        for path in editor_paths:
            query |= Q(path__startswith=path)
        access.editor_unit_ids = set(OrgUnit.objects.filter(query).values_list("pk", flat=True))
    user._fremdrift_access = access
    return access


def forget_access(user: Any) -> None:
    """Drop the cached access (after roles changed within one request or test)."""
    if hasattr(user, "_fremdrift_access"):
        del user._fremdrift_access


# --------------------------------------------------------------------------- querysets


def _sees_all(access: Access) -> bool:
    return access.admin or access.all_plans_read or access.all_plans_coordinate


def visible_plans(user: Any) -> QuerySet:
    """Plans the user may read."""
    from fremdrift.portfolio.models import Plan

    access = access_for(user)
    if _sees_all(access):
        return Plan.objects.all()
    if not access.is_anyone:
        return Plan.objects.none()
    query = Q(pk__in=access.read_plan_ids | access.coordinate_plan_ids)
    if access.editor_unit_ids:
        query |= Q(home_initiatives__unit_links__unit__in=access.editor_unit_ids)
        query |= Q(
            areas__memberships__valid_to__isnull=True,
            areas__memberships__initiative__unit_links__unit__in=access.editor_unit_ids,
        )
    return Plan.objects.filter(pk__in=Plan.objects.filter(query).values("pk"))


def visible_initiatives(user: Any) -> QuerySet:
    """Initiatives the user may read: those of visible plans and those the user may edit."""
    from fremdrift.portfolio.models import Initiative

    access = access_for(user)
    if _sees_all(access):
        return Initiative.objects.all()
    if not access.is_anyone:
        return Initiative.objects.none()
    plan_ids = visible_plans(user).values("pk")
    query = Q(plan__in=plan_ids) | Q(
        memberships__valid_to__isnull=True, memberships__area__plan__in=plan_ids
    )
    return Initiative.objects.filter(pk__in=Initiative.objects.filter(query).values("pk"))


def editable_initiatives(user: Any) -> QuerySet:
    """Initiatives the user may change."""
    from fremdrift.portfolio.models import Initiative

    access = access_for(user)
    if access.admin or access.all_plans_coordinate:
        return Initiative.objects.all()
    query = Q(pk__in=[])
    if access.coordinate_plan_ids:
        query |= Q(plan__in=access.coordinate_plan_ids) | Q(
            memberships__valid_to__isnull=True,
            memberships__area__plan__in=access.coordinate_plan_ids,
        )
    if access.editor_unit_ids:
        query |= Q(unit_links__unit__in=access.editor_unit_ids)
    return Initiative.objects.filter(pk__in=Initiative.objects.filter(query).values("pk"))


# --------------------------------------------------------------------------- predicates


def may_coordinate(user: Any, plan: Any) -> bool:
    """May the user change the plan itself (areas, new initiatives, reports, rounds)?"""
    access = access_for(user)
    return access.admin or access.all_plans_coordinate or plan.pk in access.coordinate_plan_ids


def may_edit(user: Any, initiative: Any) -> bool:
    """May the user change this initiative and record its status?"""
    access = access_for(user)
    if access.admin or access.all_plans_coordinate:
        return True
    plan_ids = {initiative.plan_id}
    plan_ids |= set(
        initiative.memberships.filter(valid_to__isnull=True).values_list("area__plan_id", flat=True)
    )
    if plan_ids & access.coordinate_plan_ids:
        return True
    if access.editor_unit_ids:
        unit_ids = set(initiative.unit_links.values_list("unit_id", flat=True))
        return bool(unit_ids & access.editor_unit_ids)
    return False


def is_administrator(user: Any) -> bool:
    return access_for(user).admin


# --------------------------------------------------------------------------- fetch and authorise


def plan_for_view(user: Any, slug: str) -> Any:
    return get_object_or_404(visible_plans(user), slug=slug)


def plan_for_coordination(user: Any, slug: str) -> Any:
    plan = plan_for_view(user, slug)
    if not may_coordinate(user, plan):
        raise PermissionDenied
    return plan


def initiative_for_view(user: Any, pk: int) -> Any:
    return get_object_or_404(visible_initiatives(user).select_related("plan", "parent"), pk=pk)


def initiative_for_edit(user: Any, pk: int) -> Any:
    initiative = initiative_for_view(user, pk)
    if not may_edit(user, initiative):
        raise PermissionDenied
    return initiative


# --------------------------------------------------------------------------- audit trail


def audit_events_visible_to(user: Any) -> QuerySet | None:
    """The audit events the user may read, or ``None`` when the user may not open the trail.

    Administrators read every event. A coordinator reads the events of the plans they
    coordinate and of those plans' areas and initiatives (home plan or current area); a
    coordinator of all plans reads every plan's, area's and initiative's events. Events of
    units, roles and users stay with the administrators.
    """
    from fremdrift.core.models import AuditEvent
    from fremdrift.portfolio.models import Area, Initiative, Plan

    access = access_for(user)
    if access.admin:
        return AuditEvent.objects.all()
    if access.all_plans_coordinate:
        return AuditEvent.objects.filter(
            object_type__in=["portfolio.plan", "portfolio.area", "portfolio.initiative"]
        )
    if not access.coordinate_plan_ids:
        return None
    plan_ids = access.coordinate_plan_ids
    area_ids = Area.objects.filter(plan__in=plan_ids).values_list("pk", flat=True)
    initiative_ids = Initiative.objects.filter(
        Q(plan__in=plan_ids)
        | Q(memberships__valid_to__isnull=True, memberships__area__plan__in=plan_ids)
    ).values_list("pk", flat=True)
    existing_plans = Plan.objects.filter(pk__in=plan_ids).values_list("pk", flat=True)

    def ids(values: Any) -> list[str]:
        return [str(pk) for pk in set(values)]

    return AuditEvent.objects.filter(
        Q(object_type="portfolio.plan", object_id__in=ids(existing_plans))
        | Q(object_type="portfolio.area", object_id__in=ids(area_ids))
        | Q(object_type="portfolio.initiative", object_id__in=ids(initiative_ids))
    )


def may_read_audit(user: Any) -> bool:
    """May the user open the audit trail (administrators and coordinators)?"""
    access = access_for(user)
    return access.admin or access.all_plans_coordinate or bool(access.coordinate_plan_ids)
