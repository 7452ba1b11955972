"""Each filter of the initiative search names what its empty choice shows ("Alle faser"),
as the plan, area and unit filters do, instead of a bare dash."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _empty_options(html: str) -> dict[str, str]:
    """The label of the ``value=""`` option of every select on the page, by select name."""
    found = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        empty = re.search(r'<option value=""[^>]*>([^<]*)</option>', body)
        if empty:
            found[name] = empty.group(1).strip()
    return found


def test_every_filter_names_its_empty_choice_in_danish(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    html = client.get(reverse("portfolio:search"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    empty = _empty_options(html)
    assert empty["phase"] == "Alle faser"
    assert empty["work_form"] == "Alle arbejdsformer"
    assert empty["plan"] == "Alle planer"
    assert empty["area"] == "Alle områder"
    assert empty["unit"] == "Alle enheder"
    assert empty["follow_up"] == "Lokal eller fælles"
    assert "—" not in "".join(empty.values())


def test_a_chosen_phase_is_kept_and_all_phases_can_be_chosen_again(client: Any, users: Any) -> None:
    client.force_login(users["admin"])
    url = reverse("portfolio:search")
    html = client.get(url, {"phase": "afprøvning"}, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    phase = re.search(r'<select name="phase"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value="afprøvning" selected>', phase)
    assert '<option value="">Alle faser</option>' in phase
