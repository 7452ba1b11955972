"""The register's list tables on a phone: each row a block, each cell under its column's name,
nothing cut off and no sideways scrolling; on a wide screen they stay tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The register's main tables: the address and the column names a phone shows by each cell.
TABLES = {
    "plans": ("/plans/", ["Ejer", "Periode", "Områder", "Indsatser"]),
    "search": ("/search/?q=", ["Plan", "Fase", "Status", "Opfølgning"]),
    "plan": ("/plans/vinter/", ["Status", "Opfølgning"]),
}


def _labels(page) -> set[str]:
    """The column names shown before the cells (their ``::before`` text)."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('main table tbody td')].map(td =>
                getComputedStyle(td, '::before').content.replace(/^"|"$/g, '')
                .replace(/: $/, '')).filter(t => t && t !== 'none')"""
        )
    )


def _overflow(page) -> list[int]:
    """How far the page and each table's scroll box reach beyond what shows."""
    return page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
            .map(e => e.scrollWidth - e.clientWidth)"""
    )


@pytest.fixture
def long_period_plan(plan):
    actions.update_plan(
        plan,
        by="t",
        owner="Region Midtjylland, Koncernledelsen",
        period_start="2021-10-27",
        period_end="2022-04-30",
    )
    return plan


@pytest.mark.parametrize("name", sorted(TABLES))
def test_on_a_phone_the_rows_stack_with_each_cell_under_its_columns_name(
    page, live_server, long_period_plan, users, login, name
):
    address, labels = TABLES[name]
    login("koordinator", "pw")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{address}")
    table = page.locator("main table").first
    expect(table).to_be_visible()
    assert all(width <= 1 for width in _overflow(page)), _overflow(page)
    assert set(labels) <= _labels(page)
    for cell in page.locator("main table tbody td").all()[:12]:
        box = cell.bounding_box()
        assert box is None or box["x"] + box["width"] <= PHONE["width"]
    if name == "plans":
        period = page.locator("main table tbody td", has_text="30. april 2022")
        expect(period).to_be_in_viewport()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_on_a_wide_screen_the_register_tables_stay_tables(
    page, live_server, long_period_plan, users, login, name
):
    address, _labels_shown = TABLES[name]
    login("koordinator", "pw")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{address}")
    expect(page.locator("main table thead").first).to_be_visible()
    assert _labels(page) == set()
    row = page.locator("main table tbody tr:not(.theme-row)").first
    tops = {round(cell.bounding_box()["y"]) for cell in row.locator("td").all()}
    assert len(tops) == 1  # the cells side by side
