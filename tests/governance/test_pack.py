"""The meeting pack marks what changed since the forum's previous meeting."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone

from fremdrift.governance import actions, pack
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.reports.renderers.base import Branding
from tests import tools

pytestmark = pytest.mark.django_db
ACTOR = "test"


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def history(meetings: Any) -> dict[str, Any]:
    """A plan from October 2021: a status before the November meeting and a new one between
    the two meetings; both initiatives are on the December agenda item."""
    start = _at(dt.date(2021, 10, 1))
    plan = portfolio_actions.create_plan(by=ACTOR, slug="robust", title="Robust", at=start)
    area = portfolio_actions.create_area(plan, by=ACTOR, title="Sprintforløb", at=start)
    shared = portfolio_actions.create_initiative(
        plan,
        by=ACTOR,
        title="Standardtekster ved medicinordination",
        areas=[area],
        phase="afprøvning",
        at=start,
    )
    hr = portfolio_actions.create_initiative(
        plan, by=ACTOR, title="Dokumentation", areas=[area], phase="udvikling", at=start
    )
    actions.update_agenda_item(meetings["item"], by=ACTOR, initiatives=[shared, hr])
    portfolio_actions.record_status(
        shared, by=ACTOR, seen_version=None, text="Klar i november.", at=_at(dt.date(2021, 11, 1))
    )
    portfolio_actions.record_status(
        hr, by=ACTOR, seen_version=None, text="Uændret siden.", at=_at(dt.date(2021, 11, 1))
    )
    portfolio_actions.record_status(
        shared,
        by=ACTOR,
        seen_version=None,
        text="Klar i november. Udvidet til Horsens.",
        phase="implementering",
        at=_at(dt.date(2021, 11, 20)),
    )
    return {"shared": shared, "hr": hr}


def pdf_text(data: bytes) -> str:
    """The text of a PDF by poppler's pdftotext (Debian poppler-utils)."""
    result = tools.run(
        [tools.pdftotext(), "-layout", "-", "-"], input=data, timeout=120, check=True
    )
    return " ".join(result.stdout.decode().split())


def _rows(built: pack.MeetingPack) -> dict[int, Any]:
    entry = next(e for e in built.items if e.content is not None)
    return {row.initiative_id: row for row in entry.content.areas[0].rows}


def test_the_pack_marks_changes_since_the_forums_previous_meeting(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["december"], users["admin"], as_of=_at(dt.date(2021, 12, 9)))
    assert built.previous == meetings["november"]
    assert built.baseline_at == meetings["november"].ends_at
    rows = _rows(built)
    changed = rows[history["shared"].pk]
    assert changed.has_changes
    marked = [segment.text for segment in changed.status if segment.changed]
    assert any("Udvidet til Horsens" in text for text in marked)
    assert not any(text.strip() == "Klar i november." for text in marked)
    assert changed.phase.has_changes
    assert not rows[history["hr"].pk].has_changes
    assert built.items[0].changed_count == 1


def test_a_change_before_the_previous_meeting_is_not_marked(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["december"], users["admin"], as_of=_at(dt.date(2021, 11, 10)))
    rows = _rows(built)
    assert not rows[history["shared"].pk].has_changes


def test_the_first_meeting_of_a_forum_marks_nothing(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["november"], users["admin"])
    assert built.previous is None and built.baseline_label is None
    entry = built.items[0]
    assert not any(r.has_changes for r in entry.content.areas[0].rows)


def test_the_pack_shows_only_initiatives_the_user_may_see(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["december"], users["editor_hr"])
    assert all(e.content is None for e in built.items)


def test_the_pdf_has_the_agenda_the_changes_and_the_questions(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["december"], users["admin"])
    data = pack.render_pdf(built, Branding())
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Præhospitalet i dagtid" in text or "Prehospitalet" in text
    assert "Udvidet til Horsens" in text
    assert "Hvad mangler?" in text


def test_the_html_of_the_pdf_marks_the_changed_sentence(
    meetings: Any, history: Any, users: Any
) -> None:
    built = pack.build_pack(meetings["december"], users["admin"])
    html = pack.pack_html(built, Branding())
    assert '<mark class="changed">' in html
    assert "Udvidet til Horsens" in html.split('<mark class="changed">', 1)[1]


def test_the_pptx_has_an_agenda_the_status_table_and_the_questions(
    meetings: Any, history: Any, users: Any
) -> None:
    from pptx import Presentation

    built = pack.build_pack(meetings["december"], users["admin"])
    deck = Presentation(BytesIO(pack.render_pptx(built, Branding())))
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]
    texts = [
        "\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in deck.slides
    ]
    assert len(titles) >= 4
    agenda_index = next(i for i, t in enumerate(titles) if t in ("Agenda", "Dagsorden"))
    table_index = next(i for i, t in enumerate(titles) if t.startswith("1. Præhospitalet"))
    question_index = next(i for i, text in enumerate(texts) if "Hvad mangler?" in text)
    assert agenda_index < table_index < question_index
    tables = [sh for s in deck.slides for sh in s.shapes if sh.has_table]
    cells = " ".join(c.text for t in tables for r in t.table.rows for c in r.cells)
    assert "Udvidet til Horsens" in cells


def test_the_pack_shows_the_new_phase_marked(meetings: Any, history: Any, users: Any) -> None:
    built = pack.build_pack(meetings["december"], users["admin"])
    html = pack.pack_html(built, Branding())
    marks = html.split('<mark class="changed">')[1:]
    assert any(mark.split("</mark>")[0].endswith("Implementering") for mark in marks)
