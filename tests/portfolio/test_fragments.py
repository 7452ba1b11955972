"""Plan rows and search results come from the fragment cache (core/fragments.py) but always
show the current data, in the user's language, and never what another user's rights showed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from fremdrift.core import actions as core_actions
from fremdrift.core.fragments import fingerprint, fragment_key
from fremdrift.followup import actions as followup_actions
from fremdrift.portfolio import actions

pytestmark = pytest.mark.django_db

# Session, user, role assignments, plan, areas, rows (with the user's rights on them), the
# rows' units, follow-up's notes. Rows not in the cache add their initiatives and units.
PLAN_PAGE_QUERIES = 8
PLAN_PAGE_QUERIES_COLD = PLAN_PAGE_QUERIES + 2
# An editor's rights add the units below the editor's unit.
EDITOR_EXTRA = 1
# Session, user, role assignments, the chosen unit, count, page, units of the page, and the
# options of the plan, area and unit lists.
SEARCH_QUERIES = 10


def _plan_page(client, plan, **headers) -> str:
    response = client.get(reverse("portfolio:plan-detail", args=[plan.slug]), **headers)
    assert response.status_code == 200
    return _without_csrf(response.content.decode())


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _more_initiatives(plan, units, n: int) -> None:
    area = plan.areas_by_slug["hospitaler"]
    for i in range(n):
        actions.create_initiative(
            plan,
            by="t",
            title=f"Indsats {i}",
            areas=[area],
            units={"local": [units["department"]], "lead": [units["hr"]]},
            theme=f"Tema {i % 3}",
        )


def test_the_plan_page_renders_cached_rows_in_a_fixed_number_of_queries(
    client, users, plan, units, django_assert_num_queries
):
    _more_initiatives(plan, units, 30)
    client.force_login(users["coordinator"])
    with django_assert_num_queries(PLAN_PAGE_QUERIES_COLD):
        cold = _plan_page(client, plan)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        warm = _plan_page(client, plan)
    assert warm == cold
    assert warm.count('class="initiative-title"') == 33


def test_a_recorded_status_shows_at_once_on_the_plan_page(client, users, plan):
    client.force_login(users["reader"])
    assert "I gang." in _plan_page(client, plan)
    shared = plan.initiatives_by_key["shared"]
    actions.record_status(
        shared,
        by="t",
        seen_version=shared.version,
        text="Afprøvningen er afsluttet.",
        status_date=dt.date(2022, 1, 10),
    )
    html = _plan_page(client, plan)
    assert "I gang." not in html
    assert html.count("Afprøvningen er afsluttet.") == 2  # the initiative sits in two areas
    assert "10. januar 2022" in html


def test_a_renamed_unit_and_area_show_on_the_plan_page(client, users, plan, units):
    client.force_login(users["reader"])
    before = _plan_page(client, plan)
    assert "Koncern HR" in before
    core_actions.update_unit(units["hr"], by="t", name="Koncern HR og Uddannelse")
    actions.update_area(plan.areas_by_slug["hospitaler"], by="t", title="Sygehuse")
    html = _plan_page(client, plan)
    assert "Koncern HR og Uddannelse" in html
    assert '<a href="#area-hospitaler">Sygehuse</a>' in html  # "Also in:" of the shared row


def test_a_local_status_changes_the_rows_note(client, users, plan, units):
    client.force_login(users["reader"])
    assert "enheder i" not in _plan_page(client, plan, HTTP_ACCEPT_LANGUAGE="da")
    followup_actions.record_local_status(
        plan.initiatives_by_key["shared"], units["hospital"], by="t", phase="implementering"
    )
    html = _plan_page(client, plan, HTTP_ACCEPT_LANGUAGE="da")
    assert "1 af 1 enhed i implementering" in html


def test_the_cached_rows_follow_the_users_language(client, users, plan):
    client.force_login(users["reader"])
    danish = _plan_page(client, plan)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language button's choice
    english = _plan_page(client, plan)
    assert "Også i:" in danish and "Also in:" not in danish
    assert "Also in:" in english and "Også i:" not in english


def test_a_reader_never_gets_an_editors_cached_row(client, users, plan, django_assert_num_queries):
    """Rows are cached with the viewer's right to edit them in the key: after an editor of
    the hospital has seen the plan, the reader's row of that initiative is rendered anew
    (the initiatives and units are read again), and the reader's page is what the reader
    gets from an empty cache."""
    client.force_login(users["editor_hospital"])
    _plan_page(client, plan)
    with django_assert_num_queries(PLAN_PAGE_QUERIES + EDITOR_EXTRA):
        _plan_page(client, plan)  # all of the editor's rows are cached now

    client.force_login(users["reader"])
    with django_assert_num_queries(PLAN_PAGE_QUERIES_COLD):
        after_editor = _plan_page(client, plan)
    client.force_login(users["editor_hr"])  # may edit the other initiative only
    with django_assert_num_queries(PLAN_PAGE_QUERIES_COLD + EDITOR_EXTRA):
        _plan_page(client, plan)

    from django.core.cache import cache

    cache.clear()
    client.force_login(users["reader"])
    assert _plan_page(client, plan) == after_editor


def test_fragment_keys_name_the_language_and_the_release(settings):
    from django.utils import translation

    with translation.override("da"):
        danish = fragment_key("plan-row", (1, 2))
    with translation.override("en"):
        english = fragment_key("plan-row", (1, 2))
    assert danish != english
    assert fingerprint() in danish
    with translation.override("da"):
        assert fragment_key("plan-row", (1, 2)) == danish
        assert fragment_key("plan-row", (1, 3)) != danish


def test_search_renders_cached_results_and_lists_in_a_fixed_number_of_queries(
    client, users, plan, units, django_assert_num_queries
):
    _more_initiatives(plan, units, 30)
    client.force_login(users["coordinator"])
    url = reverse("portfolio:search") + f"?unit={units['department'].pk}&sort=-status_date"
    with django_assert_num_queries(SEARCH_QUERIES):
        cold = _without_csrf(client.get(url).content.decode())
    with django_assert_num_queries(SEARCH_QUERIES):
        warm = _without_csrf(client.get(url).content.decode())
    assert warm == cold
    assert f'<option value="{units["department"].pk}" selected>Akutafdelingen Randers' in warm
    assert warm.count("Indsats ") == 30


def test_search_results_and_lists_show_renamed_units(client, users, plan, units):
    client.force_login(users["coordinator"])
    url = reverse("portfolio:search")
    assert "Koncern HR" in client.get(url).content.decode()
    core_actions.update_unit(units["hr"], by="t", name="HR-staben")
    html = client.get(url).content.decode()
    assert "Koncern HR" not in html
    assert "HR-staben" in html
    assert f'<option value="{units["hr"].pk}">HR-staben</option>' in html


def test_pages_are_rendered_when_the_cache_server_is_down(
    client, users, plan, settings, monkeypatch
):
    from fremdrift.core import fragments

    monkeypatch.setattr(fragments, "_down_until", 0.0)  # and back to "answers" afterwards
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
        }
    }
    client.force_login(users["reader"])
    assert "I gang." in _plan_page(client, plan)
    response = client.get(reverse("portfolio:search") + "?q=SPV")
    assert response.status_code == 200
    assert "Uddannelse af flere SPV" in response.content.decode()
