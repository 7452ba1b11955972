"""The demo step: an open round on the winter plan, local statuses and readiness; twice is once."""

from __future__ import annotations

import pytest

from fremdrift.core.models import OrgUnit
from fremdrift.followup.choices import RequestState
from fremdrift.followup.models import LocalStatus, ReadinessAssessment, UpdateRound

pytestmark = pytest.mark.django_db


def test_the_demo_opens_a_round_with_answers_and_koncern_hr_still_owes(demo):
    from fremdrift.demo import loader

    update_round = UpdateRound.objects.get(plan__slug="vinterplan-2021")
    assert update_round.is_open
    states = list(update_round.requests.values_list("state", flat=True))
    assert states.count(RequestState.ACCEPTED) == 4
    hr = OrgUnit.objects.get(name="Koncern HR")
    owed_by_hr = update_round.requests.filter(
        unit__path__startswith=hr.path, state=RequestState.OUTSTANDING
    )
    assert owed_by_hr.count() >= 2
    assert LocalStatus.objects.count() == 3
    assert ReadinessAssessment.objects.count() == 2
    loader.load_all()
    assert UpdateRound.objects.count() == 1
    assert LocalStatus.objects.count() == 3 and ReadinessAssessment.objects.count() == 2
