"""Indicators linked to initiatives, the initiative panel, and hand-entered indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.core.models import AuditEvent
from fremdrift.indicators import actions
from fremdrift.indicators.models import IndicatorLink, ManualIndicator, ManualValue
from tests.indicators_web.indicators_web_helpers import value_row

pytestmark = pytest.mark.django_db


def _initiative(plan):
    return plan.initiatives_by_key["shared"]  # local unit: the hospital


def _readmission_rows():
    return [
        value_row(
            indicator="readmission_30d",
            geo_level="cluster",
            geo_code="Randersklyngen",
            geo_name="Randersklyngen",
            period=period,
            numerator=num,
            denominator=100,
            value=num / 100,
            provisional=prov,
        )
        for period, num, prov in (
            ("2021-11", 14, 0),
            ("2021-12", 12, 0),
            ("2022-01", 9, 0),
            ("2022-02", 8, 40),
        )
    ]


def test_a_coordinator_links_an_indicator_through_the_form(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("indicators:initiative-indicators", args=[initiative.pk]),
        {
            "indicator": "readmission_30d",
            "sector": "somatik",
            "geo": "cluster:Randersklyngen",
            "period_type": "month",
            "target": "10",
            "direction": "lower",
        },
    )
    assert response.status_code == 302
    link = IndicatorLink.objects.get()
    assert (link.geo_level, link.geo_code, link.target) == ("cluster", "Randersklyngen", 0.10)
    event = AuditEvent.objects.filter(
        object_type="portfolio.initiative", object_id=str(initiative.pk)
    ).first()
    assert event.after["indicator_link"]["indicator"] == "readmission_30d"


def test_seven_day_readmissions_exist_for_psychiatry_only(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the language button
    response = client.post(
        reverse("indicators:initiative-indicators", args=[initiative.pk]),
        {
            "indicator": "readmission_7d",
            "sector": "somatik",
            "geo": "region:RM",
            "period_type": "month",
            "direction": "lower",
        },
    )
    assert response.status_code == 200
    assert "psychiatry only" in response.content.decode()
    assert not IndicatorLink.objects.exists()


def test_the_initiative_page_shows_the_trend_latest_value_and_target(client, users, plan, make_run):
    initiative = _initiative(plan)
    make_run(_readmission_rows())
    actions.link_indicator(
        initiative,
        by="t",
        indicator="readmission_30d",
        sector="somatik",
        geo_level="cluster",
        geo_code="Randersklyngen",
        geo_name="Randersklyngen",
        target=0.10,
    )
    client.force_login(users["reader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the language button
    response = client.get(initiative.get_absolute_url())
    html = response.content.decode()
    assert "Readmissions within 30 days" in html
    assert "Randersklyngen" in html
    assert "9.0 %" in html or "9,0 %" in html  # latest complete month: January
    assert "target met" in html
    assert 'role="img"' in html
    assert "/indicators/?run=" in html


def test_the_panel_costs_a_fixed_number_of_queries(client, users, plan, make_run):
    initiative = _initiative(plan)
    make_run(_readmission_rows())
    client.force_login(users["reader"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(initiative.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    actions.link_indicator(
        initiative,
        by="t",
        indicator="readmission_30d",
        sector="somatik",
        geo_level="cluster",
        geo_code="Randersklyngen",
        geo_name="Randersklyngen",
    )
    one = count()
    for sector, level, code in (
        ("somatik", "region", "RM"),
        ("psykiatri", "cluster", "Randersklyngen"),
    ):
        actions.link_indicator(
            initiative,
            by="t",
            indicator="readmission_30d",
            sector=sector,
            geo_level=level,
            geo_code=code,
            geo_name=code,
        )
    assert count() == one


def test_a_reader_may_not_link_indicators(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["reader"])
    url = reverse("indicators:initiative-indicators", args=[initiative.pk])
    assert client.get(url).status_code == 403
    client.force_login(users["nobody"])
    assert client.get(url).status_code == 404


def test_an_editor_of_the_initiatives_unit_may_link_indicators(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["editor_hospital"])
    assert (
        client.get(reverse("indicators:initiative-indicators", args=[initiative.pk])).status_code
        == 200
    )
    client.force_login(users["editor_hr"])
    assert (
        client.get(reverse("indicators:initiative-indicators", args=[initiative.pk])).status_code
        == 403
    )


def test_unlinking_is_audited(client, users, plan):
    initiative = _initiative(plan)
    link = actions.link_indicator(
        initiative,
        by="t",
        indicator="fb_days",
        sector="psykiatri",
        geo_level="region",
        geo_code="RM",
        geo_name="RM",
    )
    client.force_login(users["coordinator"])
    client.post(reverse("indicators:link-delete", args=[initiative.pk, link.pk]))
    assert not IndicatorLink.objects.exists()
    assert AuditEvent.objects.filter(action="deleted", object_id=str(initiative.pk)).exists()


def test_a_hand_entered_indicator_and_its_values_go_through_actions_with_audit(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("indicators:manual-create", args=[initiative.pk]),
        {
            "name": "Gennemsnitlig svartid",
            "unit": "sekunder",
            "target": "120",
            "direction": "lower",
        },
    )
    indicator = ManualIndicator.objects.get()
    assert response["Location"] == indicator.get_absolute_url()
    client.post(
        indicator.get_absolute_url(),
        {"date": "2022-02-08", "value": "95,5", "note": "Efter nye vejledere"},
    )
    client.post(indicator.get_absolute_url(), {"date": "2021-12-01", "value": "240"})
    values = list(ManualValue.objects.order_by("date").values_list("value", flat=True))
    assert values == [Decimal("240"), Decimal("95.5")]
    events = AuditEvent.objects.filter(
        object_type="portfolio.initiative", object_id=str(initiative.pk)
    )
    assert events.filter(after__has_key="manual_indicator").count() == 1
    assert events.filter(after__has_key="manual_value").count() == 2
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the language button
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Gennemsnitlig svartid" in html
    assert "95.5 sekunder" in html
    assert "target met" in html


def test_a_value_for_the_same_date_replaces_the_earlier_one(users, plan):
    indicator = actions.create_manual_indicator(_initiative(plan), by="t", name="Andel", unit="%")
    actions.record_manual_value(indicator, by="t", date=dt.date(2022, 1, 9), value=Decimal(6))
    actions.record_manual_value(indicator, by="t", date=dt.date(2022, 1, 9), value=Decimal(7))
    assert list(indicator.values.values_list("value", flat=True)) == [Decimal(7)]


def test_hand_entered_values_are_validated_in_danish(client, users, plan):
    indicator = actions.create_manual_indicator(_initiative(plan), by="t", name="Andel", unit="%")
    client.force_login(users["coordinator"])
    response = client.post(
        indicator.get_absolute_url(), {"date": "", "value": "mange"}, HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in html and "Indtast et tal" in html
    assert not ManualValue.objects.exists()


def test_a_duplicate_name_is_refused(users, plan):
    initiative = _initiative(plan)
    actions.create_manual_indicator(initiative, by="t", name="Svartid", unit="sekunder")
    with pytest.raises(ValidationError):
        actions.create_manual_indicator(initiative, by="t", name="svartid", unit="dage")


def test_a_reader_sees_hand_entered_values_but_may_not_record_them(client, users, plan):
    indicator = actions.create_manual_indicator(_initiative(plan), by="t", name="Andel", unit="%")
    client.force_login(users["reader"])
    assert client.get(indicator.get_absolute_url()).status_code == 200
    response = client.post(indicator.get_absolute_url(), {"date": "2022-01-01", "value": "5"})
    assert response.status_code == 403
    assert client.get(reverse("indicators:manual-edit", args=[indicator.pk])).status_code == 403
    assert not ManualValue.objects.exists()


def test_editing_a_hand_entered_indicator_is_audited(client, users, plan):
    indicator = actions.create_manual_indicator(_initiative(plan), by="t", name="Andel", unit="%")
    client.force_login(users["editor_hospital"])
    client.post(
        reverse("indicators:manual-edit", args=[indicator.pk]),
        {"name": "Andel med akutknap", "unit": "%", "target": "7", "direction": "higher"},
    )
    indicator.refresh_from_db()
    assert indicator.name == "Andel med akutknap" and indicator.target == Decimal(7)
    event = AuditEvent.objects.filter(action="updated").first()
    assert event.before["manual_indicator"]["name"] == "Andel"
