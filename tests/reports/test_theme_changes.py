"""A changed theme heading is marked as a change, in its place, by every renderer."""

from __future__ import annotations

import html as html_lib
import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from pptx import Presentation

from fremdrift.reports.content import build_content
from fremdrift.reports.renderers import get_renderer
from fremdrift.reports.renderers.base import CHANGED_RGB, Branding
from fremdrift.reports.renderers.pdf import PdfRenderer
from fremdrift.reports.renderers.pptx import PptxRenderer

from .helpers import BASE_TIME, initiative, plan

BRANDING = Branding(footer_text="www.regionmidtjylland.dk", organisation="Region Midtjylland")
OLD_THEME = "Flere faggrupper i spil til patientnære opgaver"
NEW_THEME = "Kompetenceløft for nye faggrupper"


def _pair(**extra: object):
    before = [
        initiative(1, theme=OLD_THEME, status="Godt i gang.", **extra),
        initiative(2, theme=OLD_THEME, status="Godt i gang.", **extra),
        initiative(3, theme=OLD_THEME, status="Godt i gang.", **extra),
        initiative(4, theme="Sikre god introduktion", status="Godt i gang.", **extra),
    ]
    after = [
        before[0],
        initiative(2, theme=NEW_THEME, status="Godt i gang.", **extra),
        before[2],
        before[3],
    ]
    return plan(before, as_of=BASE_TIME), plan(after)


@pytest.fixture(scope="module")
def content():
    baseline, current = _pair()
    return build_content(current, baseline, baseline_label="HL 24. november 2021")


@pytest.fixture(scope="module")
def year_plan_content():
    baseline, current = _pair(year_task="Opgaven i år.")
    return build_content(current, baseline, baseline_label="HL 24. november 2021")


def test_the_changed_theme_is_marked_and_the_row_keeps_its_place(content):
    rows = content.areas[0].rows
    assert [r.initiative_id for r in rows] == [1, 2, 3, 4]
    assert [r.theme_changed for r in rows] == [False, True, False, False]
    assert rows[1].has_changes and content.has_marks


def _red_underlined_pptx_texts(data: bytes) -> list[str]:
    texts = []
    for slide in Presentation(BytesIO(data)).slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            colour = run.font.color
                            red = colour.type is not None and str(colour.rgb) == CHANGED_RGB
                            if red and run.font.underline:
                                texts.append(run.text)
    return texts


def test_the_deck_shows_the_new_theme_red_and_underlined(content):
    data = PptxRenderer().render(content, branding=BRANDING)
    assert NEW_THEME in "".join(_red_underlined_pptx_texts(data))
    assert OLD_THEME not in "".join(_red_underlined_pptx_texts(data))


def test_the_year_plan_deck_marks_a_changed_heading_row(year_plan_content):
    data = PptxRenderer().render(year_plan_content, branding=BRANDING)
    assert NEW_THEME in "".join(_red_underlined_pptx_texts(data))


def _marked(html: str) -> str:
    found = re.findall(r"</span>(?:<strong>)?([^<]*)(?:</strong>)?</mark>", html)
    return html_lib.unescape(" ".join(found))


def test_the_html_report_marks_the_new_theme(content):
    html = get_renderer("html").render(content, branding=BRANDING).decode()
    assert NEW_THEME in _marked(html)
    assert OLD_THEME not in _marked(html)


def test_the_year_plan_html_report_marks_a_changed_heading_row(year_plan_content):
    html = get_renderer("html").render(year_plan_content, branding=BRANDING).decode()
    assert NEW_THEME in _marked(html)


def test_the_pdf_marks_the_new_theme(content):
    html = PdfRenderer().html(content, branding=BRANDING)
    marked = re.sub(r"\s+", " ", _marked(html))
    assert "Kompetenceløft" in marked and "Flere faggrupper" not in marked


def test_the_workbook_shows_the_new_theme_in_red(content):
    data = get_renderer("xlsx").render(content, branding=BRANDING)
    sheet = load_workbook(BytesIO(data), rich_text=True).worksheets[0]
    red = []
    for row in sheet.iter_rows(min_row=2):
        value = row[0].value
        if isinstance(value, CellRichText):
            red += [
                b.text
                for b in value
                if isinstance(b, TextBlock) and b.font.color.rgb == "FF" + CHANGED_RGB
            ]
    assert red == [NEW_THEME]
