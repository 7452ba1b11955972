"""The indicators' demo step: a published run on synthetic data, links and hand-entered KPIs."""

from __future__ import annotations

import time

import pytest

from fremdrift.core.models import AuditEvent
from fremdrift.demo import loader
from fremdrift.indicators import demo as indicators_demo
from fremdrift.indicators.choices import RunSource, RunStatus
from fremdrift.indicators.models import (
    IndicatorLink,
    IndicatorRun,
    IndicatorValue,
    ManualIndicator,
    ManualValue,
)

pytestmark = pytest.mark.django_db


def _state() -> tuple:
    return (
        list(IndicatorRun.objects.values_list("pk", "status", "published_at")),
        IndicatorValue.objects.count(),
        list(IndicatorLink.objects.values_list("pk", "target")),
        list(ManualIndicator.objects.values_list("pk", "name")),
        list(ManualValue.objects.values_list("pk", "value")),
        AuditEvent.objects.count(),
    )


def test_the_demo_step_is_registered():
    assert indicators_demo.load_indicators_demo in loader.EXTRA_STEPS


def test_the_demo_publishes_a_run_links_initiatives_and_is_idempotent(demo):  # noqa: F811
    run = IndicatorRun.objects.get()
    assert run.source == RunSource.DEMO and run.status == RunStatus.PUBLISHED
    assert run.rows_written > 1000
    assert {f["role"] for f in run.files} == {"contacts", "fb_periods"}
    assert all(len(f["sha256"]) == 64 and f["rows"] for f in run.files)
    links = {(lk.initiative.ref, lk.indicator, lk.geo_code) for lk in IndicatorLink.objects.all()}
    assert ("overblik-akut-kapacitet", "readmission_30d", "Randersklyngen") in links
    assert ("faerdigbehandlingsdage-klynger", "fb_days", "RM") in links
    names = set(ManualIndicator.objects.values_list("name", flat=True))
    assert "Andel besvarede opkald med akutknap" in names
    assert ManualValue.objects.count() >= 6
    before = _state()
    started = time.monotonic()
    loader.load_all()
    assert time.monotonic() - started < 20
    assert _state() == before


def test_the_demo_run_holds_suppressed_and_provisional_cells(demo):  # noqa: F811
    run = IndicatorRun.objects.get()
    values = IndicatorValue.objects.filter(run=run)
    assert values.filter(suppressed=True, geo_level="municipality").exists()
    assert values.filter(indicator="readmission_30d", provisional__gt=0).exists()
    assert (
        values.filter(
            indicator="readmission_30d",
            geo_level="cluster",
            geo_code="Randersklyngen",
            period_type="month",
        ).count()
        >= 12
    )


def test_the_demo_partner_sees_randersklyngen_with_small_numbers_hidden(demo, client):  # noqa: F811
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    run = IndicatorRun.objects.get()
    values = IndicatorValue.objects.filter(run=run)
    assert values.filter(hidden=True, suppressed=False).exists()  # complementary cells
    partner = get_user_model().objects.get(username="kommune")
    client.force_login(partner)
    response = client.get(
        reverse("indicators:dashboard") + "?indicator=acute_admissions&sector=psykiatri"
    )
    board = response.context["board"]
    assert {c.geo_code for c in board.municipalities} == {"730", "710", "707", "706"}
    assert [c.geo_code for c in board.clusters] == ["Randersklyngen"]
    for cell in board.municipalities + board.series:
        if cell.hidden:
            assert cell.text == cell.numerator_text == "*"
        else:
            assert not 1 <= cell.numerator <= 4
    assert client.get(reverse("indicators:run-list")).status_code == 404
