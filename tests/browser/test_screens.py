"""Every page the app links to, as every demo role and as an anonymous visitor, at 390 px
and 1280 px: no sideways scroll, no console errors (the Content-Security-Policy reports
there), and no serious or critical axe-core findings.

The crawl follows same-origin GET links from the plan list, breadth first, and visits at most
``PER_PATTERN`` pages per URL shape (digits, plan slugs and query strings folded), so one
initiative page stands for all of them and the suite stays fast. Each page is loaded once and
checked at both widths in the same browser context; axe-core, the slow part, runs at both
widths for the first role and at 390 px for the others. Roles that see much the same pages
as an earlier one (psykiatri as redaktør, læser as koordinator without the forms) get a
smaller budget. The anonymous visitor sees the login page, the accessibility statement, the
public indicator dashboard (switched on) and the 404 page; the 403 page is a læser's.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = (1280, 390)
# (role, pages at most): every demo login of the README. The first role sees the most
# pages and is checked with axe at both widths.
ROLES = (
    ("koordinator", 60),
    ("admin", 20),  # + the indicator runs and the municipal view
    ("redaktoer", 20),
    ("psykiatri", 10),  # a redaktør of another unit: the same pages
    ("laeser", 15),  # the koordinator's pages without the forms; and the 403 and 404 pages
    ("sekretaer", 25),  # down to a meeting of HMU
    ("analytiker", 16),  # every page of the indicators
    ("kommune", 6),  # the indicators and the own pages: no forums, tasks or consultations
)
PER_PATTERN = 1
SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")
TIMING = os.environ.get("FREMDRIFT_CRAWL_TIMING")

# Not pages of the app's own layout, or not pages at all.
SKIP = re.compile(
    r"^/(accounts/logout|admin/|api/(?!v1/docs/)|i18n/|static/|oidc/)"
    r"|[?&](format|download)=|\.(pptx|pdf|xlsx|csv|json|yaml|svg|png|zip|ics)(\?|$)"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Rules that judge content authors, not the layout: a page's heading order follows content.
AXE_IGNORE = {"heading-order", "region", "landmark-unique", "page-has-heading-one"}


def pattern(path: str) -> str:
    """The shape of a URL: numbers and the plan slugs folded, so similar pages count once."""
    shape = re.sub(r"/\d+(?=/|$)", "/N", urlparse(path).path)
    return re.sub(r"/plans/[^/]+/", "/plans/S/", shape)


def links(page: Any, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])",
        "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)",
    )
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if href.startswith(origin):
            path = href[len(origin) :] or "/"
            if not SKIP.search(path):
                found.append(path)
    return found


def axe_findings(page: Any) -> list[str]:
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['targets']}"
        for v in result
        if v["impact"] in ("serious", "critical") and v["id"] not in AXE_IGNORE
    ]


def check_page(
    page: Any, url: str, problems: list[str], errors: list[str], name: str, axe_widths: tuple
) -> None:
    # Every tab panel, not only the selected one, as a page without the script shows them.
    page.evaluate("document.querySelectorAll('.tab-panel[hidden]').forEach(p => p.hidden = false)")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(50)  # let resize handlers run
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        if scroll > inner:
            problems.append(f"{url} @{width}px scrolls sideways: {scroll} > {inner}")
        for finding in axe_findings(page) if width in axe_widths else ():
            problems.append(f"{url} @{width}px axe {finding}")
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"))
    for error in dict.fromkeys(e[:160] for e in errors):
        problems.append(f"{url} console: {error}")
    errors.clear()


def _is_top_level(page: Any, path: str) -> bool:
    """A page the header or footer links to (the main menu, the user's own page, the
    accessibility statement), the login page, an error page, or a page outside the app's
    layout: these need no breadcrumbs."""
    if not page.locator("header.header").count() or page.locator(".error-code").count():
        return True
    header = page.eval_on_selector_all(
        "header a[href], footer a[href]", "els => els.map(e => new URL(e.href).pathname)"
    )
    return urlparse(path).path in set(header) | {"/", "/accounts/login/"}


def crawl(
    page: Any,
    origin: str,
    role: str,
    axe_widths: tuple,
    max_pages: int,
    start: tuple[str, ...] = ("/plans/",),
    expected: dict[str, int] | None = None,
) -> tuple[list[str], list[str]]:
    """Visit ``start`` and what it links to; ``expected`` gives the pages that answer with
    an error status on purpose (the error pages)."""
    expected = expected or {}
    errors: list[str] = []

    def console(message: Any) -> None:
        # The browser logs an error page's own status: not a fault of the page.
        url = message.location.get("url", "")
        if message.type == "error" and not (
            url[len(origin) :] in expected and "responded with a status of" in message.text
        ):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    queue = deque(start)
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < max_pages:
        path = queue.popleft()
        shape = pattern(path)
        if path in seen or per_pattern.get(shape, 0) >= PER_PATTERN:
            continue
        seen.add(path)
        per_pattern[shape] = per_pattern.get(shape, 0) + 1
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        try:
            response = page.goto(origin + path, wait_until="load")
        except PlaywrightError as error:  # a download: not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        ok = response.status == expected[path] if path in expected else response.status < 400
        if not ok:
            problems.append(f"{path}: HTTP {response.status}")
        visited.append(path)
        name = f"{role}-{len(visited):02d}"
        started = time.monotonic()
        check_page(page, path, problems, errors, name, axe_widths)
        if TIMING:
            print(f"{time.monotonic() - started:5.2f}s {path}")
        if not _is_top_level(page, path) and not page.locator("nav.breadcrumbs").count():
            problems.append(f"{path}: no breadcrumbs")
        queue.extend(p for p in links(page, origin) if p not in seen)
    return visited, problems


def _context(browser: Any) -> Any:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    return context


def test_every_linked_page_fits_the_screen_and_passes_axe(browser, live_server, demo_data) -> None:
    problems: list[str] = []
    for role, max_pages in ROLES:
        started = time.monotonic()
        # axe-core is the slow part: both widths for the first role, the narrow one after.
        axe_widths = WIDTHS if role == ROLES[0][0] else (390,)
        context = _context(browser)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Brugernavn").fill(role)
            page.get_by_label("Adgangskode").fill("demo")
            page.get_by_role("button", name="Log ind").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            # From where the login lands: the plans, or a partner's indicator dashboard.
            landing = (urlparse(page.url).path,)
            visited, found = crawl(page, live_server.url, role, axe_widths, max_pages, landing)
            if role == "laeser":  # the error pages, in the app's layout
                errors = {"/audit/": 403, "/findes-ikke/": 404}
                _v, denied = crawl(
                    page, live_server.url, "error", axe_widths, 2, tuple(errors), errors
                )
                found += denied
        finally:
            context.close()
        took = f" in {time.monotonic() - started:.1f}s" if TIMING else ""
        print(f"{role}: {len(visited)} pages crawled at {WIDTHS}, {len(found)} problems{took}")
        assert len(visited) >= min(10, max_pages), visited
        problems.extend(f"{role}: {problem}" for problem in found)
    assert not problems, "\n".join(problems)


# An anonymous visitor's pages and what they link to (the dashboard's municipalities); any
# other address sends the visitor to the login page, so the 404 page is a læser's.
ANONYMOUS = ("/accounts/login/", "/tilgaengelighed/", "/offentlig/indikatorer/")


def test_an_anonymous_visitors_pages_fit_the_screen_and_pass_axe(
    browser, live_server, demo_data, settings
) -> None:
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        visited, problems = crawl(
            page,
            live_server.url,
            "anonymous",
            (390,),
            12,
            ANONYMOUS,
        )
    finally:
        context.close()
    print(f"anonymous: {len(visited)} pages crawled at {WIDTHS}, {len(problems)} problems")
    assert set(ANONYMOUS) <= set(visited), visited
    assert any(re.fullmatch(r"/offentlig/indikatorer/\d+/", path) for path in visited), visited
    assert not problems, "\n".join(problems)


def test_the_api_documentation_passes_axe(browser, live_server, demo_data) -> None:
    """The bundled Swagger page once it has drawn its operations (the crawl may check it
    before they are drawn): no sideways scroll, no console errors, no serious or critical
    axe findings."""
    context = _context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    problems: list[str] = []
    try:
        log_in(page, live_server.url, "admin")
        page.goto(f"{live_server.url}/api/v1/docs/")
        page.wait_for_selector(".opblock-summary-control")
        check_page(page, "/api/v1/docs/", problems, errors, "api-docs", WIDTHS)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
