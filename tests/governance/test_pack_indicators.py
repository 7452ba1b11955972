"""The meeting pack PDF shows the linked indicators of a plan that asks for them (its deck
options, ``show_indicators``) as pages after the agenda item, as the PPTX pack has slides."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from fremdrift.governance import pack
from fremdrift.indicators import actions as indicator_actions
from fremdrift.reports import actions as report_actions
from fremdrift.reports.renderers.base import Branding
from tests import tools
from tests.indicators_web.indicators_web_helpers import measure_shared_initiative

pytestmark = pytest.mark.django_db
ACTOR = "test"
ITEM = "1. Præhospitalet i dagtid"
# an indicator chart: an image labelled by its title and description
CHART_SVG = re.compile(r'<svg[^>]*class="chart[^>]*role="img" aria-labelledby="[^"]+-title ')


@pytest.fixture
def measured(plan: Any) -> Any:
    """The shared initiative measured by Favrskov's acute admissions (3 in January: hidden)
    and by a hand-entered answer time with a target."""
    return measure_shared_initiative(plan, ACTOR)


def _pages(data: bytes) -> list[str]:
    """The text of every page of a PDF (poppler's pdftotext), whitespace collapsed."""
    result = tools.run(
        [tools.pdftotext(), "-layout", "-", "-"], input=data, timeout=120, check=True
    )
    return [" ".join(page.split()) for page in result.stdout.decode().split("\f")]


def _pack_pages(meeting: Any, user: Any) -> list[str]:
    built = pack.build_pack(meeting, user)
    return _pages(pack.render_pdf(built, Branding.from_settings()))


def test_the_pdf_pack_has_a_page_per_indicator_after_the_item(
    plan: Any, meetings: Any, measured: Any, users: Any
) -> None:
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    pages = _pack_pages(meetings["december"], users["admin"])
    item = next(n for n, p in enumerate(pages) if "Punkt 1: Præhospitalet i dagtid" in p)
    acute = next(n for n, p in enumerate(pages) if f"{ITEM}: Akutte indlæggelser" in p)
    answer = next(n for n, p in enumerate(pages) if f"{ITEM}: Svartid i Patientkontoret" in p)
    assert item < acute < answer, pages
    assert "Favrskov" in pages[acute] and "Seneste" in pages[acute]
    assert "Skjult (*): januar 2022." in pages[acute]  # the hidden small number, named
    assert "skjult (et lille tal" in pages[acute]  # the chart itself, with its key
    assert "Seneste: 6 dage" in pages[answer] and "Mål: 10 dage" in pages[answer]
    # the questions stay with the item's status, before the charts
    assert "Hvad er vigtigt?" in " ".join(pages[item:acute])


def test_a_plan_without_the_option_keeps_its_pdf_pack_without_indicator_pages(
    meetings: Any, measured: Any, users: Any
) -> None:
    text = " ".join(_pack_pages(meetings["december"], users["admin"]))
    assert "Punkt 1:" in text  # the item is there, with its status
    assert "Akutte indlæggelser" not in text
    assert "Svartid i Patientkontoret" not in text
    assert "Seneste" not in text


# --------------------------------------------------------------------------- the web page


def _pack_page(meeting: Any, user: Any) -> str:
    from tests.conftest import client_for

    response = client_for(user).get(f"/governance/meetings/{meeting.pk}/pack/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_pack_page_shows_the_items_indicator_charts_with_their_facts(
    plan: Any, meetings: Any, measured: Any, users: Any
) -> None:
    report_actions.set_deck_options(plan, by=ACTOR, show_indicators=True)
    page = _pack_page(meetings["december"], users["admin"])
    item = page.index('id="pack-item-1"')
    acute = page.index(f"{ITEM}: Akutte indlæggelser</h3>")
    answer = page.index(f"{ITEM}: Svartid i Patientkontoret</h3>")
    assert item < page.index("Hvad er vigtigt?") < acute < answer
    # the charts themselves, each an image named by its title and described
    charts = page[acute:]
    assert len(CHART_SVG.findall(charts)) >= 2
    assert "<title id=" in charts and f"{ITEM}: Svartid i Patientkontoret</title>" in charts
    # the facts line, the hidden period named, where the figures are from
    assert "Seneste: 6 dage" in page[answer:] and "Mål: 10 dage" in page[answer:]
    assert 'stroke="#8a5300" stroke-width="1.5" stroke-dasharray="6 4"' in page[answer:]
    assert "Skjult (*): januar 2022." in page[acute:answer]
    assert "Favrskov" in page[acute:answer]
    # the figures in text too, for whoever cannot see the chart
    assert "Vis tallene som tabel" in page[answer:]
    assert "<caption>" in page[answer:]
    # every chart id on the page is unique (the SVGs refer to their own hatching)
    ids = re.findall(r'<svg[^>]*aria-labelledby="([^" ]+)-title', page)
    assert len(ids) == len(set(ids)) >= 2


def test_the_pack_page_of_a_plan_without_the_option_has_no_charts(
    meetings: Any, measured: Any, users: Any
) -> None:
    page = _pack_page(meetings["december"], users["admin"])
    assert "Punkt 1:" in page
    assert "Akutte indlæggelser" not in page
    assert "Svartid i Patientkontoret" not in page
    assert "Seneste" not in page
    assert not CHART_SVG.findall(page)


def test_the_pack_page_shows_no_charts_of_initiatives_the_user_may_not_see(
    meetings: Any, users: Any
) -> None:
    """An initiative of a plan the HR editor may not see: its status and its chart are
    left out of the HR editor's page, not of the administrator's."""
    from django.utils import timezone

    from fremdrift.governance import actions as governance_actions
    from fremdrift.portfolio import actions as portfolio_actions

    start = timezone.make_aware(dt.datetime(2021, 10, 1, 12))
    hidden_plan = portfolio_actions.create_plan(by=ACTOR, slug="robust", title="Robust", at=start)
    area = portfolio_actions.create_area(hidden_plan, by=ACTOR, title="Sprintforløb", at=start)
    initiative = portfolio_actions.create_initiative(
        hidden_plan, by=ACTOR, title="Standardtekster", areas=[area], phase="afprøvning", at=start
    )
    governance_actions.update_agenda_item(meetings["item"], by=ACTOR, initiatives=[initiative])
    answer = indicator_actions.create_manual_indicator(
        initiative, by=ACTOR, name="Svartid i Patientkontoret", unit="dage", target=10
    )
    indicator_actions.record_manual_value(answer, by=ACTOR, date=dt.date(2022, 2, 8), value=6)
    report_actions.set_deck_options(hidden_plan, by=ACTOR, show_indicators=True)

    assert "Svartid i Patientkontoret" in _pack_page(meetings["december"], users["admin"])
    page = _pack_page(meetings["december"], users["editor_hr"])
    assert "Punkt 1:" in page
    assert "Standardtekster" not in page
    assert "Svartid i Patientkontoret" not in page
    assert not CHART_SVG.findall(page)
