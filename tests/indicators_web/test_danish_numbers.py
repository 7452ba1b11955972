"""Numbers are typed as a Danish planner writes them: a decimal comma (12,5), thousands with
dots or spaces (1.234,5); a number that could be either is asked about, never guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from fremdrift.indicators import actions
from fremdrift.indicators.forms import RunForm
from fremdrift.indicators.models import IndicatorLink, ManualIndicator, ManualValue

pytestmark = pytest.mark.django_db


def _initiative(plan):
    return plan.initiatives_by_key["shared"]


def _link(client, initiative, target):
    return client.post(
        reverse("indicators:initiative-indicators", args=[initiative.pk]),
        {
            "indicator": "readmission_30d",
            "sector": "somatik",
            "geo": "cluster:Randersklyngen",
            "period_type": "month",
            "target": target,
            "direction": "lower",
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )


def test_a_share_target_with_a_decimal_comma_is_saved_as_typed(client, users, plan):
    client.force_login(users["coordinator"])
    response = _link(client, _initiative(plan), "12,5")
    assert response.status_code == 302
    assert IndicatorLink.objects.get().target == pytest.approx(0.125)


def test_the_target_of_a_link_is_a_text_field_that_keeps_the_comma(client, users, plan):
    """A number field of the browser drops a typed comma ("12,5" arrives as "125")."""
    client.force_login(users["coordinator"])
    html = client.get(
        reverse("indicators:initiative-indicators", args=[_initiative(plan).pk])
    ).content.decode()
    field = html[html.index('name="target"') - 200 : html.index('name="target"') + 200]
    assert 'type="number"' not in field
    assert 'inputmode="decimal"' in field


def _value(client, indicator, value):
    return client.post(
        indicator.get_absolute_url(),
        {"date": "2022-01-10", "value": value, "note": "uge 2"},
        HTTP_ACCEPT_LANGUAGE="da",
    )


@pytest.fixture
def seconds(plan):
    return actions.create_manual_indicator(
        _initiative(plan), by="t", name="Svartid", unit="sekunder"
    )


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("14.5", Decimal("14.5")),
        ("0.125", Decimal("0.125")),
        ("1.234.567", Decimal("1234567")),
    ],
)
def test_a_value_is_read_as_a_danish_planner_writes_it(client, users, seconds, typed, saved):
    client.force_login(users["coordinator"])
    response = _value(client, seconds, typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ManualValue.objects.get().value == saved


def test_a_number_that_may_mean_thousands_is_asked_about_not_guessed(client, users, seconds):
    """'1.234' is 1234 to a Dane and 1,234 to the machine: nothing is saved, the question
    stands at the field, and what was typed is kept."""
    client.force_login(users["coordinator"])
    response = _value(client, seconds, "1.234")
    assert response.status_code == 200
    assert not ManualValue.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == ["value"]
    assert form.errors["value"] == [
        "Mener du 1234 eller 1,234? Skriv hele tal uden punktum (fx 1234) og decimaler "
        "med komma (fx 1,234)."
    ]
    html = response.content.decode()
    assert 'value="1.234"' in html and 'value="uge 2"' in html


def test_a_target_is_shown_for_editing_as_it_was_typed(client, users, plan):
    initiative = _initiative(plan)
    client.force_login(users["coordinator"])
    client.post(
        reverse("indicators:manual-create", args=[initiative.pk]),
        {"name": "Andel besvarede opkald", "unit": "%", "target": "12,5", "direction": "higher"},
    )
    indicator = ManualIndicator.objects.get()
    assert indicator.target == Decimal("12.5")
    html = client.get(reverse("indicators:manual-edit", args=[indicator.pk])).content.decode()
    assert 'value="12,5"' in html
    # sent back unchanged, it stays 12,5
    client.post(
        reverse("indicators:manual-edit", args=[indicator.pk]),
        {"name": "Andel besvarede opkald", "unit": "%", "target": "12,5", "direction": "higher"},
    )
    indicator.refresh_from_db()
    assert indicator.target == Decimal("12.5")


def test_the_values_and_target_of_a_hand_entered_indicator_show_without_padding(
    client, users, plan
):
    indicator = actions.create_manual_indicator(
        _initiative(plan), by="t", name="Andel", unit="%", target=Decimal("12.5")
    )
    actions.record_manual_value(indicator, by="t", date=dt.date(2022, 1, 9), value=Decimal("14.5"))
    client.force_login(users["coordinator"])
    html = client.get(indicator.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "12,5 %" in html and "14,5 %" in html
    assert "12,500" not in html and "14,500" not in html


def test_the_hours_of_a_run_take_a_decimal_comma():
    form = RunForm(
        {
            "as_of": "2022-03-01T00:00",
            "link_gap_hours": "4,5",
            "admission_min_hours": "12",
            "acute_rule": "first_contact",
            "windows": "somatik:30;psykiatri:7,30",
        }
    )
    form.is_valid()
    assert "link_gap_hours" not in form.errors
    assert form.cleaned_data["link_gap_hours"] == Decimal("4.5")
    assert 'inputmode="decimal"' in str(form["link_gap_hours"])
