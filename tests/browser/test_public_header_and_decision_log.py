"""Two layouts checked at 1280 and 390 px.

The public indicator pages carry the design system's header (the region on the portal line,
the dashboard's name on the solution line, the page's own heading below), and each cluster's
municipalities sit in columns whose first items share a top edge.

The forum page's decision log on a phone shows each decision whole (no column cut off at the
edge), and the members follow it at the same distance as any section follows another."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings

from tests.browser.test_governance_narrow import forum_with_a_decision

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (1280, 390)


def _header(page: Any, width: int) -> None:
    header = page.locator("body > header.header")
    assert header.count() == 1, "the public page has no design-system header"
    box = header.bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] == width
    region = header.locator(".portal-info .logo")
    assert region.text_content().strip() == django_settings.FREMDRIFT_ORGANISATION
    solution = header.locator(".solution-info .solution-heading")
    assert solution.text_content().strip() == "Indikatorer pr. kommune"
    # Separate elements, one under the other: the region above, the dashboard's name below;
    # the page's own heading is in the page, not in the header.
    above, below = region.bounding_box(), solution.bounding_box()
    assert above["y"] + above["height"] <= below["y"]
    assert header.locator("h1").count() == 0
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_the_public_pages_have_a_header_and_aligned_columns(page: Any, live_server: Any, settings):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/offentlig/indikatorer/")
        _header(page, width)
        assert page.locator("main h1").text_content() == "Indikatorer pr. kommune"
        # In every list laid out in columns, the first item of each column starts level
        # with the first item of the first column.
        tops = page.evaluate(
            """() => [...document.querySelectorAll('.municipality-list')].map(ul => {
                 const columns = new Map();
                 for (const li of ul.children) {
                   const r = li.getBoundingClientRect();
                   const left = Math.round(r.left);
                   if (!columns.has(left)) columns.set(left, r.top);
                 }
                 return [...columns.values()];
               })"""
        )
        assert tops and all(t for t in tops)
        for columns in tops:
            assert max(columns) - min(columns) <= 1, (width, tops)
        if width == 1280:
            assert any(len(columns) == 2 for columns in tops), tops

        page.get_by_role("link", name="Randers").click()
        page.wait_for_selector("h1:has-text('Indikatorer for Randers')")
        _header(page, width)
        crumbs = page.locator("main .breadcrumbs")
        assert crumbs.get_by_role("link", name="Alle kommuner").count() == 1

        page.goto(f"{live_server.url}/offentlig/indikatorer/730/indlejret/")
        assert page.locator("header").count() == 0
        assert page.locator("h1").text_content() == "Indikatorer for Randers"
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def _gaps(page: Any) -> dict[str, float]:
    """The distance from a section's last box to the next heading: meetings → decision log,
    and decision log → members."""
    return page.evaluate(
        """() => {
          const bottom = el => el.getBoundingClientRect().bottom;
          const top = id => document.getElementById(id).getBoundingClientRect().top;
          const meetings = document.getElementById('meetings-h').closest('section');
          const log = document.querySelector('table.decision-log');
          return {
            between_sections: top('log-h') - bottom(meetings.lastElementChild),
            after_log: top('members-h') - bottom(log.closest('.table-scroll') || log),
          };
        }"""
    )


def test_the_decision_log_reads_whole_on_a_phone(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    forum = forum_with_a_decision(plan, initiatives=[plan.initiatives_by_key["shared"]])
    login("admin", "pw")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/governance/forums/{forum.pk}/")
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
        log = page.locator("table.decision-log")
        assert log.get_by_text("fastholdelsestillæg til sygeplejersker").is_visible()
        # In both tables (meetings, decisions) every cell, and where a head row shows every
        # column's name, is whole on the screen: nothing is cut off at the edge.
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('main table')].flatMap(t => {
                 const head = t.tHead;
                 const headShown = head && getComputedStyle(head).position !== 'absolute';
                 return [...t.tBodies[0].querySelectorAll('td, th')]
                   .concat(headShown ? [...head.querySelectorAll('th')] : [])
                   .map(c => { const r = c.getBoundingClientRect();
                               return [c.textContent.trim().slice(0, 20), r.left, r.right]; });
               })"""
        )
        assert len(boxes) >= 9
        for text, left, right in boxes:
            assert left >= 0 and right <= width + 0.5, (width, text, left, right)
        if width == 390:
            for label in ("Dagsordenspunkt", "Beslutning", "Udfald", "Indsatser"):
                assert log.locator(f"td[data-label='{label}']").first.is_visible()
            gaps = _gaps(page)
            assert gaps["after_log"] <= gaps["between_sections"] + 1, gaps
