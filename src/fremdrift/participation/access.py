"""Fetch-and-authorise for participation: workshops and long-lists belong to a plan.

Readers of the plan read them (others get 404); its coordinators change them (others 403).
Consultations are visible to anyone with a role.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from fremdrift.core import access
from fremdrift.participation.models import Candidate, Consultation, LongList, Workshop


def workshop_for_view(user: Any, pk: int) -> Workshop:
    return get_object_or_404(
        Workshop.objects.filter(plan__in=access.visible_plans(user)).select_related("plan"), pk=pk
    )


def long_list_for_view(user: Any, pk: int) -> LongList:
    return get_object_or_404(
        LongList.objects.filter(plan__in=access.visible_plans(user)).select_related("plan"), pk=pk
    )


def long_list_for_edit(user: Any, pk: int) -> LongList:
    long_list = long_list_for_view(user, pk)
    if not access.may_coordinate(user, long_list.plan):
        raise PermissionDenied
    return long_list


def candidate_for_edit(user: Any, pk: int) -> Candidate:
    candidate = get_object_or_404(
        Candidate.objects.filter(long_list__plan__in=access.visible_plans(user)).select_related(
            "long_list__plan"
        ),
        pk=pk,
    )
    if not access.may_coordinate(user, candidate.long_list.plan):
        raise PermissionDenied
    return candidate


def consultation_for_view(user: Any, pk: int) -> Consultation:
    if not access.access_for(user).is_anyone:
        raise Http404
    return get_object_or_404(Consultation, pk=pk)


def coordinated_plans(user: Any) -> Any:
    """Plans in which the user may create initiatives (targets of a promotion)."""
    a = access.access_for(user)
    plans = access.visible_plans(user).filter(archived_at__isnull=True)
    if a.admin or a.all_plans_coordinate:
        return plans
    return plans.filter(pk__in=a.coordinate_plan_ids)
