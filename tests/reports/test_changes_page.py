"""The before-and-after page compares with what the user asked for, or says why it cannot."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.core.templatetags.fremdrift import format_date
from fremdrift.portfolio import actions
from fremdrift.reports import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_plan(plan):
    """A plan with an issued report and a status recorded after it."""
    service.issue(service.generate(plan, fmt="xlsx"), by="t", title="HL-møde 7. december 2026")
    actions.record_status(
        plan.initiatives_by_key["hr"], by="t", seen_version=None, text="Helt ny sætning."
    )
    return plan


def _changes_page(client, plan, **query) -> str:
    response = client.get(
        reverse("reports:changes", args=[plan.slug]), query, HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_without_options_the_page_compares_with_the_latest_issued_report(
    client, changed_plan, users
):
    client.force_login(users["reader"])
    html = _changes_page(client, changed_plan)
    assert "Helt ny sætning." in html
    assert "HL-møde 7. december 2026" in html


def test_a_date_after_the_report_is_refused_and_nothing_is_compared(client, changed_plan, users):
    client.force_login(users["reader"])
    html = _changes_page(client, changed_plan, since="2030-01-01")
    assert "Sammenligningstidspunktet ligger efter rapportens tidspunkt." in html
    assert "Helt ny sætning." not in html
    assert "Intet er ændret." not in html


def test_an_unreadable_date_says_how_to_write_it(client, changed_plan, users):
    client.force_login(users["reader"])
    html = _changes_page(client, changed_plan, since="abc")
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in html
    assert "Helt ny sætning." not in html
    assert "Intet er ændret." not in html


def test_an_unknown_baseline_report_is_refused_and_nothing_is_compared(client, changed_plan, users):
    client.force_login(users["reader"])
    html = _changes_page(client, changed_plan, baseline="999")
    assert 'role="alert"' in html
    assert "999" in html
    assert "Helt ny sætning." not in html
    assert "Intet er ændret." not in html


def test_the_report_page_says_an_unknown_baseline_report_is_unknown(client, changed_plan, users):
    client.force_login(users["reader"])
    response = client.get(
        reverse("reports:page", args=[changed_plan.slug]),
        {"baseline": "999"},
        HTTP_ACCEPT_LANGUAGE="da",
    )
    html = response.content.decode()
    assert 'role="alert"' in html and "999" in html


def _options_of(html: str, name: str) -> list[str]:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_compare_menu_names_each_issued_report_by_its_title_and_date(
    client, changed_plan, users
):
    report = changed_plan.issued_reports.get()
    client.force_login(users["reader"])
    for url in ("reports:page", "reports:changes"):
        response = client.get(reverse(url, args=[changed_plan.slug]), HTTP_ACCEPT_LANGUAGE="da")
        options = [html_lib.unescape(o) for o in _options_of(response.content.decode(), "baseline")]
        with translation.override("da"):
            expected = f"HL-møde 7. december 2026 (udstedt {format_date(report.issued_at)})"
        assert expected in options
        assert not any(report.filename in o for o in options)


def test_a_report_issued_without_a_title_is_named_by_its_date_and_format(plan, users):
    report = service.issue(service.generate(plan, fmt="pdf"), by="t")
    with translation.override("da"):
        assert report.label == f"Rapport udstedt {format_date(report.issued_at)} (PDF)"
