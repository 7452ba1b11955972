"""Demo step (``demo.loader.EXTRA_STEPS``): an open round on the winter plan with some
answers, local statuses for a few initiatives and two readiness assessments. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fremdrift.core.actions import find_unit
from fremdrift.followup import actions
from fremdrift.followup.choices import AnswerKind, ReadinessDimension
from fremdrift.followup.models import LocalStatus, ReadinessAssessment, UpdateRound
from fremdrift.portfolio.choices import FollowUpRole
from fremdrift.portfolio.models import InitiativeUnit, Plan

ACTOR = "demo"
PLAN = "vinterplan-2021"
ROUND_TITLE = "Status til Koncernledelsen"

LOCAL = [  # (initiative ref, phase, text)
    ("overblik-akut-kapacitet", "implementering", "Fælles kapacitetsoverblik bruges dagligt."),
    ("indlaeggelser-fra-plejehjem", "afprøvning", "Afprøves på to plejehjem i Horsens."),
    ("praehospitalet-afslutte-patienter-dagtid", "udvikling", "Retningslinjer udarbejdes."),
]


@transaction.atomic
def load_followup_demo() -> None:
    plan = Plan.objects.filter(slug=PLAN).first()
    if plan is None:
        return
    _round(plan)
    _local(plan)


def _round(plan: Plan) -> None:
    if UpdateRound.objects.filter(plan=plan, title=ROUND_TITLE).exists():
        return
    update_round = actions.open_round(
        plan,
        by=ACTOR,
        title=ROUND_TITLE,
        occasion="Koncernledelsen, februar",
        deadline=timezone.localdate() + dt.timedelta(days=7),
        illustrative=True,
    )
    hr = find_unit("Koncern HR")
    others = [
        r
        for r in update_round.requests.select_related("unit").order_by("initiative__title", "id")
        if r.unit is not None and not (hr and r.unit.path.startswith(hr.path))
    ]
    # "Uændret" only: the demo's statuses (which other tests and the decks rely on) stay
    # exactly as the seed deck wrote them.
    for request in others[:4]:
        actions.submit_answer(request, by=ACTOR, kind=AnswerKind.UNCHANGED)


def _local(plan: Plan) -> None:
    links = {
        link.initiative.ref: link
        for link in InitiativeUnit.objects.filter(
            initiative__plan=plan, role=FollowUpRole.LOCAL
        ).select_related("initiative", "unit")
    }
    chosen = [(links[ref], phase, text) for ref, phase, text in LOCAL if ref in links]
    if len(chosen) < len(LOCAL):  # the seed changed: take the first local links instead
        chosen = [
            (link, phase, text)
            for link, (_r, phase, text) in zip(
                list(links.values())[: len(LOCAL)], LOCAL, strict=False
            )
        ]
    for link, phase, text in chosen:
        if not LocalStatus.objects.filter(initiative=link.initiative, unit=link.unit).exists():
            actions.record_local_status(
                link.initiative, link.unit, by=ACTOR, phase=phase, text=text, illustrative=True
            )
    for (link, _phase, _text), low in zip(chosen, (False, True), strict=False):
        if ReadinessAssessment.objects.filter(initiative=link.initiative, unit=link.unit).exists():
            continue
        base = [4, 3, 4, 3, 4, 3, 4, 3] if not low else [3, 2, 2, 1, 3, 2, 3, 2]
        scores = {
            d.value: (score, "Mangler tid til oplæring." if score <= 2 else "")
            for d, score in zip(ReadinessDimension, base, strict=True)
        }
        actions.record_readiness(
            link.initiative, link.unit, by=ACTOR, scores=scores, illustrative=True
        )
