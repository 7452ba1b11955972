"""The Content-Security-Policy in a real browser: pages, the admin and the API docs work
without a single policy violation (Chromium via Playwright, against the live server).

Playwright runs in a thread of its own: the browser tests in ``tests/browser`` keep a
Playwright event loop open in the main thread for the whole session.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests import tools

PAGES = [
    "/plans/",
    "/plans/vinter/",
    "/search/",
    "/audit/",
    "/accounts/token/",
    "/admin/",
    "/admin/core/roleassignment/add/",
]
DOCS = "/api/v1/docs/"
DOCS_READY = "text=/api/v1/initiatives/{id}/status/"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(base_url: str, session: str, initiative: int) -> dict[str, Any]:
    """Open every page in Chromium; return each page's status and CSP violations."""
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=tools.CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        violations: list[str] = []
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        for path in [*PAGES, f"/admin/portfolio/initiative/{initiative}/change/", DOCS]:
            violations.clear()
            response = page.goto(base_url + path)
            if path == DOCS:
                page.wait_for_selector(DOCS_READY)
            page.wait_for_load_state("networkidle")
            results[path] = (response.status, list(violations))
        browser.close()
    return results


def test_pages_the_admin_and_the_api_docs_run_without_csp_violations(live_server, users, plan):
    tools.chromium()
    client = Client()
    client.force_login(users["admin"])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    initiative = plan.initiatives_by_key["shared"].pk
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(_visit, live_server.url, session, initiative).result(timeout=300)
    problems = {path: r for path, r in results.items() if r[0] != 200 or r[1]}
    assert problems == {}
    assert len(results) == len(PAGES) + 2
