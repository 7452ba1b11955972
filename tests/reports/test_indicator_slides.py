"""Indicators where decisions are made: a plan's linked indicators as chart slides in its
status deck and in meeting packs (per plan, ``DeckOptions.show_indicators``), suppressed;
hand-entered measures with their targets."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from pptx import Presentation

from fremdrift.governance import actions as governance_actions
from fremdrift.governance import pack
from fremdrift.indicators import actions as indicator_actions
from fremdrift.reports import actions as report_actions
from fremdrift.reports import service
from fremdrift.reports.renderers.base import Branding
from tests.indicators_web.indicators_web_helpers import measure_shared_initiative

from .libreoffice import printed_pages, to_pdf

pytestmark = pytest.mark.django_db
ACTOR = "test"


@pytest.fixture
def measured(plan: Any) -> Any:
    """The shared initiative measured by Favrskov's acute admissions (3 in January: hidden)
    and by a hand-entered answer time with a target."""
    return measure_shared_initiative(plan, ACTOR)


def _charts(data: bytes) -> dict[str, dict[str, Any]]:
    """Per slide title: the chart's series and the slide's text."""
    found = {}
    for slide in Presentation(BytesIO(data)).slides:
        charts = [s.chart for s in slide.shapes if s.has_chart]
        if not charts:
            continue
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        series = {s.name: list(s.values) for s in charts[0].plots[0].series}
        categories = list(charts[0].plots[0].categories)
        found[title] = {"series": series, "categories": categories, "text": text}
    return found


def test_without_the_option_a_deck_has_no_indicator_slides(plan, measured):
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    assert generated.content.indicators == ()
    assert _charts(generated.data) == {}


def test_the_status_deck_draws_the_linked_indicators_suppressed(plan, measured):
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    charts = _charts(generated.data)
    acute = charts["Akutte indlæggelser"]
    values = dict(zip(acute["categories"], acute["series"]["Akutte indlæggelser"], strict=True))
    assert values["december 2021"] == 12
    assert values["januar 2022"] is None  # 3: hidden, never drawn
    assert "Skjult (*): januar 2022." in acute["text"]
    assert "Favrskov" in acute["text"]
    assert 3 not in [v for v in values.values() if v is not None]


def test_a_hand_entered_measure_comes_with_its_target(plan, measured):
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    answer = _charts(generated.data)["Svartid i Patientkontoret"]
    assert answer["series"]["Svartid i Patientkontoret"] == [42.0, 6.0]
    assert answer["series"]["Mål"] == [10.0, 10.0]
    assert "Mål: 10 dage" in answer["text"] and "Seneste: 6 dage" in answer["text"]
    # Danish dates and a subtitle that starts as a sentence does
    assert answer["categories"] == ["5. jan. 2022", "8. feb. 2022"]
    assert "Indtastet manuelt · " in answer["text"]


def test_the_meeting_pack_shows_the_indicators_after_the_item(plan, measured, users):
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    forum = governance_actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", plans=[plan]
    )
    meeting = governance_actions.create_meeting(
        forum, by=ACTOR, date=dt.date(2022, 3, 10), title="HMU-møde"
    )
    governance_actions.add_agenda_item(
        meeting, by=ACTOR, title="Præhospitalet", kind="beslutning", initiatives=[measured]
    )
    built = pack.build_pack(meeting, users["admin"])
    data = pack.render_pptx(built, Branding.from_settings())
    titles = [
        s.shapes.title.text if s.shapes.title is not None else ""
        for s in Presentation(BytesIO(data)).slides
    ]
    item = titles.index(next(t for t in titles if t.startswith("1. Præhospitalet")))
    assert titles[item + 1] == "1. Præhospitalet: Akutte indlæggelser"
    assert titles[item + 2] == "1. Præhospitalet: Svartid i Patientkontoret"
    acute = _charts(data)["1. Præhospitalet: Akutte indlæggelser"]
    assert None in acute["series"]["Akutte indlæggelser"]


def test_a_plan_without_the_option_keeps_its_pack_without_charts(plan, measured, users):
    forum = governance_actions.create_forum(
        by=ACTOR, short_name="HMU", name="Hoved-MED-udvalget", plans=[plan]
    )
    meeting = governance_actions.create_meeting(
        forum, by=ACTOR, date=dt.date(2022, 3, 10), title="HMU-møde"
    )
    governance_actions.add_agenda_item(
        meeting, by=ACTOR, title="Præhospitalet", kind="beslutning", initiatives=[measured]
    )
    data = pack.render_pptx(pack.build_pack(meeting, users["admin"]), Branding.from_settings())
    assert _charts(data) == {}


def test_libreoffice_prints_the_chart_slides(plan, measured, tmp_path):
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    pages = printed_pages(to_pdf(generated.data, tmp_path))
    chart_pages = [p for p in pages if "Skjult (*)" in p.text]
    assert chart_pages, [p.text[:80] for p in pages]
    assert "Favrskov" in chart_pages[0].text


def _chart_of(data: bytes, title: str) -> Any:
    for slide in Presentation(BytesIO(data)).slides:
        charts = [s for s in slide.shapes if s.has_chart]
        if charts and slide.shapes.title.text == title:
            return charts[0].chart
    pytest.fail(f"no chart slide {title!r}")


def test_a_hand_entered_measure_names_its_unit_on_the_axis(plan, measured, tmp_path, users):
    """The answer time is in days: the deck's axis reads "40 dage" (LibreOffice prints it),
    the report page writes "dage" above its axis."""
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    ticks = _chart_of(generated.data, "Svartid i Patientkontoret").value_axis.tick_labels
    assert "dage" in ticks.number_format and not ticks.number_format_is_linked
    pages = printed_pages(to_pdf(generated.data, tmp_path))
    answer = next(p for p in pages if "Svartid i Patientkontoret" in p.text)
    # the axis's zero (the facts line has "10 dage" and "6 dage", never "0 dage" alone)
    assert re.search(r"(?<![\d,])0 dage", answer.text), answer.text
    page = _report_page(plan, users["coordinator"])
    after = page[page.index(">Svartid i Patientkontoret</h3>") :]
    assert re.search(r'class="axis-unit"[^>]*>dage</text>', after)


def test_a_rate_chart_reads_in_percent_and_a_long_subtitle_pushes_the_facts_down(plan, measured):
    """The axis of a readmission chart says 20 %, not 0.2; the subtitle (place and
    initiative) wraps over two lines when the initiative's title is long, and the bold
    "Seneste" line and the chart move down instead of being written over."""
    from pptx.util import Emu

    shared = plan.initiatives_by_key["shared"]
    # (a title may hold line breaks, as the seed decks' do)
    shared.title = "Flere faggrupper i akutmodtagelsen\n• og et bedre samarbejde " * 3
    shared.save(update_fields=["title"])
    indicator_actions.link_indicator(
        shared, by=ACTOR, indicator="readmission_30d", sector="somatik",
        geo_level="region", geo_code="RM", geo_name="RM",
    )  # fmt: skip
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pptx", no_baseline=True)
    for slide in Presentation(BytesIO(generated.data)).slides:
        charts = [s for s in slide.shapes if s.has_chart]
        if not charts or slide.shapes.title.text != "Genindlæggelser inden for 30 dage":
            continue
        axis = charts[0].chart.value_axis.tick_labels
        assert "%" in axis.number_format and not axis.number_format_is_linked
        boxes = [s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        subtitle = next(s for s in boxes if "Flere faggrupper" in s.text_frame.text)
        facts = next(s for s in boxes if s.text_frame.text.startswith("Seneste"))
        assert Emu(subtitle.top + subtitle.height) <= facts.top
        assert facts.top + facts.height <= charts[0].top
        return
    titles = [s.shapes.title.text for s in Presentation(BytesIO(generated.data)).slides]
    pytest.fail(f"no readmission slide: {titles}")


def test_the_pdf_presentation_has_the_indicator_pages_too(plan, measured, tmp_path):
    """The option says "PowerPoint- og PDF-præsentationer": the PDF has a page per linked
    indicator after the tables, with the chart, the latest value and the hidden periods."""
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    generated = service.generate(plan, fmt="pdf", no_baseline=True)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(generated.data)
    pages = printed_pages(pdf)
    acute = [p for p in pages if "Akutte indlæggelser" in p.text and "Skjult (*)" in p.text]
    assert acute, [p.text[:80] for p in pages]
    assert "Favrskov" in acute[0].text and "Seneste" in acute[0].text
    assert "skjult (et lille tal" in acute[0].text  # the chart itself, with its key
    answer = [p for p in pages if "Svartid i Patientkontoret" in p.text]
    assert answer and "Mål: 10 dage" in answer[0].text


def _report_page(plan: Any, user: Any) -> str:
    from django.urls import reverse

    from tests.conftest import client_for

    response = client_for(user).get(reverse("reports:page", args=[plan.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_page_shows_the_indicator_charts_the_decks_have(plan, measured, users):
    """The status report on screen shows what its deck and PDF show, after the tables."""
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    page = _report_page(plan, users["coordinator"])
    acute = page.index(">Akutte indlæggelser</h3>")
    answer = page.index(">Svartid i Patientkontoret</h3>")
    assert page.index('class="report-table') < acute < answer
    assert "Skjult (*): januar 2022." in page[acute:answer]
    assert "Seneste: 6 dage" in page[answer:] and "Mål: 10 dage" in page[answer:]
    assert 'stroke-dasharray="6 4"' in page[answer:]  # the target, drawn
    assert "Vis tallene som tabel" in page[answer:]


def test_the_report_page_of_a_plan_without_the_option_has_no_charts(plan, measured, users):
    page = _report_page(plan, users["coordinator"])
    assert "Svartid i Patientkontoret" not in page and "indicator-figure" not in page
