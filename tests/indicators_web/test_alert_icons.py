"""The message after an action carries the design system's icon of its kind, with the kind
named for screen readers, as every alert of the design system does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICONS = "/static/dkfds/img/all-svg-icons.svg"


def _messages(html: str) -> list[str]:
    return re.findall(r'<div class="alert message[^"]*">.*?</div></div>', html, re.S)


def test_a_success_message_after_publishing_shows_the_success_icon(client, users, make_run):
    run = make_run([], publish=False)
    client.force_login(users["analyst"])
    response = client.post(
        reverse("indicators:run-publish", args=[run.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    [message] = _messages(response.content.decode())
    assert "alert-success" in message and "Kørslen er offentliggjort" in message
    icon = re.search(r"<svg[^>]*>.*?</svg>", message, re.S).group(0)
    assert 'class="icon-svg alert-icon"' in icon
    assert f'href="{ICONS}#success"' in icon
    assert 'role="img"' in icon and 'aria-label="Succes"' in icon
    # the icon comes before the text, in the box's left padding (design system layout)
    assert message.index("alert-icon") < message.index("alert-body")


def test_an_error_message_shows_the_error_icon(client, users, make_run):
    run = make_run([], publish=True)  # published already: publishing again is refused
    client.force_login(users["analyst"])
    response = client.post(
        reverse("indicators:run-publish", args=[run.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="da"
    )
    [message] = _messages(response.content.decode())
    assert "alert-error" in message
    assert f'href="{ICONS}#error"' in message and 'aria-label="Fejl"' in message


def test_the_summary_of_a_refused_form_shows_the_error_icon(client, users):
    client.force_login(users["analyst"])
    response = client.post(
        reverse("indicators:run-create"), {"link_gap_hours": "x"}, HTTP_ACCEPT_LANGUAGE="da"
    )
    html = response.content.decode()
    summary = re.search(
        r'<div class="alert alert-error error-summary".*?</div>\s*</div>', html, re.S
    )
    assert summary, html
    assert f'href="{ICONS}#error"' in summary.group(0) and 'aria-label="Fejl"' in summary.group(0)
