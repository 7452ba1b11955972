"""A soft line break (a vertical tab, PowerPoint's Shift+Enter) is a line break in every
rendering of a report, never glue between two words."""

from __future__ import annotations

import html as html_lib
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from fremdrift.reports.content import build_content
from fremdrift.reports.renderers import get_renderer
from fremdrift.reports.renderers.base import Branding
from fremdrift.reports.renderers.pdf import PdfRenderer
from fremdrift.reports.renderers.pptx import PptxRenderer

from .helpers import BASE_TIME, initiative, plan

BRANDING = Branding(footer_text="www.regionmidtjylland.dk", organisation="Region Midtjylland")
STATUS = "Første linje fra PowerPoint\x0bAnden linje"


@pytest.fixture(scope="module", params=["marked", "unmarked"])
def content(request):
    before = "Godt i gang." if request.param == "marked" else STATUS
    baseline = plan([initiative(1, status=before)], as_of=BASE_TIME)
    current = plan([initiative(1, status=STATUS)])
    return build_content(current, baseline, baseline_label="HL")


def test_the_deck_has_a_line_break_inside_the_paragraph(content):
    prs = Presentation(BytesIO(PptxRenderer().render(content, branding=BRANDING)))
    texts = [
        paragraph.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
        for paragraph in cell.text_frame.paragraphs
    ]
    assert "Første linje fra PowerPoint\vAnden linje" in texts  # python-pptx's a:br
    assert not any("PowerPointAnden" in t for t in texts)


def test_the_workbook_has_a_newline(content):
    data = get_renderer("xlsx").render(content, branding=BRANDING)
    sheet = load_workbook(BytesIO(data)).worksheets[0]
    values = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert "Første linje fra PowerPoint\nAnden linje" in values


def test_the_changes_sheet_has_a_newline():
    baseline = plan([initiative(1, status="Godt i gang.")], as_of=BASE_TIME)
    current = plan([initiative(1, status=STATUS)])
    data = get_renderer("xlsx").render(
        build_content(current, baseline, baseline_label="HL"), branding=BRANDING
    )
    sheet = load_workbook(BytesIO(data)).worksheets[-1]
    values = [str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert "Første linje fra PowerPoint\nAnden linje" in values


def test_html_and_pdf_keep_the_words_apart(content):
    html = html_lib.unescape(get_renderer("html").render(content, branding=BRANDING).decode())
    pdf_html = html_lib.unescape(PdfRenderer().html(content, branding=BRANDING))
    for text in (html, pdf_html):
        assert "PowerPointAnden" not in text and "\x0b" not in text
        assert "Anden linje" in text
