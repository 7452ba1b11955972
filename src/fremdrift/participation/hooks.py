"""What participation adds to shared pages through ``core.extensions``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.core import access, extensions


def plan_actions(request: Any, plan: Any) -> list[extensions.Link]:
    return [
        extensions.Link(_("Workshops"), reverse("participation:workshop-list", args=[plan.slug])),
        extensions.Link(_("Long-lists"), reverse("participation:longlist-list", args=[plan.slug])),
    ]


def initiative_panels(request: Any, initiative: Any) -> list[extensions.Panel]:
    """Where the initiative came from (long-list candidates) and the workshops about it."""
    candidates = list(
        initiative.candidates.select_related(
            "long_list",
            "workshop_output__workshop",
            "agenda_item__meeting__forum",
            "consultation_input__consultation",
        )
    )
    workshops = list(initiative.workshops.all())
    if not candidates and not workshops:
        return []
    return [
        extensions.Panel(
            title=_("Origin and workshops"),
            template="participation/_initiative_panel.html",
            context={"candidates": candidates, "workshops": workshops},
            where="aside",
            order=60,
        )
    ]


def may_see_consultations(user: Any) -> bool:
    from fremdrift.participation.models import Consultation

    return access.may(user, access.Action.VIEW, Consultation)


def register() -> None:
    """Called once from ``ParticipationConfig.ready``; idempotent."""
    if plan_actions not in extensions.PLAN_ACTIONS:
        extensions.PLAN_ACTIONS.append(plan_actions)
    if initiative_panels not in extensions.INITIATIVE_PANELS:
        extensions.INITIATIVE_PANELS.append(initiative_panels)
    nav = (gettext_lazy("Consultations"), "participation:consultation-list", may_see_consultations)
    if all(entry[1] != nav[1] for entry in extensions.NAV_ITEMS):
        extensions.NAV_ITEMS.append(nav)
