"""The forum page on a phone (390 px): the decision log's filter and sort bar wraps so
every control is whole on the screen, and the log's wide table scrolls on its own instead
of being cut off at the edge of the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fremdrift.governance import actions as governance_actions

pytestmark = pytest.mark.django_db(transaction=True)
ACTOR = "test"
WIDTH = 390

DECISION = (
    "Regionsrådet vedtog de overordnede principper for udmøntning af regionens andel af "
    "coronavinterpakken, herunder fastholdelsestillæg til sygeplejersker på intensiv"
)


def forum_with_a_decision(plan: Any, initiatives: list[Any]) -> Any:
    """The regional council with one meeting and one decision (``DECISION``) on the plan's
    shared initiative's agenda item, moving ``initiatives``."""
    forum = governance_actions.create_forum(
        by=ACTOR, short_name="Regionsrådet", name="Regionsrådet", plans=[plan]
    )
    meeting = governance_actions.create_meeting(forum, by=ACTOR, date=dt.date(2021, 12, 15))
    item = governance_actions.add_agenda_item(
        meeting,
        by=ACTOR,
        title="Principper for udmøntning af regionens andel af coronavinterpakken",
        kind="beslutning",
        initiatives=[plan.initiatives_by_key["shared"]],
    )
    governance_actions.record_decision(
        item, by=ACTOR, text=DECISION, outcome="approved", initiatives=initiatives
    )
    return forum


def _within(page: Any, locator: Any) -> None:
    """The element is whole on the screen and not hidden by a container that clips it."""
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (locator, box)
    clipped = locator.evaluate(
        """el => {
          const r = el.getBoundingClientRect();
          for (let p = el.parentElement; p; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.overflowX === 'visible') continue;
            const c = p.getBoundingClientRect();
            if (r.right > c.right + 0.5 || r.left < c.left - 0.5) {
              return s.overflowX === 'auto' || s.overflowX === 'scroll' ? false : p.tagName;
            }
          }
          return false;
        }"""
    )
    assert clipped is False, (locator, clipped)


def test_the_decision_log_fits_a_phone(
    page: Any, live_server: Any, plan: Any, users: Any, login: Any
) -> None:
    forum = forum_with_a_decision(plan, initiatives=[])
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login("admin", "pw")
    page.goto(f"{live_server.url}/governance/forums/{forum.pk}/?sort=date")
    bar = page.locator("form.filters")
    bar.scroll_into_view_if_needed()
    for name in ("Søg", "Udfald", "Sortér efter"):
        _within(page, bar.get_by_label(name))
    _within(page, bar.get_by_role("button", name="Filtrér"))
    _within(page, bar.get_by_role("link", name="Hent som XLSX"))
    assert bar.get_by_label("Sortér efter").input_value() == "date"
    # The log's table is reachable: wider than the screen, it scrolls in its own box, which
    # fits the screen (the page itself does not scroll sideways: it would be cut off).
    log = page.locator("table.decision-log")
    scroller = log.evaluate(
        """el => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p).overflowX;
            if (s === 'auto' || s === 'scroll') {
              const r = p.getBoundingClientRect();
              return {left: r.left, right: r.right, scrolls: p.scrollWidth >= el.scrollWidth};
            }
          }
          return null;
        }"""
    )
    table = log.bounding_box()
    if table["x"] + table["width"] > WIDTH:
        assert scroller is not None, "the decision log is cut off at the edge of the page"
        assert scroller["left"] >= 0 and scroller["right"] <= WIDTH and scroller["scrolls"]
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
