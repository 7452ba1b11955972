"""What governance adds to shared pages through ``core.extensions``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.core import access, extensions
from fremdrift.core.access import Action


def initiative_panels(request: Any, initiative: Any) -> list[extensions.Panel]:
    """The initiative's decision log, the meetings that treated it and its next milestone."""
    from fremdrift.governance import queries
    from fremdrift.governance.models import AgendaItem, Forum, Milestone

    if not access.may(request.user, Action.VIEW, Forum):
        return []
    decisions = queries.decisions(request.user, initiative=initiative)
    items = list(
        access.restrict(AgendaItem.objects.filter(initiatives=initiative), request.user)
        .select_related("meeting__forum")
        .order_by("-meeting__date", "number")[:20]
    )
    # Where the initiative stands in its process: after its latest decision (or today).
    after = decisions[0].item.meeting.date if decisions else timezone.localdate()
    upcoming = (
        access.restrict(
            Milestone.objects.filter(initiatives=initiative, date__gt=after), request.user
        )
        .select_related("plan", "forum")
        .order_by("date")
        .first()
    )
    if not decisions and not items and upcoming is None:
        return []
    return [
        extensions.Panel(
            title=_("Decisions and meetings"),
            template="governance/_initiative_panel.html",
            context={"decisions": decisions, "items": items, "upcoming": upcoming, "after": after},
            where="main",
            order=40,
        )
    ]


def plan_actions(request: Any, plan: Any) -> list[extensions.Link]:
    return [
        extensions.Link(_("Process plan"), reverse("governance:process-plan", args=[plan.slug]))
    ]


def may_see_forums(user: Any) -> bool:
    from fremdrift.governance.models import Forum

    return access.may(user, Action.VIEW, Forum)


def register() -> None:
    """Called once from ``GovernanceConfig.ready``; idempotent."""
    if initiative_panels not in extensions.INITIATIVE_PANELS:
        extensions.INITIATIVE_PANELS.append(initiative_panels)
    if plan_actions not in extensions.PLAN_ACTIONS:
        extensions.PLAN_ACTIONS.append(plan_actions)
    nav = (gettext_lazy("Forums"), "governance:forum-list", may_see_forums)
    if all(entry[1] != nav[1] for entry in extensions.NAV_ITEMS):
        extensions.NAV_ITEMS.append(nav)
