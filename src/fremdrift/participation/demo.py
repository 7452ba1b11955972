"""Demo step: workshops, long-lists with candidates and consultation inputs from governance.yaml.

Idempotent: workshops by plan, title and date; long-lists by plan and title; candidates by
long-list and title; a candidate is scored once; a consultation's inputs are loaded once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from fremdrift.governance.demo import resolve_initiatives
from fremdrift.governance.models import Forum
from fremdrift.participation import actions
from fremdrift.participation.choices import CandidateSource, CandidateStatus, OutputKind
from fremdrift.participation.models import (
    Candidate,
    Consultation,
    LongList,
    Workshop,
    WorkshopOutput,
)
from fremdrift.portfolio.models import Plan

ACTOR = "demo"
DATA_FILE = "governance.yaml"
SEED_LONG_LIST = "Arbejdet med den robuste psykiatri"
WORKSHOP_LONG_LIST = "Bruttoliste over mulige indsatser 2022"
CONSULTATION = "Ny strategi for kompetenceudvikling – Psykiatri og Social"

# The prioritisation criteria of the demo's long-lists. Seed 000 asks what gives "en mærkbar
# effekt af indsatserne i Robust Psykiatri" and points to "bruttolisten over mulige indsatser
# til robustgørelse af Psykiatrien": effect on a robust psychiatry against how feasible the
# initiative is with the people, money and time at hand.
CRITERIA = {
    SEED_LONG_LIST: ("Effekt på robust psykiatri", "Gennemførlighed"),
    WORKSHOP_LONG_LIST: ("Mærkbar effekt", "Gennemførlighed i 2022"),
}

# Scores from 1 to 5 as HL, AL and HMU might have given them, drawn from the seeds' themes:
# the shortage of specialists (seed 000: "Psykiatrien i RM skal rekruttere langt flere læger"),
# the social workers' two main tasks, the function leaders' lack of time for anchoring
# (seed 002), and the strands of "Arbejdet med den robuste psykiatri" (seed 001), of which the
# four that became initiatives were scored high before they were promoted.
SCORES: dict[str, dict[str, tuple[int, int]]] = {
    SEED_LONG_LIST: {
        "Rekruttering af udenlandske læger (til flere afdelinger)": (4, 2),
        "Proces med fokus på tværfaglighed og lægerollen": (5, 4),
        "Bedre I- og H-forløb": (3, 3),
        "Fælles introduktion for yngre læger på tværs af afdelinger": (3, 4),
        "Centralisering af ansættelsesprocessen": (2, 4),
        "Samspil mellem hovedfunktion og regionsfunktion": (4, 3),
        "Fælles introduktion for alle medarbejdere i Psykiatrien": (4, 5),
        "Psykiatriakademi – en fælles kompetenceplatform for Psykiatrien": (5, 3),
        "Langsigtet plan for RP Vest": (4, 1),
    },
    WORKSHOP_LONG_LIST: {
        # Temaworkshop: Socialrådgivernes rolle i psykiatrien
        "Socialrådgivere i alle afdelinger": (4, 2),
        "2 overordnede opgaver for socialrådgivere: Social screening ved kontakt til psykiatrien "
        "og Tværsektorielt samarbejde": (5, 4),
        "Socialrådgiverne skal selv løfte opgaverne": (3, 4),
        "Socialrådgiverne skal følge patienten i hele forløb (på tværs af stationær og amb) ved "
        "behov": (4, 2),
        "Socialrådgiverne skal være en del af det tværsektorielle team med den faglige ledelse "
        "lokalt": (3, 3),
        "Socialrådgiverne skal have adgang til fagligt netværk": (2, 5),
        # Temaworkshop: Fastholdelse og rekruttering af uddannelseslæger
        "Individuel fastholdelse (mulighed for forskning, deltid, terapi mv.)": (4, 3),
        "Strukturel fastholdelse (lokaler, administrativ bistand, dokumentation, mødehygiejne)": (
            4,
            4,
        ),
        "Psyko-bussen (speciallæger hjælper regionspsykiatrien)": (3, 2),
        "Sociale tiltag": (2, 4),
        "Vilkår for speciallæger (fastholdelse og rekruttering af uddannelseslæger afhænger af "
        "om der er attraktive speciallægestillinger)": (5, 1),
        "Indsatser for medicinstuderende": (3, 5),
        # Temaworkshop: Funktionsledernes rolle og implementeringskraft
        "Bedre dialog på tværs af ledelsesniveauerne/gensidig forventningsafstemning": (3, 4),
        "Differentiering ift. krav og støtte til implementering af de enkelte opgaver": (4, 3),
        "Bedre hjælp til prioritering": (5, 4),
        "FL’erne skal kunne lede projektledere (behov for kompetenceudvikling)": (3, 2),
        "Bedre brug af og uddannelse af nøglepersoner, f.eks kvalitetskoordinatorer og "
        "forløbskoordinatorer": (4, 3),
        "Bedre tilgængelighed til staben ift. at kunne få hjælp": (2, 5),
        "Staben skal have de kompetencer, som der er brug for til at understøtte "
        "implementeringen": (3, 3),
        "Nogle ting kan implementeres ens (f.eks. dokumentation). Andet skal tilpasses en lokal "
        "kontekst (f.eks. intensive senge)": (2, 3),
    },
}

# The 2022 long-list is being prioritised: the three strongest are chosen so far.
SELECTED = {
    WORKSHOP_LONG_LIST: [
        "2 overordnede opgaver for socialrådgivere: Social screening ved kontakt til psykiatrien "
        "og Tværsektorielt samarbejde",
        "Strukturel fastholdelse (lokaler, administrativ bistand, dokumentation, mødehygiejne)",
        "Bedre hjælp til prioritering",
    ],
}


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
    if existing:
        return existing
    x_label, y_label = CRITERIA.get(title, ("", ""))
    return actions.create_long_list(plan, by=ACTOR, title=title, x_label=x_label, y_label=y_label)


def _score(candidate: Candidate) -> None:
    """Give a candidate its demo scores, once, and before it is promoted (after that its
    scores are part of the decision record)."""
    scores = SCORES.get(candidate.long_list.title, {}).get(candidate.title)
    if scores is None or candidate.is_scored or candidate.status == CandidateStatus.PROMOTED:
        return
    actions.score_candidate(candidate, by=ACTOR, x_score=scores[0], y_score=scores[1])


def _select(long_list: LongList) -> None:
    chosen = SELECTED.get(long_list.title, [])
    for candidate in long_list.candidates.filter(title__in=chosen, status=CandidateStatus.OPEN):
        actions.set_candidate_status(candidate, by=ACTOR, status=CandidateStatus.SELECTED)


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
        _score(candidate)
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
    for candidate in long_list.candidates.all():
        _score(candidate)
    _select(long_list)


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
