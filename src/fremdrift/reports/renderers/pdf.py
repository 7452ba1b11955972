"""PDF status reports with WeasyPrint: A4 landscape, "Side X af Y", tables laid out by us.

The tables are split over pages the way the decks are: every cell's text is wrapped with the
font's real metrics (``measure``), rows are placed page by page (``pagination``) and each page
gets its own table with the header repeated. WeasyPrint then only prints lines it is given,
so a row is never split by the printer: a row that has to be split is split by us, and its
rest starts with "(fortsat)". A row is split rather than moved when moving it would leave a
page less than a third full, so only the last page of a section can be emptier than that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from ..content import AreaContent, IndicatorChart, ReportContent
from .base import Branding, Labels, long_date
from .cells import CellView, Column, columns, source_rows, theme_as_column
from .measure import Measurer, Piece
from .pagination import Line, Page, PlacedRow, SourceRow, TableGeometry, paginate
from .web import context

if TYPE_CHECKING:
    from weasyprint.document import Document

_FONT_FAMILIES = {"Arial": "Liberation Sans", "Calibri": "Carlito"}

MM = 72 / 25.4
PAGE_WIDTH = 297 * MM
PAGE_HEIGHT = 210 * MM
MARGIN_X = 12 * MM
MARGIN_Y = 16 * MM
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
CONTENT_HEIGHT = PAGE_HEIGHT - 2 * MARGIN_Y
BODY_SIZE = 10.0
HEADER_SIZE = 10.0
LINE = 12.0  # line height of table text in points (the measurer's, for 10 pt)
CELL_PADDING_X = 4.0
CELL_PADDING_Y = 3.0
BORDER = 0.75  # every row adds one border line
TITLE_SIZE, TITLE_LINE, TITLE_GAP = 20.0, 24.0, 6.0
META_LINE, META_GAP = 12.0, 6.0
HEADING_SIZE, HEADING_LINE, HEADING_GAP = 14.0, 17.0, 6.0
SLACK = 6.0  # kept free at the bottom of every page, against rounding in the printer
MIN_FILL = 1 / 3 + 0.02  # no page under a third full, except a section's last


def css_string(value: str) -> SafeString:
    """Escape text for a double-quoted CSS string inside a ``<style>`` element."""
    out = []
    for char in value:
        if char.isalnum() or char in " .,:;-_/()–æøåÆØÅ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return mark_safe("".join(out))  # noqa: S308 - every other character is escaped above


def _no_network(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """URL fetcher that refuses everything: reports never load anything from outside."""
    raise ValueError(f"External resources are not allowed in reports: {url}")


@dataclass
class PdfCell:
    """A cell of a printed table: its wrapped lines and its span."""

    lines: list[tuple[Piece, ...]]
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    theme: bool = False


@dataclass
class PdfRow:
    """A row of a printed table."""

    cells: list[PdfCell]
    kind: str = "body"  # "header", "heading" (a full-width theme row) or "body"


@dataclass
class PdfTable:
    """One page of a section: its heading and its table."""

    title: str
    widths: list[float]
    rows: list[PdfRow] = field(default_factory=list)
    continued: bool = False


@dataclass
class PdfSection:
    """An area (or the discontinued initiatives): its pages in order."""

    slug: str
    pages: list[PdfTable]


class _Layout:
    """Splits the report's tables over pages, measuring like the PowerPoint renderer."""

    def __init__(self, content: ReportContent, branding: Branding) -> None:
        self.content = content
        self.font = branding.font
        self.view = CellView.of(content)
        self.heading = Measurer(self.font, HEADING_SIZE)
        self.title = Measurer(self.font, TITLE_SIZE)

    def _geometry(self, cols: list[Column]) -> TableGeometry:
        return TableGeometry(
            tuple(CONTENT_WIDTH * c.share for c in cols),
            font=self.font,
            body_size=BODY_SIZE,
            header_size=HEADER_SIZE,
            margin_x=CELL_PADDING_X,
            margin_y=CELL_PADDING_Y + BORDER / 2,
        )

    def title_height(self, *, legend: bool) -> float:
        """Room taken on the first page by the report's title, its dates and the legend."""
        lines = self.title.wrap([Piece(self.content.plan_title, False, True)], CONTENT_WIDTH * 0.96)
        height = len(lines) * TITLE_LINE + TITLE_GAP + META_LINE + META_GAP
        return height + (META_LINE + META_GAP if legend else 0)

    def heading_height(self, title: str) -> float:
        lines = self.heading.wrap([Piece(title, False, True)], CONTENT_WIDTH * 0.96)
        return len(lines) * HEADING_LINE + HEADING_GAP

    def _available(self, title: str, reserved: float) -> float:
        longest = max(title, Labels.continued(title), key=len)
        return CONTENT_HEIGHT - reserved - self.heading_height(longest) - SLACK

    def area(self, area: AreaContent, reserved: float) -> PdfSection:
        """The pages of one area; ``reserved`` is taken above its first page's heading."""
        cols = columns(self.content, area)
        geometry = self._geometry(cols)
        theme_column = theme_as_column(self.content, area)
        header = [[[Piece(c.header, False, True)]] if c.header else [] for c in cols]
        rows = source_rows(area, cols, theme_column, self.view)
        pages = paginate(
            rows,
            geometry,
            header,
            self._available(area.title, 0),
            theme_column=theme_column,
            min_fill=MIN_FILL,
            first_available=self._available(area.title, reserved),
        )
        return PdfSection(
            area.slug,
            [
                _table(area.title, index, page, geometry, theme_column)
                for index, page in enumerate(pages)
            ],
        )

    def removed(self) -> PdfSection:
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
        title = Labels.removed()
        pages = paginate(rows, geometry, header, self._available(title, 0), min_fill=MIN_FILL)
        return PdfSection(
            "removed",
            [_table(title, index, page, geometry, False) for index, page in enumerate(pages)],
        )


def _lines(lines: list[Line]) -> list[tuple[Piece, ...]]:
    return [tuple(line.pieces) for line in lines] or [()]


def _table(
    title: str, index: int, page: Page, geometry: TableGeometry, theme_column: bool
) -> PdfTable:
    """One page's table as rows of cells with their spans."""
    table = PdfTable(
        title if index == 0 else Labels.continued(title),
        list(geometry.column_widths),
        continued=index > 0,
    )
    rows = page.rows
    spans = _theme_spans(rows) if theme_column else {}
    for number, row in enumerate(rows):
        if row.header:
            cells = [PdfCell(_lines(lines), header=True) for lines in row.cells]
            if theme_column:
                cells = [PdfCell(cells[0].lines, header=True, colspan=2), *cells[2:]]
            table.rows.append(PdfRow(cells, "header"))
        elif row.heading:
            span = len(geometry.column_widths)
            table.rows.append(PdfRow([PdfCell(_lines(row.cells[0]), colspan=span)], "heading"))
        else:
            cells = [PdfCell(_lines(lines)) for lines in row.cells]
            if theme_column:
                if number in spans:
                    cells[0].rowspan, cells[0].theme = spans[number], True
                else:
                    cells = cells[1:]
            table.rows.append(PdfRow(cells))
    return table


def _theme_spans(rows: list[PlacedRow]) -> dict[int, int]:
    """Row index → rowspan of the theme cell, one merged cell per theme group on the page."""
    spans: dict[int, int] = {}
    index = 0
    while index < len(rows):
        row = rows[index]
        end = index
        if not row.header and not row.heading:
            if row.group_start and row.group:
                while (
                    end + 1 < len(rows)
                    and not rows[end + 1].header
                    and not rows[end + 1].heading
                    and not rows[end + 1].group_start
                    and rows[end + 1].group == row.group
                ):
                    end += 1
            spans[index] = end - index + 1
        index = end + 1
    return spans


class PdfRenderer:
    """Renders report content as a PDF with WeasyPrint."""

    media_type = "application/pdf"
    suffix = ".pdf"

    def sections(self, content: ReportContent, *, branding: Branding) -> list[PdfSection]:
        """The report's tables split over pages (what the PDF prints)."""
        layout = _Layout(content, branding)
        intro = _has_intro(content)
        reserved = 0.0 if intro else layout.title_height(legend=content.has_marks)
        sections = []
        for index, area in enumerate(content.areas):
            sections.append(layout.area(area, reserved if index == 0 else 0.0))
        if content.removed:
            sections.append(layout.removed())
        return sections

    def html(self, content: ReportContent, *, branding: Branding) -> str:
        """The HTML that is printed (useful for debugging the layout)."""
        data = context(content, branding)
        data["sections"] = self.sections(content, branding=branding)
        data["intro"] = _has_intro(content)
        data["indicator_pages"] = [
            indicator_page(chart, number) for number, chart in enumerate(content.indicators)
        ]
        data["sizes"] = {
            "width": f"{CONTENT_WIDTH:.2f}pt",
            "line": f"{LINE:.2f}pt",
            "pad": f"{CELL_PADDING_Y:.2f}pt {CELL_PADDING_X:.2f}pt",
        }
        data["css"] = {
            "plan_title": css_string(content.plan_title),
            "report_date": css_string(long_date(content.as_of)),
            "footer": css_string(branding.footer_text),
            "page": css_string(pgettext("page numbers", "Page")),
            "of": css_string(pgettext("page numbers", "of")),
            "font": css_string(_FONT_FAMILIES.get(branding.font, branding.font)),
        }
        return render_to_string("reports/report_pdf.html", data)

    def document(self, content: ReportContent, *, branding: Branding) -> Document:
        """The laid-out WeasyPrint document (pages with their sizes), before writing."""
        from weasyprint import HTML  # imported late: loading WeasyPrint takes a while

        html = HTML(string=self.html(content, branding=branding), url_fetcher=_no_network)
        return html.render()

    def render(self, content: ReportContent, *, branding: Branding) -> bytes:
        """Return the PDF as bytes."""
        return self.document(content, branding=branding).write_pdf()


def _has_intro(content: ReportContent) -> bool:
    """True when the background or the purpose opens the report (on pages of their own)."""
    options = content.options
    return bool(
        (options.show_background and content.background)
        or (options.show_purpose and content.purpose)
    )


def indicator_page(chart: IndicatorChart, number: int) -> dict[str, Any]:
    """An indicator chart as a page of its own, as the deck has a slide: the chart drawn as
    the dashboard draws it (hidden periods left out and named below)."""
    from fremdrift.indicators.charts import Point, series_svg

    points = [Point(p.label, p.value, p.preliminary, p.hidden, p.text) for p in chart.points]
    svg = (
        series_svg(
            points,
            title=chart.title,
            chart_id=f"pdf-chart-{number}",
            rate=chart.rate,
            target=chart.target,
            target_text=chart.target_text,
            unit=chart.unit,
        )
        if points
        else ""
    )
    return {
        "title": chart.title,
        "subtitle": f"{chart.where} · {chart.initiative}",
        "facts": Labels.chart_facts(chart),
        "svg": svg,
        "empty": Labels.no_values(),
        "notes": Labels.chart_notes(chart),
    }
