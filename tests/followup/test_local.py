"""Local implementation status, the roll-up on the plan row, readiness."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fremdrift.followup import actions, queries
from fremdrift.followup.choices import ReadinessDimension
from fremdrift.followup.models import LocalStatus

pytestmark = pytest.mark.django_db

ALL_FOUR = {d.value: (4, "") for d in ReadinessDimension}


def test_local_statuses_are_kept_as_history(local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(
        initiative,
        units["hospital"],
        by=people["editor_hospital"],
        phase="afprøvning",
        text="Prøves af.",
    )
    actions.record_local_status(
        initiative,
        units["hospital"],
        by=people["editor_hospital"],
        phase="implementering",
        text="Implementeres.",
    )
    assert LocalStatus.objects.filter(initiative=initiative).count() == 2
    latest = queries.latest_local([initiative.pk])[(initiative.pk, units["hospital"].pk)]
    assert latest.phase == "implementering"
    with pytest.raises(PermissionError):
        latest.save()


def test_only_a_local_unit_has_a_local_status(local_plan, units, people):
    initiative = local_plan.initiatives_by_key["local"]
    with pytest.raises(ValidationError):
        actions.record_local_status(initiative, units["hr"], by="t", phase="drift")


def test_the_roll_up_counts_units_by_phase(local_plan, units):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(initiative, units["hospital"], by="t", phase="implementering")
    actions.record_local_status(initiative, units["cluster"], by="t", phase="implementering")
    actions.record_local_status(initiative, units["horsens"], by="t", phase="afprøvning")
    notes = queries.rollup_notes([initiative.pk, local_plan.initiatives_by_key["hr"].pk])
    assert notes == {initiative.pk: ["Lokalt: 2 af 3 enheder i implementering, 1 i afprøvning"]}


def test_the_roll_up_counts_units_without_a_status(local_plan, units, settings):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_local_status(initiative, units["hospital"], by="t", phase="implementering")
    from django.utils import translation

    with translation.override("da"):
        notes = queries.rollup_notes([initiative.pk])
    assert notes[initiative.pk] == ["Lokalt: 1 af 3 enheder i implementering, 2 uden lokal status"]


def test_a_readiness_assessment_scores_all_eight_dimensions(local_plan, units):
    initiative = local_plan.initiatives_by_key["local"]
    with pytest.raises(ValidationError):
        actions.record_readiness(initiative, units["hospital"], by="t", scores={"opgaven": (3, "")})
    with pytest.raises(ValidationError):
        actions.record_readiness(
            initiative, units["hospital"], by="t", scores={**ALL_FOUR, "rammen": (6, "")}
        )
    assessment = actions.record_readiness(initiative, units["hospital"], by="t", scores=ALL_FOUR)
    assert assessment.scores.count() == 8


def test_the_support_list_shows_units_whose_latest_assessment_is_low(local_plan, units):
    initiative = local_plan.initiatives_by_key["local"]
    actions.record_readiness(
        initiative,
        units["hospital"],
        by="t",
        scores={**ALL_FOUR, "supporten": (1, "Ingen superbrugere")},
    )
    actions.record_readiness(
        initiative, units["cluster"], by="t", scores={**ALL_FOUR, "rammen": (2, "")}
    )
    actions.record_readiness(initiative, units["cluster"], by="t", scores=ALL_FOUR)  # better now
    from fremdrift.portfolio.models import Initiative

    low = queries.low_readiness(Initiative.objects.all())
    assert [(a.unit, [d.value for d, _s in a.low]) for a in low] == [
        (units["hospital"], ["supporten"])
    ]
