"""PowerPoint status decks (python-pptx), laid out like the decks the regions carry to meetings.

Title slide, Baggrund and Formål slides (as the plan's deck layout chooses), then per area
table slides (*Initiativer | Status | Opfølgning: Lokal/Fælles*, or *Implementering | Opgave i
2021 | Status* for year plans) paginated by measuring the text, changed sentences in red with
a second mark that survives greyscale, and a slide of discontinued initiatives. The legend
"Opdateringer m/ rød skrift" stands only where something is marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu, Pt

from ..content import AreaContent, IndicatorChart, ReportContent
from .base import CHANGED_RGB, Branding, Labels, hex_colour, long_date
from .cells import CellView, Column, columns, source_rows, theme_as_column
from .measure import Measurer, Piece, measurer_for
from .pagination import Page, SourceRow, TableGeometry, paginate
from .pptx_table import TableStyle, add_table, set_runs
from .pptx_template import TITLE_LAYOUT_NAMES, TITLE_ONLY_LAYOUT_NAMES, find_layout, open_template

EMU_PER_PT = 12700
MARGIN_X = 28.0  # left and right margins of the table, in points
BOTTOM_MARGIN = 36.0  # no table goes below slide height minus this
MIN_TABLE_TOP = 64.0
LEGEND_WIDTH = 260.0  # "Opdateringer m/ rød skrift" at the top right of a table slide
LEGEND_TOP = 14.0
TITLE_GAP = 12.0  # between a slide's title and the legend beside it
BODY_SIZE = 10.0  # table text, as in the region's decks (never smaller)
HEADER_SIZE = 11.0
# A row that does not fit is split (its rest marked "(fortsat)") rather than moved to the
# next slide when moving it would leave the slide less full than this.
MIN_FILL = 0.6


@dataclass(frozen=True)
class SlideFrame:
    """Where things go on a slide, in points."""

    width: float
    height: float
    table_top: float

    @property
    def content_width(self) -> float:
        return self.width - 2 * MARGIN_X

    @property
    def table_bottom(self) -> float:
        return self.height - BOTTOM_MARGIN

    @property
    def available(self) -> float:
        # A hair less than the exact room, so rounding to EMU never crosses the margin.
        return self.table_bottom - self.table_top - 0.05


class PptxRenderer:
    """Renders report content as a 16:9 PowerPoint deck."""

    media_type = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    suffix = ".pptx"

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """Return the .pptx file as bytes."""
        return _Deck(content, branding).build()


class _Deck:
    """Builds one deck; one instance per rendering."""

    def __init__(self, content: ReportContent, branding: Branding) -> None:
        self.content = content
        self.branding = branding
        self.prs: PresentationType = open_template(branding.template_path)
        self.title_layout = find_layout(self.prs, TITLE_LAYOUT_NAMES, 0)
        self.table_layout = find_layout(self.prs, TITLE_ONLY_LAYOUT_NAMES, 5)
        self.text_rgb = RGBColor.from_string(hex_colour(branding.text_colour))
        self.primary_rgb = RGBColor.from_string(hex_colour(branding.primary_colour))
        self.marker = content.options.change_marker
        self.style = TableStyle(
            font=branding.font,
            text=self.text_rgb,
            header_fill=self.primary_rgb,
            changed=RGBColor.from_string(CHANGED_RGB),
            body_size=BODY_SIZE,
            header_size=HEADER_SIZE,
            marker=self.marker if self.marker in ("underline", "italic") else "none",
        )
        self.view = CellView.of(content)
        self.frame = self._frame()

    # -- geometry ----------------------------------------------------------------------

    def _frame(self) -> SlideFrame:
        width = self.prs.slide_width / EMU_PER_PT
        height = self.prs.slide_height / EMU_PER_PT
        top = MIN_TABLE_TOP
        for placeholder in self.table_layout.placeholders:
            if placeholder.placeholder_format.idx == 0 and placeholder.top is not None:
                bottom = (placeholder.top + placeholder.height) / EMU_PER_PT
                top = max(top, min(bottom + 8.0, height / 3))
        return SlideFrame(width, height, top)

    def _geometry(self, cols: list[Column]) -> TableGeometry:
        widths = tuple(self.frame.content_width * c.share for c in cols)
        return TableGeometry(
            widths, font=self.branding.font, body_size=BODY_SIZE, header_size=HEADER_SIZE
        )

    # -- deck --------------------------------------------------------------------------

    def build(self) -> bytes:
        """Lay out all slides and return the file."""
        self._title_slide()
        options = self.content.options
        if options.show_background:
            self._text_slides(Labels.background(), self.content.background)
        if options.show_purpose:
            self._text_slides(Labels.purpose(), self.content.purpose)
        for area in self.content.areas:
            self._area_slides(area)
        for chart in self.content.indicators:
            self._indicator_slide(chart)
        if self.content.removed:
            self._removed_slides()
        for number, slide in enumerate(self.prs.slides, start=1):
            self._footer(slide, number)
        buffer = BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()

    def _new_slide(self, title: str) -> Slide:
        slide = self.prs.slides.add_slide(self.table_layout)
        self._set_title(slide, title, size=24, align=PP_ALIGN.LEFT, beside_legend=True)
        return slide

    def _set_title(
        self,
        slide: Slide,
        text: str,
        *,
        size: float,
        align: PP_ALIGN | None = None,
        beside_legend: bool = False,
    ) -> None:
        """The slide's title; ``beside_legend`` keeps it clear of the legend and the slide
        number at the top right (a template's title placeholder is narrowed to end there)."""
        legend_left = self.frame.width - MARGIN_X - LEGEND_WIDTH - TITLE_GAP
        shape = slide.shapes.title
        if shape is None:
            width = legend_left - MARGIN_X if beside_legend else self.frame.content_width
            shape = self._textbox(slide, MARGIN_X, 12, width, 44)
        elif beside_legend:
            _clear_of(shape, legend_left)
        frame = shape.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        if align is not None:
            paragraph.alignment = align
        size = _fitting_size(text, shape, self.branding.font, size)
        set_runs(paragraph, [Piece(text, False, True)], self.style, size, colour=self.primary_rgb)
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE

    def _textbox(self, slide: Slide, left: float, top: float, width: float, height: float) -> Shape:
        box = slide.shapes.add_textbox(_emu(left), _emu(top), _emu(width), _emu(height))
        box.text_frame.word_wrap = True
        return box

    def _label(
        self,
        slide: Slide,
        box: tuple[float, float, float, float],
        text: str,
        *,
        size: float,
        colour: RGBColor,
        bold: bool = False,
        align: PP_ALIGN = PP_ALIGN.LEFT,
    ) -> None:
        shape = self._textbox(slide, *box)
        frame = shape.text_frame
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, 0)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        set_runs(paragraph, [Piece(text, False, bold)], self.style, size, colour=colour)

    def _legend(
        self,
        slide: Slide,
        box: tuple[float, float, float, float] | None = None,
        *,
        size: float = 13,
        align: PP_ALIGN = PP_ALIGN.RIGHT,
    ) -> None:
        """ "Opdateringer m/ rød skrift", itself marked as changes are; top right by default."""
        if box is None:
            box = (self.frame.width - MARGIN_X - LEGEND_WIDTH, LEGEND_TOP, LEGEND_WIDTH, 18.0)
        shape = self._textbox(slide, *box)
        frame = shape.text_frame
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, 0)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = align
        set_runs(paragraph, [Piece(Labels.legend(self.marker), True, True)], self.style, size)

    def _footer(self, slide: Slide, number: int) -> None:
        top = self.frame.height - 26
        grey = RGBColor(0x59, 0x59, 0x59)
        left = MARGIN_X
        logo = self.branding.logo_path
        if logo is not None and logo.exists():
            picture = slide.shapes.add_picture(
                str(logo), _emu(left), _emu(top - 2), height=_emu(18)
            )
            left += picture.width / EMU_PER_PT + 8
        if self.branding.footer_text:
            box = (left, top, 400.0, 14.0)
            self._label(slide, box, self.branding.footer_text, size=10, colour=grey)
        box = (self.frame.width - MARGIN_X - 60, top, 60.0, 14.0)
        self._label(slide, box, str(number), size=10, colour=grey, align=PP_ALIGN.RIGHT)

    # -- title and purpose -------------------------------------------------------------

    def _title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.title_layout)
        self._set_title(slide, self.content.plan_title, size=36)
        lines = [Labels.status_as_of(long_date(self.content.as_of))]
        if self.content.baseline_label:
            lines.append(Labels.changes_since(self.content.baseline_label))
        if self.branding.organisation:
            lines.append(self.branding.organisation)
        subtitle = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
        if subtitle is None:
            subtitle = self._textbox(slide, MARGIN_X, self.frame.height / 2, 600, 100)
        frame = subtitle.text_frame
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            set_runs(paragraph, [Piece(line)], self.style, 20, colour=self.text_rgb)
        if self.content.has_marks:
            top = min((subtitle.top + subtitle.height) / EMU_PER_PT + 12, self.frame.height - 70)
            box = (subtitle.left / EMU_PER_PT, top, subtitle.width / EMU_PER_PT, 20.0)
            self._legend(slide, box, size=16, align=PP_ALIGN.CENTER)

    def _text_slides(self, title: str, items: tuple[str, ...]) -> None:
        """Bulleted paragraphs under a title ("Baggrund", "Formål"), over as many slides as
        they need."""
        if not items:
            return
        size = 16.0
        measurer = Measurer(self.branding.font, size)
        width = (self.frame.content_width - 30) * 0.96
        slide, used = None, 0.0
        for item in items:
            lines = measurer.wrap([Piece("• " + item)], width)
            height = len(lines) * measurer.line_height_pt + 8
            if slide is None or used + height > self.frame.available:
                slide = self._new_slide(title if slide is None else Labels.continued(title))
                box = self._textbox(
                    slide,
                    MARGIN_X,
                    self.frame.table_top,
                    self.frame.content_width,
                    self.frame.available,
                )
                frame, used, first = box.text_frame, 0.0, True
            paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            paragraph.space_after = Pt(8)
            set_runs(paragraph, [Piece("• " + item)], self.style, size, colour=self.text_rgb)
            used += height

    # -- area tables -------------------------------------------------------------------

    def _area_slides(self, area: AreaContent) -> None:
        cols = columns(self.content, area)
        geometry = self._geometry(cols)
        theme_column = theme_as_column(self.content, area)
        header = [[[Piece(c.header, False, True)]] if c.header else [] for c in cols]
        rows = source_rows(area, cols, theme_column, self.view)
        pages = paginate(
            rows,
            geometry,
            header,
            self.frame.available,
            theme_column=theme_column,
            min_fill=MIN_FILL,
        )
        for index, page in enumerate(pages, start=1):
            title = area.title if index == 1 else Labels.continued(area.title)
            self._table_slide(
                title,
                page,
                geometry,
                len(pages),
                index,
                merge_header=theme_column,
                title_column=1 if theme_column else 0,
            )

    def _table_slide(
        self,
        title: str,
        page: Page,
        geometry: TableGeometry,
        count: int,
        index: int,
        *,
        merge_header: bool,
        title_column: int | None = None,
    ) -> None:
        slide = self._new_slide(title)
        if _has_marks(page):
            self._legend(slide)
        if count > 1:
            box = (self.frame.width - MARGIN_X - 210, 36.0, 210.0, 14.0)
            grey = RGBColor(0x59, 0x59, 0x59)
            self._label(
                slide,
                box,
                Labels.slide_of(index, count),
                size=11,
                colour=grey,
                align=PP_ALIGN.RIGHT,
            )
        add_table(
            slide,
            page,
            geometry,
            self.style,
            left=MARGIN_X,
            top=self.frame.table_top,
            theme_column=merge_header,
            title_column=title_column,
        )

    # -- discontinued ------------------------------------------------------------------

    def _indicator_slide(self, chart: IndicatorChart) -> None:
        """A line chart of the last periods (hidden values left out, written "*" in the
        table below it), the target as a dashed line, and the latest value against it."""
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
        from pptx.enum.dml import MSO_LINE_DASH_STYLE

        slide = self._new_slide(chart.title)
        top = self.frame.table_top
        width = self.frame.content_width
        subtitle = f"{chart.where} · {chart.initiative}"
        # a long initiative title wraps: what comes below moves down with it
        measurer = measurer_for(self.branding.font, 12)
        lines = sum(
            max(1, len(measurer.wrap([Piece(part, False, False)], width)))
            for part in subtitle.splitlines() or [""]
        )
        subtitle_height = lines * measurer.line_height_pt
        self._label(
            slide, (MARGIN_X, top, width, subtitle_height), subtitle, size=12, colour=self.text_rgb
        )
        top += subtitle_height - 16
        self._label(
            slide,
            (MARGIN_X, top + 20, width, 18),
            Labels.chart_facts(chart),
            size=14,
            colour=self.text_rgb,
            bold=True,
        )
        chart_top = top + 46
        notes_height = 34.0
        chart_height = self.frame.table_bottom - chart_top - notes_height
        if chart.points:
            data = CategoryChartData(number_format="0.0%" if chart.rate else "#,##0.###")
            data.categories = [p.label for p in chart.points]
            data.add_series(chart.name or chart.title, [p.value for p in chart.points])
            if chart.target is not None:
                data.add_series(Labels.target(), [chart.target for _p in chart.points])
            frame = slide.shapes.add_chart(
                XL_CHART_TYPE.LINE_MARKERS,
                _emu(MARGIN_X),
                _emu(chart_top),
                _emu(width),
                _emu(chart_height),
                data,
            )
            graph = frame.chart
            graph.has_title = False  # the slide's title names it (a lone series was titled)
            graph.has_legend = chart.target is not None
            if graph.has_legend:
                graph.legend.position = XL_LEGEND_POSITION.BOTTOM
                graph.legend.include_in_layout = False
            graph.font.size = Pt(10)
            graph.font.name = self.branding.font
            ticks = graph.value_axis.tick_labels
            if chart.rate:  # the axis in per cent, as the slide's text (not 0.2)
                ticks.number_format = "0%"
                ticks.number_format_is_linked = False
            elif chart.unit:  # a measure entered by hand: "40 dage", "12,5 %"
                unit = chart.unit.replace('"', "")
                ticks.number_format = f'General" {unit}"'
                ticks.number_format_is_linked = False
            line = graph.series[0].format.line
            line.color.rgb = self.primary_rgb
            line.width = Pt(2.25)
            if chart.target is not None:
                target = graph.series[1]
                target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                target.format.line.color.rgb = self.text_rgb
                target.marker.style = XL_MARKER_STYLE.NONE
        else:
            self._label(
                slide,
                (MARGIN_X, chart_top, width, 20),
                Labels.no_values(),
                size=12,
                colour=self.text_rgb,
            )
        notes = Labels.chart_notes(chart)
        if notes:
            self._label(
                slide,
                (MARGIN_X, self.frame.table_bottom - notes_height + 4, width, notes_height - 4),
                notes,
                size=10,
                colour=self.text_rgb,
            )

    def _removed_slides(self) -> None:
        cols = [
            Column("title", Labels.initiative(), 0.5),
            Column("area", Labels.area(), 0.3),
            Column("reason", "", 0.2),
        ]
        geometry = self._geometry(cols)
        header = [[[Piece(c.header, False, True)]] if c.header else [] for c in cols]
        rows = []
        for removed in self.content.removed:
            reason = (
                Labels.removed_from_plan()
                if removed.removed_from_plan
                else Labels.removed_from_area()
            )
            cells = [
                [[Piece(removed.title, True, self.view.bold_changes)]],
                [[Piece(removed.area_title)]],
                [[Piece(reason)]],
            ]
            rows.append(SourceRow(cells))
        pages = paginate(rows, geometry, header, self.frame.available)
        for index, page in enumerate(pages, start=1):
            title = Labels.removed() if index == 1 else Labels.continued(Labels.removed())
            self._table_slide(title, page, geometry, len(pages), index, merge_header=False)


def _has_marks(page: Page) -> bool:
    """True when anything on the slide's table is marked as changed."""
    return any(
        piece.changed
        for row in page.rows
        for lines in row.cells
        for line in lines
        for piece in line.pieces
    )


def _clear_of(shape: BaseShape, right: float) -> None:
    """Narrow a title placeholder that reaches past ``right`` (points) beside the legend."""
    left = shape.left / EMU_PER_PT
    top = shape.top / EMU_PER_PT
    if top >= LEGEND_TOP + 40 or (shape.left + shape.width) / EMU_PER_PT <= right:
        return  # below the legend and the slide number, or clear of them already
    if right - left >= 120:
        # A placeholder inherits its place from the layout: set all four, or the others are 0.
        top_emu, height = shape.top, shape.height
        shape.left, shape.top = _emu(left), top_emu
        shape.width, shape.height = _emu(right - left), height


def _fitting_size(text: str, shape: BaseShape, font: str, size: float) -> float:
    """The largest size ≤ ``size`` (down to 14 pt) at which the title fits its box."""
    width = (shape.width / EMU_PER_PT - 15) * 0.96
    height = shape.height / EMU_PER_PT - 7
    while size > 14:
        measurer = Measurer(font, size)
        lines = measurer.wrap([Piece(text, False, True)], width)
        if len(lines) * measurer.line_height_pt <= height:
            break
        size -= 2
    return size


def _emu(points: float) -> Emu:
    return Emu(int(round(points * EMU_PER_PT)))
