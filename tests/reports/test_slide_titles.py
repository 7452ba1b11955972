"""A long slide title never runs under the red legend or the slide number, whatever the
template: checked on the shapes and on the page as LibreOffice prints it."""

from __future__ import annotations

from io import BytesIO

import pytest
from pptx import Presentation
from pptx.util import Pt

from fremdrift.reports.content import build_content
from fremdrift.reports.renderers.base import Branding, Labels
from fremdrift.reports.renderers.pptx import PptxRenderer

from .helpers import BASE_TIME, initiative, plan
from .libreoffice import printed_pages, to_pdf

LONG_TITLE = (
    "1. Robust Psykiatri 2021 → 2022: anbefalingerne fra AL-seminaret, sprintforløb, "
    "temaworkshops og transformationsspor"
)


def _content():
    before = [initiative(n, status="Godt i gang.") for n in range(1, 4)]
    after = [initiative(1, status="Godt i gang. Nu udbredt."), *before[1:]]
    baseline = plan(before, {"area": [1, 2, 3]}, as_of=BASE_TIME)
    current = plan(after, {"area": [1, 2, 3]})
    current = current.__class__(
        **{
            **current.__dict__,
            "areas": tuple(
                a.__class__(**{**a.__dict__, "title": LONG_TITLE}) for a in current.areas
            ),
        }
    )
    return build_content(current, baseline, baseline_label="HMU 25. november 2021")


def _deck(template=None) -> bytes:
    branding = Branding(footer_text="www.regionmidtjylland.dk", template_path=template)
    return PptxRenderer().render(_content(), branding=branding)


def _boxes(data: bytes):
    prs = Presentation(BytesIO(data))
    slide = next(s for s in prs.slides if any(sh.has_table for sh in s.shapes))
    title = slide.shapes.title or next(
        sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == LONG_TITLE
    )
    legend = next(
        sh
        for sh in slide.shapes
        if sh.has_text_frame and sh.text_frame.text == Labels.legend("underline")
    )
    return title, legend


@pytest.mark.parametrize("with_template", [False, True])
def test_the_title_box_ends_before_the_legend_begins(tmp_path, with_template):
    template = None
    if with_template:
        template = tmp_path / "skabelon.pptx"
        prs = Presentation()  # its "Title Only" title spans the slide
        prs.slide_width = Pt(960)
        prs.save(template)
    title, legend = _boxes(_deck(template))
    assert title.left + title.width <= legend.left
    assert title.text_frame.word_wrap is True


def test_libreoffice_prints_no_title_word_under_the_legend(tmp_path):
    pages = printed_pages(to_pdf(_deck(), tmp_path))
    page = next(p for p in pages if "Opdateringer" in p.text and "Robust" in p.text)
    legend_words = set(Labels.legend("underline").split())
    legend = [w for w in page.words if w.text in legend_words and w.y_max < 40]
    assert legend
    legend_left = min(w.x_min for w in legend)
    legend_bottom = max(w.y_max for w in legend)
    title_words = set(LONG_TITLE.split())
    title = [w for w in page.words if w.text in title_words and w.y_min < 60]
    assert {w.text for w in title} >= {"Robust", "transformationsspor"}
    overlapping = [w for w in title if w.x_max > legend_left and w.y_min < legend_bottom]
    assert overlapping == []
