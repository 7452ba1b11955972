"""PDF, XLSX and HTML renderers lay out the same marked content."""

from __future__ import annotations

import html as html_lib
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from fremdrift.reports.content import DeckSettings, build_content
from fremdrift.reports.renderers import get_renderer
from fremdrift.reports.renderers.base import Branding, Labels
from fremdrift.reports.renderers.pdf import PdfRenderer, css_string
from fremdrift.reports.renderers.xlsx import sheet_name
from fremdrift.reports.samples import winter_plan_pair

BRANDING = Branding(footer_text="www.regionmidtjylland.dk", organisation="Region Midtjylland")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def content():
    baseline, current = winter_plan_pair()
    options = DeckSettings(show_phase=True)  # so that the phase's marks are laid out too
    return build_content(current, baseline, baseline_label="HMU 25. november 2021", options=options)


def changed_pieces(content) -> str:
    parts = []
    for area in content.areas:
        for row in area.rows:
            for text in (row.title, row.status, row.phase, row.follow_up):
                parts.extend(s.text for s in text if s.changed)
    return squash("".join(parts))


def test_the_pdf_is_a4_landscape_with_a_page_per_area_at_least(content):
    document = PdfRenderer().document(content, branding=BRANDING)
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (297, 210)
    assert len(document.pages) >= len(content.areas)
    assert document.write_pdf().startswith(b"%PDF")


def test_the_pdf_html_marks_changes_and_numbers_pages(content):
    html = PdfRenderer().html(content, branding=BRANDING)
    marked = squash(html_lib.unescape("".join(re.findall(r"</span>([^<]*)</mark>", html))))
    removed = squash("".join(r.title for r in content.removed))
    assert marked == changed_pieces(content) + removed
    assert "counter(pages)" in html
    assert "http" not in html.replace("www.regionmidtjylland.dk", "")


def test_css_strings_cannot_break_out_of_the_style_element():
    assert '"' not in css_string('a"b</style>') and "<" not in css_string("</style>")


def test_xlsx_has_red_fonts_exactly_on_changed_segments(content):
    data = get_renderer("xlsx").render(content, branding=BRANDING)
    workbook = load_workbook(BytesIO(data), rich_text=True)
    red, plain_blocks = [], []
    for area in content.areas:
        sheet = workbook[sheet_name(area.title, set())]
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, CellRichText):
                    for block in cell.value:
                        if isinstance(block, TextBlock):
                            target = red if block.font.color.rgb == "FFFF0000" else plain_blocks
                            target.append(block.text)
    assert squash("".join(red)) == changed_pieces(content)
    assert plain_blocks


def test_xlsx_lists_every_change_on_the_changes_sheet(content):
    data = get_renderer("xlsx").render(content, branding=BRANDING)
    sheet = load_workbook(BytesIO(data))[Labels.changes()]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(content.changes) > 0
    assert {r[2] for r in rows} >= {"Status", content.changes[0].field}


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [
        (
            "Personale (særligt fokus på senge-/akutafdelinger)",
            set(),
            "Personale (særligt fokus på sen",
        ),
        ("Spor 1: Øget inddragelse [a]*?", set(), "Spor 1 Øget inddragelse a"),
        ("Hospitaler", {"Hospitaler"}, "Hospitaler (2)"),
        ("Ændringer", {"Ændringer"}, "Ændringer (2)"),
    ],
)
def test_sheet_names_are_valid_and_unique(title, taken, expected):
    assert sheet_name(title, set(taken)) == expected
    assert len(expected) <= 31


def test_html_marks_changes_with_a_non_colour_cue(content):
    html = get_renderer("html").render(content, branding=BRANDING).decode()
    assert html.count('<mark class="changed">') == html.count('class="visually-hidden"') > 0
    marked = squash(html_lib.unescape("".join(re.findall(r"</span>([^<]*)</mark>", html))))
    assert marked == changed_pieces(content)
    assert Labels.legend("underline") in html
    assert '<th scope="col"' in html


def test_the_html_fragment_has_a_table_per_area(content):
    fragment = get_renderer("html").fragment(content, branding=BRANDING)
    assert fragment.count('<table class="report-table">') == len(content.areas) + 1  # removed
