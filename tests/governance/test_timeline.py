"""The process plan: swimlanes per forum, bars per work form, the next milestone."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from fremdrift.governance import actions, timeline
from fremdrift.portfolio import actions as portfolio_actions

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def process(meetings: Any, plan: Any) -> dict[str, Any]:
    shared = plan.initiatives_by_key["shared"]
    portfolio_actions.edit_initiative(
        shared,
        by=ACTOR,
        seen_version=None,
        changes={
            "work_form": "sprint",
            "start_date": dt.date(2021, 10, 1),
            "end_date": dt.date(2021, 12, 31),
        },
    )
    first = actions.create_milestone(
        plan,
        by=ACTOR,
        title="HMU 10.12: Erfaringer",
        date=dt.date(2021, 12, 10),
        meeting=meetings["december"],
        description="Forslag til drøftelse hos AL, FL og HMU => beslutning om videre proces",
    )
    later = actions.create_milestone(
        plan, by=ACTOR, title="AL-møde 31.01", date=dt.date(2022, 1, 31)
    )
    period = actions.create_milestone(
        plan,
        by=ACTOR,
        title="Gennemførelse af 3 sprintforløb",
        date=dt.date(2021, 10, 1),
        end_date=dt.date(2021, 12, 31),
        approximate=True,
        initiatives=[shared],
    )
    return {"first": first, "later": later, "period": period}


def test_lanes_per_forum_and_work_form(process: Any, plan: Any) -> None:
    built = timeline.build_timeline(plan, reference=dt.date(2021, 11, 1))
    titles = [lane.title for lane in built.lanes]
    assert titles[0] == "HMU"
    assert "Sprint" in titles or "Sprintforløb" in titles
    hmu = built.lanes[0]
    labels = [e.label for e in hmu.entries]
    assert labels == ["HMU 04.11", "HMU 10.12: Erfaringer"]  # the meeting and the milestone
    sprint = next(lane for lane in built.lanes if lane.key == "sprint")
    assert {e.kind for e in sprint.entries} == {"milestone", "initiative"}
    assert all(e.end for e in sprint.entries)


def test_the_next_milestone_follows_the_reference_date(process: Any, plan: Any) -> None:
    after_november = timeline.build_timeline(plan, reference=dt.date(2021, 11, 4))
    assert after_november.next_milestone.label == "HMU 10.12: Erfaringer"
    after_december = timeline.build_timeline(plan, reference=dt.date(2021, 12, 10))
    assert after_december.next_milestone.label == "AL-møde 31.01"
    assert timeline.build_timeline(plan, reference=dt.date(2023, 1, 1)).next_milestone is None


def test_the_svg_is_well_formed_and_accessible(process: Any, plan: Any) -> None:
    svg = timeline.render_svg(timeline.build_timeline(plan, reference=dt.date(2021, 12, 10)))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "group"  # it holds links: a named group, not an image
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith(
        "Procesplan"
    ) or root.find("{http://www.w3.org/2000/svg}title").text.startswith("Process plan")
    assert "<script" not in svg and "style=" not in svg
    assert "AL-møde 31.01" in svg
    assert 'stroke-dasharray="3 2"' in svg  # the approximate period


def test_a_shortened_label_is_cut_between_words_and_its_link_names_all_of_it(
    meetings: Any, plan: Any
) -> None:
    """axe's label-content-name-mismatch: the words a link shows are in its accessible name."""
    title = "Temaworkshop: Socialrådgivernes rolle i psykiatrien og i kommunerne fremover"
    actions.create_milestone(
        plan, by=ACTOR, title=title, date=dt.date(2021, 12, 1), meeting=meetings["december"]
    )
    svg = timeline.render_svg(timeline.build_timeline(plan, reference=dt.date(2021, 12, 10)))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    (link,) = [a for a in root.iter(f"{ns}a") if a.get("aria-label", "").startswith(title)]
    shown = "".join(t.text for t in link.iter(f"{ns}text"))
    assert shown.endswith("…") and len(shown) < len(title)
    words = shown.rstrip("…").split()
    assert title.split()[: len(words)] == words  # whole words only
    assert timeline._shorten("Forslag til proces for transformationsspor", 30) == (
        "Forslag til proces for…"
    )


def _month_labels(svg: str) -> list[tuple[float, str]]:
    """The month labels along the top of the chart: (x, text)."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    y = str(timeline.HEAD - 18)
    return [
        (float(t.get("x")), t.text)
        for t in root.iter(f"{ns}text")
        if t.get("y") == y and t.text and t.text[-4:].isdigit()
    ]


def test_month_labels_of_a_plan_over_several_years_do_not_overlap(process: Any, plan: Any) -> None:
    """A process plan from 2021 to 2026 labels quarters or years, readably, not 71 months."""
    actions.create_milestone(plan, by=ACTOR, title="Evaluering", date=dt.date(2026, 11, 30))
    svg = timeline.render_svg(timeline.build_timeline(plan, reference=dt.date(2021, 12, 10)))
    labels = _month_labels(svg)
    assert len(labels) >= 5  # still a scale to read
    for (x, text), (next_x, _next) in zip(labels, labels[1:], strict=False):
        assert next_x - x >= len(text) * timeline.CHAR + 6, (text, _next)


def test_a_short_process_plan_labels_every_month(process: Any, plan: Any) -> None:
    svg = timeline.render_svg(timeline.build_timeline(plan, reference=dt.date(2021, 12, 10)))
    texts = [text for _x, text in _month_labels(svg)]
    assert texts[:3] == ["Okt 2021", "Nov 2021", "Dec 2021"]
