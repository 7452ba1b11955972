"""Who may do what with indicators (asks ``core.access``).

- Everyone with a role may read the dashboard (published runs only).
- Administrators and coordinators (of any plan) may start runs, read validation reports and
  publish: they are the analysts of DESIGN.md until the project has an analyst role.
- Linking indicators to an initiative and entering hand-entered values needs the right to
  edit the initiative (coordinators of its plans, editors of its units).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from fremdrift.core import access
from fremdrift.indicators.models import IndicatorRun, ManualIndicator


def may_view_dashboard(user: Any) -> bool:
    return access.access_for(user).is_anyone


def may_run(user: Any) -> bool:
    """May the user start, read and publish indicator runs?"""
    acc = access.access_for(user)
    return acc.admin or acc.all_plans_coordinate or bool(acc.coordinate_plan_ids)


def require_dashboard(user: Any) -> None:
    if not may_view_dashboard(user):
        raise Http404


def require_runner(user: Any) -> None:
    require_dashboard(user)
    if not may_run(user):
        raise PermissionDenied


def run_for_analyst(user: Any, pk: int) -> IndicatorRun:
    require_runner(user)
    return get_object_or_404(IndicatorRun, pk=pk)


def manual_for_view(user: Any, pk: int) -> ManualIndicator:
    return get_object_or_404(
        ManualIndicator.objects.select_related("initiative", "initiative__plan").filter(
            initiative__in=access.visible_initiatives(user).values("pk")
        ),
        pk=pk,
    )


def manual_for_edit(user: Any, pk: int) -> ManualIndicator:
    indicator = manual_for_view(user, pk)
    if not access.may_edit(user, indicator.initiative):
        raise PermissionDenied
    return indicator
