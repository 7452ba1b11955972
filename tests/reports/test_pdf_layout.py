"""The PDF report: printed exactly as laid out, split rows marked "(fortsat)", pages well filled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from fremdrift.portfolio.models import Plan
from fremdrift.reports import service
from fremdrift.reports.content import ReportContent, build_content
from fremdrift.reports.renderers.base import Branding
from fremdrift.reports.renderers.pdf import CONTENT_HEIGHT, MARGIN_Y, PdfRenderer
from fremdrift.reports.samples import synthetic_plan_pair

from .libreoffice import printed_pages

BRANDING = Branding(footer_text="www.regionmidtjylland.dk")


@pytest.fixture(scope="module")
def enormous() -> ReportContent:
    baseline, current = synthetic_plan_pair(60, enormous_cell=True)
    return build_content(current, baseline)


def _printed(content: ReportContent, tmp_path: Any) -> list[Any]:
    path = tmp_path / "report.pdf"
    path.write_bytes(PdfRenderer().render(content, branding=BRANDING))
    return printed_pages(path)


def _planned(content: ReportContent) -> list[tuple[str, bool]]:
    """(section, is the section's last page) for every page after the opening page."""
    result = []
    for section in PdfRenderer().sections(content, branding=BRANDING):
        for index, _page in enumerate(section.pages):
            result.append((section.slug, index == len(section.pages) - 1))
    return result


def _fill(page: Any) -> float:
    """How much of the page's text area is used, from the top to the lowest word."""
    body = [w for w in page.words if w.y_min > MARGIN_Y - 1 and w.y_max < page.height - MARGIN_Y]
    return (max(w.y_max for w in body) - MARGIN_Y) / CONTENT_HEIGHT


def _check_pages(content: ReportContent, tmp_path: Any) -> list[Any]:
    printed = _printed(content, tmp_path)
    planned = _planned(content)
    opening = len(printed) - len(planned)
    assert opening in (0, 1)  # the opening page (background, purpose) when there is one
    underfilled = [
        (page.number, slug, round(_fill(page), 2))
        for page, (slug, last) in zip(printed[opening:], planned, strict=True)
        if not last and _fill(page) < 1 / 3
    ]
    assert underfilled == []
    return printed


def test_a_row_split_over_pages_goes_on_under_fortsat(enormous, tmp_path):
    with translation.override("da"):
        printed = _check_pages(enormous, tmp_path)
    pages_with_rest = [p for p in printed if "(fortsat)" in p.text]
    assert len(pages_with_rest) >= 3  # the enormous cell runs over several pages
    status = next(r for a in enormous.areas for r in a.rows if len(r.status.text) > 5000)
    words = status.status.text.split()
    text = " ".join(p.text for p in printed)
    assert words[-1] in text and words[0] in text


@pytest.mark.django_db
def test_the_demo_winter_pdf_fills_every_page_but_a_sections_last(demo, tmp_path):
    winter = Plan.objects.get(slug="vinterplan-2021")
    with translation.override("da"):
        content, _report, _at = service.build(winter, since=dt.date(2021, 12, 1))
        printed = _check_pages(content, tmp_path)
    assert "Baggrund" in printed[0].text and "Formål" in printed[0].text
    assert "Opdateringer m/ rød, understreget skrift" in printed[0].text


def test_the_pdf_prints_no_legend_when_nothing_is_marked(tmp_path):
    _baseline, current = synthetic_plan_pair(5)
    content = build_content(current, None)
    text = " ".join(p.text for p in _printed(content, tmp_path))
    assert "Updates in red" not in text and "Opdateringer" not in text
