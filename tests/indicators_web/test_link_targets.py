"""A target of a share lies between 0 and 100 %; a count's target is not negative."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.indicators.models import IndicatorLink

pytestmark = pytest.mark.django_db


def _link(client, plan, indicator: str, target: str):
    initiative = plan.initiatives_by_key["shared"]
    return client.post(
        reverse("indicators:initiative-indicators", args=[initiative.pk]),
        {
            "indicator": indicator,
            "sector": "somatik",
            "geo": "region:RM",
            "period_type": "month",
            "target": target,
            "direction": "lower",
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )


@pytest.mark.parametrize("target", ["250", "100.5", "-1"])
def test_a_share_target_outside_0_to_100_percent_is_refused_in_danish(client, users, plan, target):
    client.force_login(users["coordinator"])
    response = _link(client, plan, "readmission_30d", target)
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == [
        "En andel skal have et mål mellem 0 og 100 %."
    ]
    assert not IndicatorLink.objects.exists()


@pytest.mark.parametrize(("target", "stored"), [("0", 0.0), ("100", 1.0), ("12.5", 0.125)])
def test_a_share_target_from_0_to_100_percent_is_kept(client, users, plan, target, stored):
    client.force_login(users["coordinator"])
    assert _link(client, plan, "readmission_30d", target).status_code == 302
    assert IndicatorLink.objects.get().target == pytest.approx(stored)


def test_a_count_target_may_be_large_but_not_negative(client, users, plan):
    client.force_login(users["coordinator"])
    refused = _link(client, plan, "acute_admissions", "-3")
    assert refused.context["form"].errors["target"] == ["Et mål kan ikke være negativt."]
    assert _link(client, plan, "acute_admissions", "250").status_code == 302
    assert IndicatorLink.objects.get().target == 250
