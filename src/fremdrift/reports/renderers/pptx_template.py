"""The deck's template: the organisation's uploaded .pptx, or a neutral built-in 16:9 one."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

WIDE_WIDTH = Emu(12192000)  # 13.333 in: 16:9
WIDE_HEIGHT = Emu(6858000)  # 7.5 in

TITLE_LAYOUT_NAMES = ("title slide", "titelslide", "titeldias", "title")
TITLE_ONLY_LAYOUT_NAMES = ("title only", "kun titel", "titel alene", "only title")


@lru_cache(maxsize=1)
def _builtin_template() -> bytes:
    """python-pptx's default template widened to 16:9, titles moved up for tables."""
    prs = Presentation()
    factor = WIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDE_WIDTH, WIDE_HEIGHT
    shapes = list(prs.slide_master.shapes)
    for layout in prs.slide_layouts:
        shapes.extend(layout.placeholders)
    for shape in shapes:
        if shape.left is not None and shape.width is not None:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))
    title_only = find_layout(prs, TITLE_ONLY_LAYOUT_NAMES, 5)
    for placeholder in title_only.placeholders:
        if placeholder.placeholder_format.idx == 0:
            placeholder.left, placeholder.top = Pt(28), Pt(12)
            placeholder.width, placeholder.height = Pt(690), Pt(44)
    buffer = BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def open_template(path: Path | None) -> PresentationType:
    """Open the organisation's template (its example slides removed) or the built-in one."""
    if path is None:
        return Presentation(BytesIO(_builtin_template()))
    prs = Presentation(str(path))
    _remove_slides(prs)
    return prs


def _remove_slides(prs: PresentationType) -> None:
    """Drop the slides a template file may carry, keeping its masters and layouts."""
    id_list = prs.slides._sldIdLst  # python-pptx has no public API for this
    for slide_id in list(id_list):
        id_list.remove(slide_id)
        prs.part.drop_rel(slide_id.rId)


def find_layout(prs: PresentationType, names: tuple[str, ...], fallback: int) -> SlideLayout:
    """The first layout whose name matches one of ``names``, else the one at ``fallback``."""
    layouts = list(prs.slide_layouts)
    for name in names:
        for layout in layouts:
            if layout.name.strip().lower() == name:
                return layout
    return layouts[min(fallback, len(layouts) - 1)]
