"""Journey 4, "Does it work?": the analyst loads this month's extract, reads the validation
report and publishes; the initiative shows the 30-day readmission trend for Randersklyngen next
to its status; everyone but the analyst sees small numbers hidden ("*")."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("FREMDRIFT_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def _initiative_url(live_server) -> str:
    from fremdrift.portfolio.models import Initiative

    initiative = Initiative.objects.get(plan__slug="vinterplan-2021", ref="overblik-akut-kapacitet")
    return live_server.url + initiative.get_absolute_url()


def test_the_initiative_shows_the_readmission_trend_and_the_public_view_hides_small_cells(
    page, live_server, demo_data, login
):
    login("laeser")
    page.goto(_initiative_url(live_server))
    assert page.get_by_text("Forebygge akutte indlæggelser og genindlæggelser").first.is_visible()
    status = page.locator("section", has=page.locator("h2#status-h"))
    assert status.is_visible()
    panel = page.locator("section.panel", has=page.locator("h2", has_text="Indikatorer"))
    trend = panel.locator("li.trend").filter(has_text="30").filter(has_text="Randersklyngen")
    assert trend.count() == 1
    chart = trend.locator("svg[role=img]")
    assert chart.count() == 1
    assert "Randersklyngen" in chart.locator("title").first.text_content()
    assert "%" in trend.locator(".trend-figures").text_content()
    # the panel sits in the main column, right after the current status
    assert status.bounding_box()["y"] < panel.bounding_box()["y"]
    shot(page, "indicators-initiative")

    trend.locator("h3 a").click()
    page.wait_for_selector("h1:has-text('Indikatorer')")
    assert "Randersklyngen" in page.locator("#series-h").text_content()

    page.goto(f"{live_server.url}/indicators/kommuner/?indicator=acute_admissions&sector=psykiatri")
    table = page.locator("#municipalities table")
    hidden = table.locator(".suppressed")
    assert hidden.count() > 0
    assert hidden.first.text_content().strip() == "*"
    assert page.locator(".public-notice").is_visible()
    assert page.locator("#municipalities svg[role=img] text", has_text="*").count() > 0
    shot(page, "indicators-municipalities")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_analyst_loads_an_extract_reads_the_report_and_publishes(
    page, live_server, demo_data, login, tmp_path
):
    contacts = _write(
        tmp_path / "kontakter-marts.csv",
        [
            "contact_id",
            "patient_id",
            "start_ts",
            "end_ts",
            "contact_type",
            "priority",
            "sector",
            "municipality",
        ],
        [
            [
                str(n),
                f"p{n % 7}",
                f"2022-02-{n:02d}T08:00:00+01:00",
                f"2022-02-{n + 1:02d}T09:00:00+01:00",
                "ALCA00",
                "ATA1",
                "somatik",
                "730",
            ]
            for n in range(1, 20)
        ],
    )
    periods = _write(
        tmp_path / "fb-marts.csv",
        ["period_id", "patient_id", "fb_start_ts", "fb_end_ts", "sector", "municipality"],
        [["1", "p1", "2022-02-01T12:00:00+01:00", "2022-02-02T08:00:00+01:00", "somatik", "730"]],
    )
    login("analytiker")
    page.goto(f"{live_server.url}/indicators/runs/new/")
    page.locator("#id_contacts_file").set_input_files(str(contacts))
    page.locator("#id_fb_file").set_input_files(str(periods))
    page.locator("#id_as_of").fill("2022-03-01T00:00")
    page.locator("form.stacked button[type=submit]").click()
    # The run works in the background; the page polls until the validation report is there.
    page.wait_for_selector("#validation-h", timeout=30_000)
    assert (
        "kontakter-marts.csv"
        in page.locator("section[aria-labelledby=files-h] table").text_content()
    )
    shot(page, "indicators-run-validated")
    page.locator("form[action$='/publish/'] button").click()
    page.wait_for_selector("#series-h")
    assert "kontakter-marts.csv" not in page.content()  # the dashboard shows figures only
    selected = page.locator("#id_run option[selected]").text_content()
    assert "1. marts 2022" in selected


# the labels of the dashboard's charts, as drawn on the screen: height in px and whether each
# lies within its chart
_LABELS = """svg => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, height: r.height,
                inside: r.left >= box.left - 1 && r.right <= box.right + 1};
    });
}"""


@pytest.mark.parametrize(
    ("user", "width"), [("kommune", 390), ("analytiker", 390), ("kommune", 1280)]
)
def test_the_dashboards_charts_are_readable_on_a_phone_and_a_desktop(
    page, live_server, demo_data, login, user, width
):
    """A municipality partner (or the analyst, with every municipality) opens the dashboard on
    a phone: every chart's type is at least 10 px tall (not the 5 px of a 760-unit drawing
    shrunk to the screen), and no label runs out of its chart."""
    login(user)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/indicators/?indicator=acute_admissions&sector=psykiatri")
    for tab, panel in (("Over tid", "series"), ("Pr. kommune", "municipalities"),
                       ("Pr. klynge", "clusters")):  # fmt: skip
        page.get_by_role("tab", name=tab).click()
        charts = page.locator(f"#{panel} figure svg[role=img]:visible")
        assert charts.count() == 1, panel
        chart = charts.first
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, panel
        labels = [label for label in chart.evaluate(_LABELS) if label["text"].strip()]
        assert labels, panel
        small = [label["text"] for label in labels if label["height"] < 10]
        assert not small, (panel, small[:5])
        outside = [label["text"] for label in labels if not label["inside"]]
        assert not outside, (panel, outside[:5])
        shot(page, f"indicators-dashboard-{user}-{panel}-{width}")
