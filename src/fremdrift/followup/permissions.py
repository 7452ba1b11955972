"""Who may run, answer and review rounds, and record local status and readiness.

Built on ``core.access``: coordinators of a plan run its rounds and review the answers;
editors answer for their units (and the units below them). A user who may not see an
object gets 404, one who may see but not change it gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from fremdrift.core import access
from fremdrift.core.models import OrgUnit
from fremdrift.followup.models import UpdateAnswer, UpdateRequest, UpdateRound
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import Initiative


def may_answer(user: Any, request: UpdateRequest) -> bool:
    """Editors of the request's unit (or a unit above it) and the plan's coordinators."""
    if access.may_coordinate(user, request.round.plan):
        return True
    editor_units = access.access_for(user).editor_unit_ids
    return request.unit_id is not None and request.unit_id in editor_units


def may_record_local(user: Any, initiative: Initiative, unit: OrgUnit | None) -> bool:
    """A local unit's editors, and the coordinators of the initiative's plans (``unit`` None:
    may the user record for every local unit of the initiative?)."""
    if unit is not None and unit.pk in access.access_for(user).editor_unit_ids:
        return True
    acc = access.access_for(user)
    if acc.admin or acc.all_plans_coordinate:
        return True
    plan_ids = {initiative.plan_id} | set(
        initiative.memberships.filter(valid_to__isnull=True).values_list("area__plan_id", flat=True)
    )
    return bool(plan_ids & acc.coordinate_plan_ids)


def coordinates_anything(user: Any) -> bool:
    acc = access.access_for(user)
    return bool(acc.admin or acc.all_plans_coordinate or acc.coordinate_plan_ids)


def round_for_view(user: Any, pk: int) -> UpdateRound:
    return get_object_or_404(
        UpdateRound.objects.filter(plan__in=access.visible_plans(user)).select_related("plan"),
        pk=pk,
    )


def round_for_coordination(user: Any, pk: int) -> UpdateRound:
    update_round = round_for_view(user, pk)
    if not access.may_coordinate(user, update_round.plan):
        raise PermissionDenied
    return update_round


def request_for_answer(user: Any, pk: int) -> UpdateRequest:
    update_request = get_object_or_404(
        UpdateRequest.objects.filter(
            initiative__in=access.visible_initiatives(user)
        ).select_related("round__plan", "initiative", "unit"),
        pk=pk,
    )
    if not may_answer(user, update_request):
        raise PermissionDenied
    return update_request


def answer_for_review(user: Any, pk: int) -> UpdateAnswer:
    answer = get_object_or_404(
        UpdateAnswer.objects.filter(
            request__round__plan__in=access.visible_plans(user)
        ).select_related("request__round__plan", "request__initiative", "request__unit"),
        pk=pk,
    )
    if not access.may_coordinate(user, answer.request.round.plan):
        raise PermissionDenied
    return answer


def local_unit_for_edit(user: Any, initiative_pk: int, unit_pk: int) -> tuple[Initiative, OrgUnit]:
    """The initiative and one of its local units, if the user may record for that unit."""
    initiative = access.initiative_for_view(user, initiative_pk)
    unit = get_object_or_404(
        OrgUnit.objects.filter(
            initiative_links__initiative=initiative, initiative_links__role=FollowUpRole.LOCAL
        ).distinct(),
        pk=unit_pk,
    )
    if not may_record_local(user, initiative, unit):
        raise PermissionDenied
    return initiative, unit
