"""Who may see and change forums, meetings, decisions and process plans.

Forums and meetings are visible to anyone with a role; the initiatives shown on them are
filtered by what the user may see. Coordinators (of any plan) and administrators manage
forums and meetings; recording a decision that moves initiatives also needs the right to
change each of them. Milestones belong to a plan: its coordinators manage them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from fremdrift.core import access
from fremdrift.governance.models import Forum, Meeting


def may_see_governance(user: Any) -> bool:
    return access.access_for(user).is_anyone


def may_manage_meetings(user: Any) -> bool:
    """Administrators and coordinators (of all plans or of any plan)."""
    a = access.access_for(user)
    return a.admin or a.all_plans_coordinate or bool(a.coordinate_plan_ids)


def _require_role(user: Any) -> None:
    if not may_see_governance(user):
        raise Http404


def forum_for_view(user: Any, pk: int) -> Forum:
    _require_role(user)
    return get_object_or_404(Forum.objects.select_related("unit"), pk=pk)


def forum_for_edit(user: Any, pk: int) -> Forum:
    forum = forum_for_view(user, pk)
    if not may_manage_meetings(user):
        raise PermissionDenied
    return forum


def meeting_for_view(user: Any, pk: int) -> Meeting:
    _require_role(user)
    return get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)


def meeting_for_edit(user: Any, pk: int) -> Meeting:
    meeting = meeting_for_view(user, pk)
    if not may_manage_meetings(user):
        raise PermissionDenied
    return meeting


def forums_for_view(user: Any) -> Any:
    if not may_see_governance(user):
        return Forum.objects.none()
    return Forum.objects.all()
