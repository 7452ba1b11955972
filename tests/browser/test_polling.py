"""A page that follows background work asks the server about once a second at first, less
often while nothing changes (at most every 5 s), not at all while the tab is hidden, and
stops when the work has ended. Counted from the requests the browser really makes."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from fremdrift.core.choices import Role
from fremdrift.indicators import actions
from fremdrift.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = dt.datetime(2022, 3, 1, tzinfo=dt.UTC)

# Lets the test hide and show the tab: headless Chromium always reports "visible".
VISIBILITY = """
Object.defineProperty(document, "visibilityState", {
  configurable: true, get: function () { return window.__visibility || "visible"; }
});
Object.defineProperty(document, "hidden", {
  configurable: true, get: function () { return window.__visibility === "hidden"; }
});
"""


@pytest.fixture
def analyst(make_user: Any, page: Any, live_server: Any) -> Any:
    user = make_user("analytiker", Role.INDICATOR_OFFICER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Brugernavn").fill("analytiker")
    page.get_by_label("Adgangskode").fill("pw")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return user


class Polls:
    """The times (seconds since the page's document had loaded) of its background requests."""

    def __init__(self, page: Any, part: str = "/progress/") -> None:
        self.times: list[float] = []
        self.start = time.monotonic()
        page.once("domcontentloaded", lambda _page: setattr(self, "start", time.monotonic()))
        page.on(
            "request",
            lambda request: (
                request.resource_type in ("xhr", "fetch")
                and part in request.url
                and self.times.append(self.now())
            ),
        )

    def now(self) -> float:
        return time.monotonic() - self.start

    def since(self, moment: float) -> list[float]:
        return [t for t in self.times if t >= moment]


def wait(page: Any, seconds: float) -> None:
    page.wait_for_timeout(int(seconds * 1000))


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_a_running_runs_page_polls_less_while_nothing_changes_and_stops_at_the_end(
    page, live_server, analyst
):
    run = actions.create_run(by="t", as_of=AS_OF, params={}, files=[])
    actions.report_progress(run.pk, "stays", 0.2)
    polls = Polls(page)
    page.goto(f"{live_server.url}/indicators/runs/{run.pk}/")
    assert page.locator("#run-progress-bar").get_attribute("value") == "20"
    wait(page, 13.5)
    times = polls.times
    # about once a second at first, then less often, never more than 5 s apart (the bounds
    # leave room for a slow machine; polling every second made 26 requests here)
    assert 2 <= len(times) <= 7, times
    assert 0.6 <= times[0] <= 3, times
    steps = gaps(times)
    assert all(b >= a - 0.3 for a, b in zip(steps, steps[1:], strict=False)), times
    assert 3.5 <= max(steps) <= 6.5, times
    assert polls.now() - times[-1] <= 6.5, times

    # the work moves on: the page shows it at the next poll and asks again soon
    actions.report_progress(run.pk, "values", 0.6)
    expect(page.locator("#run-progress-bar")).to_have_attribute("value", "60", timeout=6_000)
    changed = polls.now()
    wait(page, 1.6)
    assert polls.since(changed), polls.times

    # the run ends: the page shows the outcome and asks no more
    actions.fail_run(run.pk, by="t", error="Filen mangler kolonnen cpr.")
    page.wait_for_selector(".refusal", timeout=12_000)
    ended = polls.now()
    wait(page, 3)
    assert polls.since(ended + 0.5) == [], polls.times
    assert page.locator("#run-status").get_attribute("hx-get") is None


def test_a_hidden_tab_does_not_poll_and_asks_at_once_when_shown(page, live_server, analyst):
    run = actions.create_run(by="t", as_of=AS_OF, params={}, files=[])
    page.add_init_script(VISIBILITY)
    polls = Polls(page)
    page.goto(f"{live_server.url}/indicators/runs/{run.pk}/")
    wait(page, 1.5)
    assert len(polls.times) == 1, polls.times
    page.evaluate(
        "window.__visibility = 'hidden'; document.dispatchEvent(new Event('visibilitychange'))"
    )
    hidden = polls.now()
    wait(page, 7)
    assert polls.since(hidden + 0.2) == [], polls.times
    actions.report_progress(run.pk, "values", 0.5)
    shown = polls.now()
    page.evaluate(
        "window.__visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange'))"
    )
    expect(page.locator("#run-progress-bar")).to_have_attribute("value", "50", timeout=2_000)
    resumed = polls.since(shown)
    assert resumed and resumed[0] - shown <= 1.5, polls.times
    wait(page, 1.5)


def test_a_queued_runs_page_asks_once_per_poll_and_its_status_follows(page, live_server, analyst):
    run = actions.create_run(by="t", as_of=AS_OF, params={}, files=[], queued=True)
    job = Job.objects.create(
        kind="indicator_run",
        task_path="fremdrift.indicators.tasks.compute_indicator_run",
        params={"run": run.pk},
        subject_type="indicators.indicatorrun",
        subject_id=str(run.pk),
    )
    polls = Polls(page, part=live_server.url)
    page.goto(f"{live_server.url}/indicators/runs/{run.pk}/")
    assert page.locator("#run-status").inner_text() == "I kø"
    wait(page, 4.5)
    # one request per poll for the whole page (status and progress together): 1 s, 3 s
    # (two requests a poll before: about nine)
    assert 1 <= len(polls.times) <= 3, polls.times

    actions.start_run_work(run.pk)
    Job.objects.filter(pk=job.pk).update(state="running")
    actions.report_progress(run.pk, "stays", 0.3)
    expect(page.locator("#run-status")).to_have_text("I gang", timeout=6_000)
    assert "Arbejder" in page.locator("#job-progress").inner_text()


def test_a_background_tasks_page_backs_off_too(page, live_server, analyst):
    run = actions.create_run(by="t", as_of=AS_OF, params={}, files=[], queued=True)
    job = Job.objects.create(
        kind="indicator_run",
        task_path="fremdrift.indicators.tasks.compute_indicator_run",
        params={"run": run.pk},
        created_by=analyst,
    )
    polls = Polls(page)
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    assert "I kø" in page.locator("#job-progress").inner_text()
    wait(page, 7.5)
    assert 2 <= len(polls.times) <= 4, polls.times
    assert gaps(polls.times)[-1] >= 1.7, polls.times
