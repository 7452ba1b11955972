"""Year plans are laid out as Implementering | Opgave i 2021 | Status; dates are Danish."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

from django.utils import translation
from pptx import Presentation

from fremdrift.reports.content import LAYOUT_YEAR_TASK, build_content
from fremdrift.reports.renderers import get_renderer
from fremdrift.reports.renderers.base import Branding, Labels, long_date, report_date
from fremdrift.reports.samples import year_plan_pair


def test_a_year_plan_deck_has_task_columns_and_full_width_theme_rows():
    baseline, current = year_plan_pair()
    content = build_content(current, baseline)
    assert content.layout == LAYOUT_YEAR_TASK
    prs = Presentation(BytesIO(get_renderer("pptx").render(content, branding=Branding())))
    table = next(s.table for s in prs.slides[1].shapes if s.has_table)
    header = [c.text_frame.text for c in table.rows[0].cells]
    assert header == [Labels.kind_heading("implementering"), Labels.task(2021), Labels.status()]
    theme_row = table.rows[1].cells[0]
    assert theme_row.text_frame.text == "Implementeringsindsatser"
    assert theme_row.is_merge_origin and theme_row.span_width == 3


def test_the_year_plan_marks_the_extended_task_and_the_new_phase():
    baseline, current = year_plan_pair()
    rows = {r.initiative_id: r for a in build_content(current, baseline).areas for r in a.rows}
    assert [s.text for s in rows[2].year_task if s.changed] == ["Status på AL i juni"]
    assert rows[4].phase.has_changes
    assert not rows[1].has_changes


def test_dates_are_written_in_danish_long_form():
    with translation.override("da"):
        assert long_date(date(2021, 12, 10)) == "10. december 2021"


def test_report_dates_are_taken_in_copenhagen_time():
    assert report_date(datetime(2021, 12, 9, 23, 30, tzinfo=UTC)) == date(2021, 12, 10)
