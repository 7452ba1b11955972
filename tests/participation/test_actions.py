"""The participation actions: workshops, consultations, long-lists, scoring and promotion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from fremdrift.core.models import AuditEvent
from fremdrift.participation import actions
from fremdrift.participation.models import Candidate
from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def workshop(plan: Any) -> Any:
    return actions.create_workshop(
        plan,
        by=ACTOR,
        title="Temaworkshop: Fastholdelse og rekruttering af uddannelseslæger",
        date=dt.date(2021, 11, 2),
        facilitators=["Farahna Harees ADA", "Jakob Paludan BUA", ""],
        participants=[("Overlæger", 6), ("Uddannelseslæger", 9), ("Stabsmedarbejdere", 2)],
        challenges=["For mange springer fra introduktionsuddannelsen"],
        recommendations=[
            "Psyko-bussen (speciallæger hjælper regionspsykiatrien)",
            "Sociale tiltag",
        ],
        outputs=[],
        initiatives=[plan.initiatives_by_key["hr"]],
    )


@pytest.fixture
def long_list(plan: Any) -> Any:
    return actions.create_long_list(plan, by=ACTOR, title="Bruttoliste 2022")


def test_a_workshop_keeps_participants_by_profession_and_its_outputs(workshop: Any) -> None:
    assert workshop.facilitators == ["Farahna Harees ADA", "Jakob Paludan BUA"]
    assert [str(p) for p in workshop.participants.all()] == [
        "6 Overlæger",
        "9 Uddannelseslæger",
        "2 Stabsmedarbejdere",
    ]
    assert workshop.participant_total == 17
    kinds = sorted(o.kind for o in workshop.outputs.all())
    assert kinds == ["challenge", "recommendation", "recommendation"]
    assert AuditEvent.objects.filter(object_type="participation.workshop").count() == 1


def test_a_workshop_needs_a_title(plan: Any) -> None:
    with pytest.raises(ValidationError):
        actions.create_workshop(plan, by=ACTOR, title=" ", date=dt.date(2021, 11, 2))


def test_a_long_list_has_default_axes_and_a_valid_scale(plan: Any, long_list: Any) -> None:
    assert (long_list.x_label, long_list.y_label) == ("Effekt", "Gennemførlighed") or (
        long_list.x_label,
        long_list.y_label,
    ) == ("Effect", "Feasibility")
    with pytest.raises(ValidationError):
        actions.create_long_list(plan, by=ACTOR, title="Skæv", scale_min=5, scale_max=5)
    custom = actions.create_long_list(
        plan,
        by=ACTOR,
        title="Andet",
        x_label="Gevinst",
        y_label="Indsats",
        scale_min=0,
        scale_max=10,
    )
    assert (custom.scale_min, custom.scale_max) == (0, 10)


def test_a_candidate_from_a_workshop_recommendation_keeps_its_origin(
    workshop: Any, long_list: Any
) -> None:
    recommendation = workshop.outputs.filter(kind="recommendation").first()
    candidate = actions.add_candidate(
        long_list, by=ACTOR, title=recommendation.text, workshop_output=recommendation
    )
    assert candidate.source == "workshop"
    assert candidate.origin_url == workshop.get_absolute_url()
    assert candidate.origin_label == workshop.title


def test_a_challenge_cannot_become_a_candidate(workshop: Any, long_list: Any) -> None:
    challenge = workshop.outputs.get(kind="challenge")
    with pytest.raises(ValidationError):
        actions.add_candidate(long_list, by=ACTOR, title="X", workshop_output=challenge)


def test_a_candidate_from_a_forum_discussion_links_the_agenda_item(
    meetings: Any, long_list: Any
) -> None:
    candidate = actions.add_candidate(
        long_list, by=ACTOR, title="Mere tværfaglighed", agenda_item=meetings["item"]
    )
    assert candidate.source == "forum"
    assert candidate.origin_url == meetings["item"].get_absolute_url()


def test_a_candidate_from_a_consultation_input(long_list: Any) -> None:
    consultation = actions.create_consultation(by=ACTOR, title="Kompetencestrategi")
    entry = actions.add_consultation_input(
        consultation, by=ACTOR, source="LMU", kind="anbefaling", text="Tavlemøder til læring"
    )
    candidate = actions.add_candidate(
        long_list, by=ACTOR, title=entry.text, consultation_input=entry
    )
    assert candidate.source == "consultation"
    assert candidate.origin_url == consultation.get_absolute_url()
    with pytest.raises(ValidationError):
        actions.add_consultation_input(consultation, by=ACTOR, source="AL", kind="x", text="y")


def test_scores_must_lie_on_the_scale_and_are_audited(long_list: Any) -> None:
    candidate = actions.add_candidate(long_list, by=ACTOR, title="Psyko-bussen")
    actions.score_candidate(candidate, by=ACTOR, x_score=4, y_score=2)
    candidate.refresh_from_db()
    assert (candidate.x_score, candidate.y_score) == (4, 2)
    with pytest.raises(ValidationError):
        actions.score_candidate(candidate, by=ACTOR, x_score=6, y_score=2)
    event = AuditEvent.objects.filter(
        object_type="participation.candidate", action="updated"
    ).first()
    assert event.after == {"x_score": 4, "y_score": 2}


def test_a_promoted_candidate_keeps_its_origin_and_links_the_initiative(
    plan: Any, workshop: Any, long_list: Any, users: Any
) -> None:
    recommendation = workshop.outputs.filter(kind="recommendation").first()
    candidate = actions.add_candidate(
        long_list, by=ACTOR, title=recommendation.text, workshop_output=recommendation
    )
    area = plan.areas_by_slug["personale"]
    initiative = actions.promote_candidate(
        candidate,
        by=users["coordinator"],
        areas=[area],
        title="Psyko-bussen",
        work_form="prøvehandling",
        phase="afprøvning",
    )
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.status == "promoted" and candidate.promoted_to == initiative
    assert candidate.workshop_output == recommendation  # the origin stays
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.plan == plan
    assert workshop.title in initiative.description
    assert list(initiative.candidates.all()) == [candidate]
    assert initiative.memberships.filter(area=area, valid_to__isnull=True).exists()
    assert AuditEvent.objects.filter(
        object_type="portfolio.initiative", action="created", object_id=str(initiative.pk)
    ).exists()
    with pytest.raises(ValidationError):
        actions.promote_candidate(candidate, by=ACTOR)


def test_a_promoted_candidate_cannot_be_reopened(long_list: Any) -> None:
    candidate = actions.add_candidate(long_list, by=ACTOR, title="Sociale tiltag")
    actions.set_candidate_status(candidate, by=ACTOR, status="selected")
    actions.promote_candidate(candidate, by=ACTOR)
    candidate.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.set_candidate_status(candidate, by=ACTOR, status="open")


def test_linking_a_candidate_to_an_existing_initiative(long_list: Any, plan: Any) -> None:
    candidate = actions.add_candidate(long_list, by=ACTOR, title="SPV'er")
    actions.link_candidate_to_initiative(candidate, plan.initiatives_by_key["hr"], by=ACTOR)
    actions.link_candidate_to_initiative(candidate, plan.initiatives_by_key["hr"], by=ACTOR)
    assert Candidate.objects.get(pk=candidate.pk).promoted_to == plan.initiatives_by_key["hr"]
