"""The public dashboard, switched on: a municipality's page opened without a login, its
figures suppressed, the CSV download, and the embeddable variant inside another site's
page (the only page that may be framed)."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _publish() -> None:
    from fremdrift.indicators import actions
    from tests.indicators_web.indicators_web_helpers import suppression_rows

    run = actions.create_run(
        by="test",
        as_of=dt.datetime(2022, 2, 15, tzinfo=ZoneInfo("Europe/Copenhagen")),
        params={},
        files=[{"role": "contacts", "name": "k.csv", "sha256": "0" * 64, "rows": None}],
    )
    run = actions.complete_run(run.pk, by="test", validation={}, rows=suppression_rows())
    actions.publish_run(run, by="test")


def test_a_visitor_reads_a_municipality_downloads_it_and_a_site_embeds_it(
    page, live_server, settings
):
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    _publish()
    page.goto(f"{live_server.url}/offentlig/indikatorer/")
    assert page.locator("h1").text_content() == "Indikatorer pr. kommune"
    page.get_by_role("link", name="Randers").click()
    page.wait_for_selector("h1:has-text('Indikatorer for Randers')")
    assert page.locator(".public-notice").is_visible()
    comparison = page.locator("table.comparison")
    assert comparison.locator("tr.own th").text_content() == "Randers"
    favrskov = comparison.locator("tr", has=page.locator("th", has_text="Favrskov"))
    assert favrskov.locator(".suppressed").first.text_content().strip() == "*"
    assert comparison.locator("tr.own td").first.text_content().strip().startswith("7")
    assert page.locator("svg[role=img]").count() >= 7

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert content.startswith("section,indicator,sector")

    embed = f"{live_server.url}/offentlig/indikatorer/730/indlejret/"
    framed_page = f"{live_server.url}/offentlig/indikatorer/730/"
    host = (
        f'<html><body><iframe id="ok" src="{embed}"></iframe>'
        f'<iframe id="no" src="{framed_page}"></iframe></body></html>'
    )
    with _other_site(host) as url:
        page.goto(url)
        inner = page.frame_locator("#ok")
        assert inner.locator("h1").text_content() == "Indikatorer for Randers"
        assert inner.locator(".suppressed").count() > 0
        refused = page.frame_locator("#no")
        page.wait_for_timeout(500)
        assert refused.locator("h1", has_text="Indikatorer for").count() == 0


@contextlib.contextmanager
def _other_site(html: str) -> Iterator[str]:
    """A page of another site (another origin on this machine) that frames ours."""
    body = html.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/side.html"
    finally:
        server.shutdown()
        server.server_close()


def test_on_a_phone_the_latest_months_figures_read_whole(page, live_server, settings):
    # each indicator a block of its figures under their names: nothing is cut off at the edge
    settings.FREMDRIFT_PUBLIC_INDICATORS = True
    _publish()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/offentlig/indikatorer/730/")
    table = page.locator("table.public-figures")
    cells = table.evaluate(
        """t => [...t.tBodies[0].querySelectorAll('th, td')].map(c => {
             const r = c.getBoundingClientRect(); return [r.left, r.right]; })"""
    )
    assert cells and all(left >= 0 and right <= 390 for left, right in cells), cells
    label = table.locator("td.num").first.evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Værdi: "'  # each figure shown under its column's name
