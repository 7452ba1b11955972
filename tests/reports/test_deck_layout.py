"""The decks as the region's: density, the slide edge as LibreOffice prints it, the year-plan
layout, the legend only where something is marked, and the plan's deck options."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from pptx import Presentation
from pptx.util import Pt

from fremdrift.core.models import AuditEvent
from fremdrift.portfolio import actions as portfolio_actions
from fremdrift.portfolio.models import AreaMembership, Plan
from fremdrift.reports import actions, service
from fremdrift.reports.content import DeckSettings, build_content
from fremdrift.reports.models import DeckOptions
from fremdrift.reports.renderers.base import Branding, Labels
from fremdrift.reports.renderers.pptx import BOTTOM_MARGIN, MARGIN_X, PptxRenderer
from fremdrift.reports.samples import synthetic_plan_pair, winter_plan_pair

from .libreoffice import printed_pages, to_pdf, words_past_the_table_area

SINCE = dt.date(2021, 12, 1)
RED = "FF0000"
FOOTER = "www.regionmidtjylland.dk"


def _slides(data: bytes) -> list[Any]:
    return list(Presentation(BytesIO(data)).slides)


def _title(slide: Any) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def _tables(slide: Any) -> list[Any]:
    return [shape.table for shape in slide.shapes if shape.has_table]


def _runs(slide: Any, *, tables: bool = True, boxes: bool = True) -> list[Any]:
    runs = []
    for shape in slide.shapes:
        if shape.has_table and tables:
            for row in shape.table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        runs.extend(paragraph.runs)
        elif shape.has_text_frame and boxes:
            for paragraph in shape.text_frame.paragraphs:
                runs.extend(paragraph.runs)
    return runs


def _is_red(run: Any) -> bool:
    return (
        run.font.color is not None
        and run.font.color.type is not None
        and (str(run.font.color.rgb) == RED)
    )


def _legend_slides(data: bytes) -> list[int]:
    legend = {Labels.legend(m) for m in ("none", "underline", "bold", "italic")}
    return [
        number
        for number, slide in enumerate(_slides(data), start=1)
        if any(r.text in legend for r in _runs(slide, tables=False))
    ]


# -- the demo decks ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_winter_deck_is_as_dense_as_the_seed_and_never_smaller_than_10_pt(demo):
    winter = Plan.objects.get(slug="vinterplan-2021")
    with translation.override("da"):
        data = service.generate(winter, fmt="pptx", since=SINCE).data
    slides = _slides(data)
    table_slides = [s for s in slides if _tables(s)]
    assert len(table_slides) <= 13  # the seed's deck had 11
    sizes = {run.font.size for s in table_slides for run in _runs(s, boxes=False)}
    assert min(sizes) >= Pt(10)
    assert [_title(s) for s in slides[1:3]] == ["Baggrund", "Formål"]


@pytest.mark.django_db
@pytest.mark.slow
def test_no_table_of_any_demo_deck_lands_past_the_slide_edge_in_libreoffice(demo, tmp_path):
    for plan in Plan.objects.all():
        with translation.override("da"):
            data = service.generate(plan, fmt="pptx", since=SINCE).data
        pages = printed_pages(to_pdf(data, tmp_path, plan.slug))
        assert len(pages) == len(_slides(data))
        for page in pages:
            stray = words_past_the_table_area(
                page, bottom_margin=BOTTOM_MARGIN, footer={FOOTER}, margin_x=MARGIN_X
            )
            assert stray == [], (plan.slug, page.number, stray[:5])


@pytest.mark.slow
def test_no_table_of_a_300_initiative_plan_lands_past_the_slide_edge_in_libreoffice(tmp_path):
    baseline, current = synthetic_plan_pair(300, enormous_cell=True)
    data = PptxRenderer().render(build_content(current, baseline), branding=Branding())
    pages = printed_pages(to_pdf(data, tmp_path))
    assert len(pages) > 20
    for page in pages:
        stray = words_past_the_table_area(
            page, bottom_margin=BOTTOM_MARGIN, footer=set(), margin_x=MARGIN_X
        )
        assert stray == [], (page.number, stray[:5])


@pytest.mark.slow
def test_the_edge_check_notices_a_table_that_runs_off_the_slide(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    table = slide.shapes.add_table(1, 1, Pt(28), Pt(420), Pt(300), Pt(20)).table
    table.cell(0, 0).text = "\n".join(f"Linje {n} af en række, der ikke er målt" for n in range(12))
    buffer = BytesIO()
    prs.save(buffer)
    page = printed_pages(to_pdf(buffer.getvalue(), tmp_path))[0]
    stray = words_past_the_table_area(page, bottom_margin=36, footer=set(), margin_x=28)
    assert stray


@pytest.mark.django_db
def test_the_year_plan_is_laid_out_as_seed_001_with_the_phase_as_status(demo):
    year_plan = Plan.objects.get(slug="psykiatri-aarsplan-2021")
    with translation.override("da"):
        data = service.generate(year_plan, fmt="pptx").data
    slide = next(s for s in _slides(data) if _title(s).startswith("Spor 2"))
    table = _tables(slide)[0]
    assert [c.text_frame.text for c in table.rows[0].cells] == [
        "Implementering",
        "Opgave i 2021",
        "Status",
    ]
    rows = {r.cells[0].text_frame.text: r for r in list(table.rows)[1:]}
    row = rows["Forløbsbeskrivelse for indlagte patienter"]
    assert row.cells[1].text_frame.text == "Fortsat afprøvning.\nEvalueringen foregår nationalt"
    assert row.cells[2].text_frame.text == "Udvikling -> Implementering"
    assert "Udviklingsindsatser" in rows  # the in-table heading of the development rows


PHASE_LINE = re.compile(
    r"^(Afdækning|Udvikling|Afprøvning|Implementering|Udbredelse|Drift|Implementeret)"
    r"( -> (Afdækning|Udvikling|Afprøvning|Implementering|Udbredelse|Drift))?$"
)


@pytest.mark.django_db
def test_the_year_plans_status_column_never_repeats_the_task(demo):
    """Seed 001: the Status column holds the phase ("Udvikling -> Implementering"), not the
    task again; every initiative row of the rendered deck is checked, line by line."""
    year_plan = Plan.objects.get(slug="psykiatri-aarsplan-2021")
    with translation.override("da"):
        data = service.generate(year_plan, fmt="pptx").data
    checked = []
    for slide in _slides(data):
        for table in _tables(slide):
            for row in list(table.rows)[1:]:
                title, task, status = (row.cells[i].text_frame.text.strip() for i in range(3))
                if row.cells[0].is_merge_origin or task == "Opgave i 2021":
                    continue  # a theme row across the table, or a repeated header
                assert task, title
                assert PHASE_LINE.match(status.split("\n")[0]), (title, status)
                for line in task.splitlines():
                    assert line.strip() not in status, (title, line)
                checked.append(title)
    initiative_places = AreaMembership.objects.filter(
        area__plan=year_plan, valid_to__isnull=True
    ).count()
    assert len(checked) == initiative_places


@pytest.mark.django_db
def test_a_year_plan_status_that_says_more_than_the_task_is_shown_under_the_phase(demo):
    year_plan = Plan.objects.get(slug="psykiatri-aarsplan-2021")
    initiative = year_plan.home_initiatives.get(ref="pal")
    portfolio_actions.record_status(
        initiative, by="t", seen_version=None, text="Høringssvar behandles i juni."
    )
    content, _report, _at = service.build(year_plan, since=SINCE)
    data = PptxRenderer().render(content, branding=Branding())
    cells = [
        row.cells[2].text_frame.text
        for s in _slides(data)
        for t in _tables(s)
        for row in t.rows
        if row.cells[0].text_frame.text == "PAL"
    ]
    assert cells == ["Implementering\n\nHøringssvar behandles i juni."]


# -- the legend and the markers ----------------------------------------------------------


def _deck(options: DeckSettings | None = None, *, baseline: bool = True) -> bytes:
    old, new = winter_plan_pair()
    content = build_content(new, old if baseline else None, options=options)
    return PptxRenderer().render(content, branding=Branding(footer_text=FOOTER))


def test_nothing_marked_means_no_legend_anywhere():
    assert _legend_slides(_deck(baseline=False)) == []


def test_the_legend_stands_on_the_title_slide_and_on_every_slide_with_a_mark():
    data = _deck()
    marked = [
        number
        for number, slide in enumerate(_slides(data), start=1)
        if any(_is_red(r) for r in _runs(slide, boxes=False))
    ]
    assert marked
    assert _legend_slides(data) == [1, *marked]


@pytest.mark.parametrize(
    ("marker", "attribute", "value"),
    [("underline", "underline", True), ("italic", "italic", True), ("bold", "bold", True)],
)
def test_changed_runs_carry_a_mark_that_survives_greyscale(marker, attribute, value):
    runs = [r for s in _slides(_deck(DeckSettings(change_marker=marker))) for r in _runs(s)]
    red = [r for r in runs if _is_red(r) and r.text.strip()]
    black = [r for r in runs if not _is_red(r) and r.text.strip() and not r.font.bold]
    assert red and all(getattr(r.font, attribute) == value for r in red)
    assert not any(getattr(r.font, attribute) for r in black)


def test_a_plan_may_mark_changes_by_colour_only():
    runs = [r for s in _slides(_deck(DeckSettings(change_marker="none"))) for r in _runs(s)]
    red = [r for r in runs if _is_red(r)]
    assert red and not any(r.font.underline or r.font.italic for r in red)


def test_the_xlsx_underlines_changes_as_the_deck_does():
    from fremdrift.reports.renderers import get_renderer

    old, new = winter_plan_pair()
    content = build_content(new, old, options=DeckSettings(change_marker="underline"))
    workbook = load_workbook(
        BytesIO(get_renderer("xlsx").render(content, branding=Branding())), rich_text=True
    )
    blocks = [
        block
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, CellRichText)
        for block in cell.value
        if isinstance(block, TextBlock)
    ]
    red = [b for b in blocks if b.font.color.rgb == "FFFF0000"]
    assert red and all(b.font.u == "single" for b in red)
    assert not any(b.font.u for b in blocks if b.font.color.rgb != "FFFF0000")


def test_the_phase_line_is_in_the_status_cells_only_when_the_plan_asks_for_it():
    def phase_lines(data: bytes) -> int:
        return sum(
            r.text.startswith(Labels.phase_prefix()) for s in _slides(data) for r in _runs(s)
        )

    old, new = winter_plan_pair()
    rows = [r for a in build_content(new, old).areas for r in a.rows if r.phase.text]
    assert phase_lines(_deck()) == 0
    assert phase_lines(_deck(DeckSettings(show_phase=True))) == len(rows) > 0


def test_background_and_purpose_open_the_deck_unless_the_plan_leaves_them_out():
    from dataclasses import replace

    old, new = winter_plan_pair()
    new = replace(new, background=("Region Midtjylland oplever et stort pres.",))
    for options, expected in (
        (DeckSettings(), [Labels.background(), Labels.purpose()]),
        (DeckSettings(show_background=False), [Labels.purpose()]),
        (DeckSettings(show_background=False, show_purpose=False), []),
    ):
        content = build_content(new, old, options=options)
        slides = _slides(PptxRenderer().render(content, branding=Branding()))
        opening = [_title(s) for s in slides[1:] if not _tables(s)]
        assert opening == expected


# -- the plan's deck options -------------------------------------------------------------


@pytest.mark.django_db
def test_a_coordinator_sets_the_deck_layout_from_the_report_page(client, plan, users):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reports:page", args=[plan.slug]), HTTP_ACCEPT_LANGUAGE="da")
    url = reverse("reports:deck-options", args=[plan.slug])
    assert url in page.content.decode()
    response = client.post(
        url,
        {"show_purpose": "on", "show_phase": "on", "change_marker": "italic"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 302
    options = DeckOptions.objects.get(plan=plan)
    assert (options.show_background, options.show_phase, options.change_marker) == (
        False,
        True,
        "italic",
    )
    event = AuditEvent.objects.get(object_type="reports.deckoptions")
    assert event.after == {"show_background": False, "show_phase": True, "change_marker": "italic"}
    assert service.deck_settings(plan).change_marker == "italic"


@pytest.mark.django_db
def test_a_reader_may_neither_see_nor_change_the_deck_layout(client, plan, users):
    client.force_login(users["reader"])
    url = reverse("reports:deck-options", args=[plan.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"change_marker": "none"}).status_code == 403
    page = client.get(reverse("reports:page", args=[plan.slug])).content.decode()
    assert url not in page
    assert not DeckOptions.objects.exists()


@pytest.mark.django_db
def test_saving_unchanged_deck_options_records_nothing_new(plan):
    actions.set_deck_options(plan, by="t", change_marker="bold")
    actions.set_deck_options(plan, by="t", change_marker="bold")
    assert AuditEvent.objects.filter(object_type="reports.deckoptions").count() == 1


@pytest.mark.django_db
def test_background_is_shown_on_the_plan_page_and_the_report_page(client, plan, users):
    portfolio_actions.update_plan(plan, by="t", background=["Regionen oplever et stort pres."])
    client.force_login(users["reader"])
    for url in (plan.get_absolute_url(), reverse("reports:page", args=[plan.slug])):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        assert "Baggrund" in html and "Regionen oplever et stort pres." in html, url
