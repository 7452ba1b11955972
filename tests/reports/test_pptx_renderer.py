"""The PowerPoint deck: red exactly where changes are, tables that fit, LibreOffice opens it."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pptx import Presentation
from pptx.util import Pt

from fremdrift.reports.content import DeckSettings, build_content
from fremdrift.reports.renderers.base import Branding, Labels
from fremdrift.reports.renderers.pptx import BOTTOM_MARGIN, PptxRenderer
from fremdrift.reports.samples import synthetic_plan_pair, winter_plan_pair
from tests import tools

RED = "FF0000"
BRANDING = Branding(footer_text="www.regionmidtjylland.dk", organisation="Region Midtjylland")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        for paragraph in cell.text_frame.paragraphs:
                            yield from paragraph.runs


def expected_red(content) -> str:
    parts = []
    for area in content.areas:
        for row in area.rows:
            for text in (row.title, row.status, row.phase, row.follow_up):
                parts.extend(s.text for s in text if s.changed)
    parts.extend(r.title for r in content.removed)
    return squash("".join(parts))


@pytest.fixture(scope="module")
def winter():
    baseline, current = winter_plan_pair()
    options = DeckSettings(show_phase=True, show_not_reported=True)
    content = build_content(
        current, baseline, baseline_label="HMU 25. november 2021", options=options
    )
    data = PptxRenderer().render(content, branding=BRANDING)
    return content, data


def test_the_deck_is_16_to_9(winter):
    prs = Presentation(BytesIO(winter[1]))
    assert prs.slide_width * 9 == prs.slide_height * 16


def test_red_runs_are_exactly_the_changed_sentences(winter):
    content, data = winter
    runs = list(table_runs(Presentation(BytesIO(data))))
    red = squash("".join(r.text for r in runs if str(r.font.color.rgb) == RED))
    assert red == expected_red(content)
    assert red  # the sample has changes


def test_everything_else_is_in_the_text_or_header_colour(winter):
    runs = list(table_runs(Presentation(BytesIO(winter[1]))))
    colours = {str(r.font.color.rgb) for r in runs}
    assert colours == {RED, "1F1F1F", "FFFFFF"}


def test_the_title_slide_has_the_date_and_the_red_legend(winter):
    slide = Presentation(BytesIO(winter[1])).slides[0]
    runs = [
        r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs
    ]
    texts = [r.text for r in runs]
    assert any("2021" in t and "10" in t for t in texts)
    legend = [r for r in runs if r.text == Labels.legend("underline")]
    assert legend and str(legend[0].font.color.rgb) == RED


def test_not_reported_rows_carry_a_visible_marker_when_the_plan_asks_for_it(winter):
    prs = Presentation(BytesIO(winter[1]))
    assert any(Labels.not_reported() in r.text for r in table_runs(prs))


def test_board_decks_leave_out_the_not_reported_marker_by_default():
    baseline, current = winter_plan_pair()
    content = build_content(current, baseline)
    assert any(r.not_reported for a in content.areas for r in a.rows)
    prs = Presentation(BytesIO(PptxRenderer().render(content, branding=BRANDING)))
    assert not any(Labels.not_reported() in r.text for r in table_runs(prs))


def test_footer_text_and_discontinued_slide_are_present(winter):
    prs = Presentation(BytesIO(winter[1]))
    texts = [s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame]
    assert "www.regionmidtjylland.dk" in texts
    assert Labels.removed() in [sl.shapes.title.text for sl in prs.slides if sl.shapes.title]


@pytest.fixture(scope="module")
def big_deck():
    baseline, current = synthetic_plan_pair(300, enormous_cell=True)
    content = build_content(current, baseline)
    return content, PptxRenderer().render(content, branding=BRANDING)


def test_no_table_runs_past_the_bottom_margin_of_a_300_initiative_plan(big_deck):
    prs = Presentation(BytesIO(big_deck[1]))
    limit = prs.slide_height - Pt(BOTTOM_MARGIN)
    tables = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                tables += 1
                assert shape.top + sum(r.height for r in shape.table.rows) <= limit
    assert tables > 20


def test_every_initiative_and_all_of_the_enormous_cell_are_in_the_deck(big_deck):
    content, data = big_deck
    prs = Presentation(BytesIO(data))
    text = squash("".join(r.text for r in table_runs(prs)))
    for area in content.areas:
        for row in area.rows:
            assert squash(row.title.text) in text
    status_column = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table and slide.shapes.title.text.startswith(content.areas[0].title):
                rows = list(shape.table.rows)[1:]  # without the repeated header
                status_column.extend(row.cells[2].text_frame.text for row in rows)
    assert squash(content.areas[0].rows[0].status.text) in squash("".join(status_column))


def test_continuation_slides_are_titled_and_numbered(big_deck):
    prs = Presentation(BytesIO(big_deck[1]))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    first_area = big_deck[0].areas[0].title
    assert Labels.continued(first_area) in titles
    labels = [s.text_frame.text for sl in prs.slides for s in sl.shapes if s.has_text_frame]
    assert any(t.startswith(Labels.slide_of(2, 3)[:5]) for t in labels)


def test_an_uploaded_template_is_used_with_its_slide_size(tmp_path, winter):
    template = tmp_path / "skabelon.pptx"
    Presentation().save(template)  # 4:3 with the standard layouts
    branding = Branding(template_path=template, footer_text="x")
    data = PptxRenderer().render(winter[0], branding=branding)
    prs = Presentation(BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (Pt(720), Pt(540))
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert prs.slides[-1].slide_layout.name == "Title Only"
    limit = prs.slide_height - Pt(BOTTOM_MARGIN)
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.top + sum(r.height for r in shape.table.rows) <= limit


def _deck(kind: str) -> bytes:
    from fremdrift.reports.samples import year_plan_pair

    pairs = {
        "winter": winter_plan_pair,
        "year-plan": year_plan_pair,
        "300-initiatives": lambda: synthetic_plan_pair(300),
        "enormous-cell": lambda: synthetic_plan_pair(20, enormous_cell=True),
    }
    baseline, current = pairs[kind]()
    return PptxRenderer().render(build_content(current, baseline), branding=Branding())


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["winter", "year-plan", "300-initiatives", "enormous-cell"])
def test_libreoffice_converts_every_kind_of_deck_without_error(tmp_path, kind):
    deck = tmp_path / f"{kind}.pptx"
    deck.write_bytes(_deck(kind))
    pdf = tools.convert(deck, "pdf", tmp_path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
