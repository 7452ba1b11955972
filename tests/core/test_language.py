"""Pages are in Danish whatever the browser asks for; English is chosen with the language
button (a cookie). The API answers in the language its client asks for
(tests/api/test_indicators_api_periods.py)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_a_browser_set_to_english_still_gets_danish_pages(client, users):
    client.force_login(users["reader"])
    html = client.get(reverse("portfolio:plan-list"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="da"' in html
    assert "Planer" in html


def test_the_language_button_chooses_english(client, users):
    client.force_login(users["reader"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("portfolio:plan-list")).content.decode()
    assert '<html lang="en"' in html


def test_the_login_page_is_danish_for_an_english_browser(client):
    html = client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="da"' in html
