"""Who is reminded about a request: the editors of its unit or of a unit above it; when a
unit has no editor (or the request has no unit), the plan's coordinators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fremdrift.core.choices import Role
from fremdrift.core.models import RoleAssignment
from fremdrift.followup.models import UpdateRequest, UpdateRound


def _coordinators(update_round: UpdateRound) -> list[Any]:
    assignments = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, plan=update_round.plan
    ).select_related("user")
    users = [a.user for a in assignments]
    if not users:
        users = [
            a.user
            for a in RoleAssignment.objects.filter(
                role=Role.COORDINATOR, plan__isnull=True
            ).select_related("user")
        ]
    return users


def recipients_for(
    update_round: UpdateRound, requests: Sequence[UpdateRequest]
) -> dict[Any, list[UpdateRequest]]:
    """The users to remind, each with the requests they are reminded about (in order).

    Only active users with an e-mail address; a fixed number of queries.
    """
    editors = list(
        RoleAssignment.objects.filter(role=Role.EDITOR, unit__isnull=False)
        .select_related("user", "unit")
        .order_by("user__username")
    )
    coordinators: list[Any] | None = None
    result: dict[Any, list[UpdateRequest]] = {}
    for update_request in requests:
        users: list[Any] = []
        if update_request.unit is not None:
            path = update_request.unit.path
            users = [a.user for a in editors if path.startswith(a.unit.path)]
        if not [u for u in users if u.is_active and u.email]:
            if coordinators is None:
                coordinators = _coordinators(update_round)
            users = coordinators
        for user in users:
            if user.is_active and user.email:
                bucket = result.setdefault(user, [])
                if update_request not in bucket:
                    bucket.append(update_request)
    return result
