"""Shared screens: error pages in the app's layout, the theme layer, the accessibility
statement, the favicon and the form error summary (DEBUG is off in tests)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.utils import translation

from fremdrift.portfolio.models import Initiative

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_danish_404_page_with_a_way_back(client, users):
    assert not settings.DEBUG
    client.force_login(users["reader"])
    response = client.get("/no-such-page/", HTTP_REFERER="/plans/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden blev ikke fundet" in body
    assert "ikke adgang til det" in body  # the reason
    assert 'href="/plans/"' in body  # back to where the user came from
    assert 'href="/"' in body and "Gå til forsiden" in body
    assert 'class="header' in body and "Tilgængelighedserklæring" in body  # the app's layout
    elsewhere = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/").content
    assert b"evil.example" not in elsewhere


def test_a_role_without_the_right_gets_the_danish_403_page(client, users):
    client.force_login(users["reader"])
    response = client.get("/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har ikke adgang til dette" in body
    assert "din rolle giver ikke adgang" in body
    assert "Gå til forsiden" in body


def test_a_form_refused_by_the_csrf_check_gets_the_danish_403_page_with_the_way_back(users, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["coordinator"])
    form = f"/initiatives/{plan.initiatives_by_key['shared'].pk}/status/"
    response = client.post(form, {"text": "Ny status"}, HTTP_REFERER=f"http://testserver{form}")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formularen kunne ikke sendes" in body
    assert "det, du skrev, bliver sat ind igen" in body
    assert f'href="http://testserver{form}"' in body  # back to the form
    assert 'class="header' in body  # the app's layout, not Django's plain page


def test_the_500_page_is_danish_and_needs_nothing_from_the_database():
    request = RequestFactory().get("/plans/")
    handler = get_resolver().resolve_error_handler(500)
    response = handler(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Der skete en fejl" in body
    assert 'href="/"' in body


def test_every_page_links_to_the_accessibility_statement_which_anyone_can_read(client, users):
    client.force_login(users["reader"])
    assert 'href="/tilgaengelighed/"' in client.get("/plans/").content.decode()
    client.logout()
    response = client.get("/tilgaengelighed/")
    assert response.status_code == 200
    assert "Tilgængelighedserklæring for Fremdrift" in response.content.decode()
    assert "WCAG 2.1" in response.content.decode()


def test_the_theme_takes_the_region_colour_and_logo_from_settings(client, settings, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    settings.FREMDRIFT_PRIMARY_COLOUR = "#7A1F3D"
    settings.FREMDRIFT_LOGO = str(logo)
    response = client.get("/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--brand: #7a1f3d" in css
    assert 'url("data:image/png;base64,' in css


def test_a_colour_that_is_not_a_colour_falls_back_to_the_default(client, settings):
    settings.FREMDRIFT_PRIMARY_COLOUR = "red; } body { display: none"
    css = client.get("/theme.css").content.decode()
    assert "--brand: #00505f" in css
    assert "display: none" not in css


def test_the_layout_has_no_inline_style_or_script_and_a_favicon(client, users):
    client.force_login(users["coordinator"])
    body = client.get("/plans/").content.decode()
    assert "style=" not in body and "<style" not in body
    assert "<script>" not in body
    assert 'rel="icon"' in body
    assert client.get("/favicon.ico")["Content-Type"] == "image/svg+xml"


def test_a_form_with_errors_starts_with_an_error_summary_linking_to_the_fields(client, users, plan):
    client.force_login(users["coordinator"])
    initiative = Initiative.objects.filter(plan=plan).first()
    response = client.post(f"/initiatives/{initiative.pk}/status/", {"text": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="alert alert-error error-summary"' in body
    assert "Der er et problem" in body
    assert 'href="#id_text"' in body


def test_the_audit_trail_shows_labelled_fields_as_before_and_after(client, users, plan):
    from fremdrift.core.audit_display import changes
    from fremdrift.core.models import AuditEvent

    event = AuditEvent(
        object_type="portfolio.initiative",
        before={"status_text": "", "status_date": None},
        after={"status_text": "Godkendt i HL", "status_date": "2022-02-08"},
    )
    label = str(Initiative._meta.get_field("status_date").verbose_name)
    rows = {row.label.lower(): (row.before, row.after) for row in changes(event)}
    assert rows[label.lower()] == ("—", "8. februar 2022")
    linked = AuditEvent(
        object_type="portfolio.initiative",
        before=None,
        after={"area": 3, "area_title": "Hospitaler", "position": 2},
    )
    with translation.override("da"):
        assert [row.label for row in changes(linked)] == ["Område", "Områdets titel", "Placering"]
    client.force_login(users["admin"])
    body = client.get("/audit/").content.decode()
    assert "None" not in body
    assert "{&#x27;" not in body and "{'" not in body


def _render(source: str, **context) -> str:
    from django.template import Context, Template

    return Template("{% load i18n fremdrift %}" + source).render(Context(context))


def test_breadcrumbs_are_the_design_systems_from_the_top_down_to_the_page(plan):
    from django.utils import translation

    area = plan.areas.first()
    with translation.override("da"):
        html = _render(
            '{% breadcrumbs _("Plans") "portfolio:plan-list" plan area.title url missing '
            '"#x" _("Record status") %}',
            plan=plan,
            area=area,
            url=plan.get_absolute_url() + "#area-" + area.slug,
            missing=None,
        )
    assert '<nav class="breadcrumbs no-print" aria-label="Brødkrummesti">' in html
    assert html.count('class="breadcrumbs__link"') == 3
    assert '<a href="/plans/" class="breadcrumbs__link">Planer</a>' in html
    assert f'<a href="{plan.get_absolute_url()}" class="breadcrumbs__link">Vinterplan</a>' in html
    assert f'href="{plan.get_absolute_url()}#area-{area.slug}"' in html
    assert '<li class="breadcrumbs__list-item" aria-current="page">Registrér status</li>' in html


def test_pagination_is_the_design_systems_with_the_filter_kept_on_every_link():
    from django.core.paginator import Paginator
    from django.utils import translation

    page = Paginator(range(1000), 50).get_page(7)
    with translation.override("da"):
        html = _render("{% pagination page query %}", page=page, query="q=a%20b")
    assert '<nav class="pagination no-print" aria-label="Sider">' in html
    numbers = re.findall(r'page=(\d+)" class="button(?: current-page)?"', html)
    assert numbers == ["1", "6", "7", "8", "20"]
    assert 'class="button current-page" aria-current="page"' in html
    assert html.count("pagination-overflow") == 2
    assert 'href="?q=a%20b&amp;page=6" class="button button-arrow button-previous"' in html
    assert 'href="?q=a%20b&amp;page=8" class="button button-arrow button-next"' in html
    assert "Side 7 af 20" in html  # what a phone shows instead of the numbers
    assert not _render("{% pagination page %}", page=Paginator(range(9), 50).get_page(1)).strip()
