"""The governance demo data: loaded from governance.yaml, idempotently."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fremdrift.governance.models import AgendaItem, Decision, Forum, Meeting, Milestone
from fremdrift.participation.models import Candidate, ConsultationInput, Workshop

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Forum.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Milestone.objects.count(),
        Decision.objects.count(),
        Workshop.objects.count(),
        Candidate.objects.count(),
        ConsultationInput.objects.count(),
    )


def test_the_demo_has_the_hmu_meetings_with_agenda_and_questions(demo: Any) -> None:
    hmu = Forum.objects.get(short_name="HMU")
    meeting = Meeting.objects.get(forum=hmu, date="2021-11-04")
    vision = meeting.items.get(number=2)
    assert vision.kind == "drøftelse"
    assert vision.discussion_minutes == 20
    assert vision.questions.count() == 3
    december = Meeting.objects.get(forum=hmu, date="2021-12-10")
    sprint = december.items.get(title="Sprint: Standardtekster ved medicinordination")
    assert sprint.kind == "beslutning"
    assert [i.ref for i in sprint.initiatives.all()] == ["standardtekster-medicinordination"]


def test_the_demo_has_workshops_decisions_and_consultation_inputs(demo: Any) -> None:
    workshop = Workshop.objects.get(date="2021-11-02", title__contains="uddannelseslæger")
    assert [(p.profession, p.count) for p in workshop.participants.all()] == [
        ("Overlæger", 6),
        ("Uddannelseslæger", 9),
        ("Stabsmedarbejdere", 2),
    ]
    assert workshop.participant_total == 17
    assert Decision.objects.filter(text__contains="HR-forum godkendte").count() == 1
    assert ConsultationInput.objects.filter(source="LMU").count() >= 10
    promoted = Candidate.objects.filter(promoted_to__isnull=False).count()
    assert promoted == 4


def test_loading_the_demo_twice_changes_nothing(demo: Any) -> None:
    from fremdrift.demo import loader

    before = _counts()
    loader.load_all()
    assert _counts() == before


@pytest.mark.parametrize(
    "url",
    [
        "/governance/",
        "/governance/meetings/",
        "/governance/plans/robust-psykiatri-2022/process/",
        "/participation/plans/robust-psykiatri-2022/workshops/",
        "/participation/plans/robust-psykiatri-2022/long-lists/",
        "/participation/consultations/",
    ],
)
def test_the_pages_of_the_demo_answer(demo: Any, url: str) -> None:
    client = Client()
    client.login(username="koordinator", password="demo")
    response = client.get(url)
    assert response.status_code == 200, response.content[:2000]


def test_every_demo_meeting_forum_workshop_and_long_list_page_answers(demo: Any) -> None:
    from fremdrift.participation.models import LongList

    client = Client()
    client.login(username="koordinator", password="demo")
    urls = [f.get_absolute_url() for f in Forum.objects.all()]
    urls += [m.get_absolute_url() for m in Meeting.objects.all()]
    urls += [w.get_absolute_url() for w in Workshop.objects.all()]
    urls += [ll.get_absolute_url() for ll in LongList.objects.all()]
    urls += [
        c.get_absolute_url()
        for c in __import__(
            "fremdrift.participation.models", fromlist=["Consultation"]
        ).Consultation.objects.all()
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_demo_holds_action_items_from_the_seeds(demo: Any) -> None:
    from fremdrift.governance.demo_cycle import load_action_items
    from fremdrift.governance.models import ActionItem

    hmu = Forum.objects.get(short_name="HMU")
    november = ActionItem.objects.filter(meeting__forum=hmu, meeting__date="2021-11-04")
    evaluation = november.get(text__startswith="Evaluering af standardplanen")
    assert str(evaluation.deadline) == "2021-11-05"  # uge 44
    assert evaluation.owner_unit.name == "Regionspsykiatrien Midt"
    assert not evaluation.illustrative
    december = ActionItem.objects.filter(meeting__forum=hmu, meeting__date="2021-12-10")
    assert december.exists() and all(a.illustrative for a in december)
    # Open action items of 4 November are in the pack of 10 December.
    count = ActionItem.objects.count()
    assert load_action_items() == 0 and ActionItem.objects.count() == count
