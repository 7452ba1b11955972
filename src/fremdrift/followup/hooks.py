"""What follow-up adds to shared pages, registered from ``FollowupConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fremdrift.core import access
from fremdrift.core.access import Action
from fremdrift.core.database import danish_key
from fremdrift.core.extensions import Link, Panel
from fremdrift.followup import queries
from fremdrift.followup.choices import AnswerKind, AnswerState, ReadinessDimension
from fremdrift.followup.models import ReadinessAssessment
from fremdrift.followup.radar import radar_svg
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import InitiativeUnit


def shows_my_updates(user: Any) -> bool:
    grants = access.grants_for(user)
    return bool(grants.editor_unit_ids or grants.coordinates_any_plan)


def plan_actions(request: Any, plan: Any) -> list[Link]:
    links = [Link(_("Local implementation"), reverse("followup:heatmap") + f"?plan={plan.slug}")]
    if access.may_coordinate(request.user, plan):
        links.insert(0, Link(_("Update rounds"), reverse("followup:round-list", args=[plan.slug])))
    return links


def plan_row_notes(request: Any, plan: Any, initiative_ids: list[int]) -> dict[int, list[str]]:
    return queries.rollup_notes(initiative_ids)


def initiative_panels(request: Any, initiative: Any) -> list[Panel]:
    units = queries.local_units([initiative.pk]).get(initiative.pk, [])
    if not units:
        return []
    latest = queries.latest_local([initiative.pk])
    links = access.restrict(
        InitiativeUnit.objects.filter(initiative=initiative, role=FollowUpRole.LOCAL),
        request.user,
        Action.CHANGE,
    )
    editable = set(links.values_list("unit_id", flat=True))
    rows = [(u, latest.get((initiative.pk, u.pk)), u.pk in editable) for u in units]
    assessments = queries.latest_assessments(
        ReadinessAssessment.objects.filter(initiative=initiative)
    )
    labels = [str(d.label) for d in ReadinessDimension]
    radars = [
        (
            a,
            radar_svg(
                labels,
                [s.score if s else None for _d, s in a.rows],
                _("Readiness of %(unit)s") % {"unit": a.unit.name},
            ),
        )
        for a in sorted(assessments, key=lambda a: danish_key(a.unit.name))
    ]
    return [
        Panel(
            _("Local implementation"),
            "followup/_panel_local.html",
            {"initiative": initiative, "rows": rows},
            where="main",
            order=40,
        ),
        Panel(
            _("Implementation readiness"),
            "followup/_panel_readiness.html",
            {
                "initiative": initiative,
                "radars": radars,
                "units": [u for u in units if u.pk in editable],
            },
            where="main",
            order=45,
        ),
    ]


def snapshot_flags(plan: Any, as_of: Any, initiative_ids: list[int]) -> dict[int, set[str]]:
    return queries.not_reported_flags(plan, as_of, initiative_ids)


def answer_from_initiative_page(user: Any, initiative: Any, data: dict[str, Any]) -> str | None:
    """A status recorded on the initiative page while a round is open is the answer of the
    user's unit (or, for a coordinator, of every unit still owing one): the unit is not asked
    again. Where the plan requires review it waits for approval like any answer."""
    from fremdrift.followup import actions
    from fremdrift.followup.models import UpdateRequest

    own_units = sorted(access.grants_for(user).editor_unit_ids)
    owed = access.restrict(
        UpdateRequest.objects.filter(
            initiative=initiative, round__closed_at__isnull=True, state__in=actions.OWED
        )
        .filter(Q(unit__in=own_units) | Q(unit__isnull=True))
        .order_by("id"),
        user,
        Action.CHANGE,
    )
    requests = list(owed)
    if not requests:
        return None
    first, *others = requests
    answer = actions.submit_answer(
        first,
        by=user,
        kind=AnswerKind.STATUS,
        text=data["text"],
        phase=data["phase"],
        phase_target=data["phase_target"],
        status_date=data["status_date"],
        seen_version=data["version"],
    )
    for other in others:
        # One status answers for all: the others report it as their answer too.
        actions.submit_answer(other, by=user, kind=AnswerKind.UNCHANGED)
    if answer.state == AnswerState.SUBMITTED:
        return _("The status was sent for approval as the answer in the update round.")
    return _("The status was recorded and counts as the answer in the update round.")
