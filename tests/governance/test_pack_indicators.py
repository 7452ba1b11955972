"""The meeting pack PDF shows the linked indicators of a plan that asks for them (its deck
options, ``show_indicators``) as pages after the agenda item, as the PPTX pack has slides."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest

from fremdrift.governance import pack
from fremdrift.indicators import actions as indicator_actions
from fremdrift.reports import actions as report_actions
from fremdrift.reports.renderers.base import Branding
from tests import tools
from tests.indicators_web.indicators_web_helpers import AS_OF, suppression_rows, value_row

pytestmark = pytest.mark.django_db
ACTOR = "test"
ITEM = "1. Præhospitalet i dagtid"


@pytest.fixture
def measured(plan: Any) -> Any:
    """The shared initiative (on the December item) measured by Favrskov's acute admissions
    (3 in January: hidden) and by a hand-entered answer time with a target."""
    rows = suppression_rows() + [
        value_row(geo_code="710", geo_name="Favrskov", period="2021-12", numerator=12, value=12.0),
    ]
    run = indicator_actions.create_run(
        by=ACTOR,
        as_of=AS_OF,
        params={},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = indicator_actions.complete_run(run.pk, by=ACTOR, validation={}, rows=rows)
    indicator_actions.publish_run(run, by=ACTOR)
    shared = plan.initiatives_by_key["shared"]
    indicator_actions.link_indicator(
        shared, by=ACTOR, indicator="acute_admissions", sector="somatik",
        geo_level="municipality", geo_code="710", geo_name="Favrskov",
    )  # fmt: skip
    answer = indicator_actions.create_manual_indicator(
        shared, by=ACTOR, name="Svartid i Patientkontoret", unit="dage", target=10
    )
    for day, value in ((dt.date(2022, 1, 5), 42), (dt.date(2022, 2, 8), 6)):
        indicator_actions.record_manual_value(answer, by=ACTOR, date=day, value=value)
    return shared


def _pages(data: bytes) -> list[str]:
    """The text of every page of a PDF (poppler's pdftotext), whitespace collapsed."""
    result = subprocess.run(
        [tools.pdftotext(), "-layout", "-", "-"], input=data, capture_output=True, check=True
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
