"""The settings of a new run are refused in Danish, on their own field, all at once; only the
readmission windows the product's indicators have (spec §9.7) are accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fremdrift.indicators.models import IndicatorRun

pytestmark = pytest.mark.django_db


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def _post(client, files: dict[str, Path] | None, **extra):
    data = {
        "as_of": "2022-03-01T00:00",
        "link_gap_hours": "4",
        "admission_min_hours": "12",
        "acute_rule": "first_contact",
        "windows": "somatik:30;psykiatri:7,30",
        **extra,
    }
    if files is not None:
        data |= {
            "contacts_file": _upload(files["contacts"]),
            "fb_file": _upload(files["fb_periods"]),
        }
    response = client.post(reverse("indicators:run-create"), data, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200, "the form was accepted"
    assert not IndicatorRun.objects.exists()
    return response


@pytest.fixture
def analyst(client, users):
    client.force_login(users["analyst"])
    return client


@pytest.mark.parametrize(
    ("windows", "danish"),
    [
        (
            "somatik:30;psykiatri:abc",
            "Skriv vinduerne som fx somatik:30;psykiatri:7,30 (dage, adskilt med komma).",
        ),
        ("Somatik:30", "Ukendt sektor “Somatik”: brug somatik eller psykiatri."),
        ("somatik:0", "Et vindue skal være et positivt antal dage (somatik: 0)."),
    ],
)
def test_a_bad_window_is_refused_in_danish_on_the_windows_field(
    analyst, input_files, windows, danish
):
    response = _post(analyst, input_files, windows=windows)
    form = response.context["form"]
    assert form.errors["windows"] == [danish]
    assert not form.non_field_errors()
    html = response.content.decode()
    assert "expected e.g." not in html and "unknown sector" not in html
    assert "must be positive" not in html


def test_every_refusal_is_shown_at_once(analyst):
    response = _post(analyst, None, link_gap_hours="abc", windows="Somatik:30")
    errors = response.context["form"].errors
    assert {"contacts_file", "fb_file", "link_gap_hours", "windows"} <= set(errors)
    assert errors["windows"] == ["Ukendt sektor “Somatik”: brug somatik eller psykiatri."]


@pytest.mark.parametrize(
    ("windows", "days", "sector"),
    [
        ("somatik:30;psykiatri:7,30,90", 90, "psykiatri"),
        ("somatik:7,30;psykiatri:7,30", 7, "somatik"),
    ],
)
def test_windows_the_products_indicators_lack_are_refused(
    analyst, input_files, windows, days, sector
):
    response = _post(analyst, input_files, windows=windows)
    assert response.context["form"].errors["windows"] == [
        f"Genindlæggelser inden for {days} dage er ikke en indikator for {sector}: "
        "brug somatik:30 og psykiatri:7,30 (eller en del af dem)."
    ]


def test_a_part_of_the_products_windows_is_accepted(analyst, input_files):
    data = {
        "contacts_file": _upload(input_files["contacts"]),
        "fb_file": _upload(input_files["fb_periods"]),
        "as_of": "2022-03-01T00:00",
        "link_gap_hours": "4",
        "admission_min_hours": "12",
        "acute_rule": "first_contact",
        "windows": "psykiatri:30;somatik:30",
    }
    response = analyst.post(reverse("indicators:run-create"), data)
    assert response.status_code == 302
    assert IndicatorRun.objects.get().params["windows"] == {"psykiatri": [30], "somatik": [30]}
