"""Demo step: workshops, long-lists with candidates and consultation inputs from governance.yaml.

Idempotent: workshops by plan, title and date; long-lists by plan and title; candidates by
long-list and title; a consultation's inputs are loaded once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fremdrift.governance.demo import resolve_initiatives
from fremdrift.governance.models import Forum
from fremdrift.participation import actions
from fremdrift.participation.choices import CandidateSource, OutputKind
from fremdrift.participation.models import Consultation, LongList, Workshop, WorkshopOutput
from fremdrift.portfolio.models import Plan

ACTOR = "demo"
DATA_FILE = "governance.yaml"
SEED_LONG_LIST = "Arbejdet med den robuste psykiatri"
WORKSHOP_LONG_LIST = "Bruttoliste over mulige indsatser 2022"
CONSULTATION = "Ny strategi for kompetenceudvikling – Psykiatri og Social"


def _workshops(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        plan = Plan.objects.filter(slug=entry["plan"]).first()
        day = dt.date.fromisoformat(str(entry["date"]))
        if (
            plan is None
            or Workshop.objects.filter(plan=plan, title=entry["title"], date=day).exists()
        ):
            continue
        participants = [
            (p["profession"], p.get("count"), p.get("note") or "")
            for p in entry.get("participants") or []
        ]
        actions.create_workshop(
            plan,
            by=ACTOR,
            title=entry["title"],
            date=day,
            facilitators=entry.get("facilitators") or [],
            participants=participants,
            challenges=entry.get("challenges") or [],
            recommendations=entry.get("recommendations") or [],
            outputs=entry.get("outputs") or [],
            initiatives=resolve_initiatives(entry.get("initiatives")),
        )


def _long_list(plan: Plan, title: str) -> LongList:
    existing = LongList.objects.filter(plan=plan, title=title).first()
    return existing or actions.create_long_list(plan, by=ACTOR, title=title)


def _seed_candidates(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        plan = Plan.objects.filter(slug=entry["plan"]).first()
        if plan is None:
            continue
        long_list = _long_list(plan, entry.get("source") or SEED_LONG_LIST)
        candidate = long_list.candidates.filter(title=entry["title"]).first()
        if candidate is None:
            candidate = actions.add_candidate(
                long_list,
                by=ACTOR,
                title=entry["title"],
                source=CandidateSource.MANUAL,
                source_text=entry.get("source") or "",
            )
        promoted = resolve_initiatives([entry["promoted_to"]] if entry.get("promoted_to") else [])
        if promoted and candidate.promoted_to_id is None:
            actions.link_candidate_to_initiative(candidate, promoted[0], by=ACTOR)


def _workshop_candidates() -> None:
    """The recommendations of the Robust Psykiatri theme workshops, on the 2022 long-list."""
    plan = Plan.objects.filter(slug="robust-psykiatri-2022").first()
    if plan is None:
        return
    outputs = WorkshopOutput.objects.filter(
        workshop__plan=plan, kind=OutputKind.RECOMMENDATION
    ).select_related("workshop")
    long_list = _long_list(plan, WORKSHOP_LONG_LIST)
    taken = set(long_list.candidates.values_list("workshop_output_id", flat=True))
    for output in outputs:
        if output.pk not in taken:
            actions.add_candidate(
                long_list, by=ACTOR, title=output.text[:500], workshop_output=output
            )


def _consultation(entries: list[dict[str, Any]]) -> None:
    if not entries:
        return
    forums = {f.short_name: f for f in Forum.objects.all()}
    consultation = Consultation.objects.filter(title=CONSULTATION).first()
    if consultation is None:
        consultation = actions.create_consultation(
            by=ACTOR,
            title=CONSULTATION,
            # Psykiatri og Social's strategy: it belongs with the psychiatry year plan.
            plan=Plan.objects.filter(slug="psykiatri-aarsplan-2021").first(),
            description="Inputs til den nye strategi for kompetenceudvikling fra AL, LMU og "
            "specialerådene (voksen-, børne- og ungdomspsykiatrien).",
            # Seed 003 asked AL, LMU and the specialty councils: they are the invited forums.
            forums=[forums[e["source"]] for e in entries if e["source"] in forums],
        )
    if consultation.inputs.exists():
        return
    invitations = {i.forum_id: i for i in consultation.invitations.all() if i.forum_id}
    for entry in entries:
        forum = forums.get(entry["source"])
        actions.add_consultation_input(
            consultation,
            by=ACTOR,
            source=entry["source"],
            kind=entry["kind"],
            text=entry["text"],
            forum=forum,
            invitation=invitations.get(forum.pk) if forum else None,
        )


@transaction.atomic
def load_participation() -> None:
    """Load workshops, long-list candidates and consultation inputs (idempotent)."""
    from fremdrift.demo.loader import DATA_DIR, read_yaml

    if not (DATA_DIR / DATA_FILE).exists():
        return
    document = read_yaml(DATA_FILE)
    _workshops(document.get("workshops") or [])
    _seed_candidates(document.get("candidates") or [])
    _workshop_candidates()
    _consultation(document.get("consultation_inputs") or [])
