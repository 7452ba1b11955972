"""Locust load test: simulated users browse plans and record statuses.

    .venv/bin/locust -f bench/load/locustfile.py --headless --users 50 --spawn-rate 5 \
        --measure 60 --run-time 600s --host http://127.0.0.1:8765 \
        --users-file var/load-users.json --only-summary

Each simulated user takes its own account from the users file (``prepare.py``), logs in
through the login page, then repeats: the plan list, a plan page, an initiative page, and
every third round reads its own initiative through the API and records a status on it with
the version it read (a 409 would be a failure: every user has an initiative of its own).
Think time 1–3 s between requests (``--think-min``/``--think-max``). The figures start
when the last user has logged in (logins are slow by design: PBKDF2) and the run ends
``--measure`` seconds later (``--run-time`` is only the upper bound). Prints a Markdown
table of exact percentiles per request and in total (``--summary-json`` writes them too);
Locust exits 1 when any request failed. Loopback only. ``bench/load/run.sh`` runs it with
everything around it.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
import urllib.parse
from collections import defaultdict
from typing import Any

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_accounts = itertools.count()
_logged_in = itertools.count(1)
_lock = threading.Lock()
_data: dict[str, Any] = {}


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    parser.add_argument("--users-file", default="var/load-users.json", help="from prepare.py")
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds")
    parser.add_argument("--think-max", type=float, default=3.0, help="seconds")
    parser.add_argument("--summary-json", default="", help="write the figures here too")
    parser.add_argument(
        "--measure",
        type=float,
        default=60,
        help="seconds measured from the moment the last user has logged in; then the run ends",
    )


@events.init.add_listener
def _load(environment: Any, **_kwargs: Any) -> None:
    options = environment.parsed_options
    if options is None:
        return
    host = urllib.parse.urlparse(options.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit("the load test only runs against the loopback interface")
    with open(options.users_file, encoding="utf-8") as handle:
        _data.update(json.load(handle))


class Recorder:
    """Every response time (ms) and failure by request name, from the measured period on
    (Locust's own percentiles are rounded; these are exact)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []
        self.started = time.monotonic()


recorder = Recorder()


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any = None, **_kwargs: Any) -> None:
    recorder.times[name].append(response_time)
    if exception is not None:
        recorder.failures.append(f"{name}: {exception}")


@events.reset_stats.add_listener
def _reset(**_kwargs: Any) -> None:
    recorder.reset()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary() -> dict[str, Any]:
    seconds = time.monotonic() - recorder.started
    rows = {}
    everything: list[float] = []
    for name in sorted(recorder.times):
        values = recorder.times[name]
        if not name.startswith("login"):
            everything += values
        rows[name] = values
    rows["all but login"] = everything
    table = {
        name: {
            "n": len(v),
            "p50": percentile(v, 0.5),
            "p95": percentile(v, 0.95),
            "p99": percentile(v, 0.99),
            "max": max(v),
        }
        for name, v in rows.items()
        if v
    }
    return {
        "seconds": seconds,
        "requests_per_second": len(everything) / seconds if seconds else 0.0,
        "failures": len(recorder.failures),
        "first_failures": recorder.failures[:20],
        "requests": table,
    }


@events.quitting.add_listener
def _report(environment: Any, **_kwargs: Any) -> None:
    result = summary()
    lines = ["| request | n | p50 | p95 | p99 | max |", "|---|---:|---:|---:|---:|---:|"]
    for name, row in result["requests"].items():
        label = f"**{name}**" if name == "all but login" else name
        lines.append(
            f"| {label} | {row['n']} | {row['p50']:.0f} ms | {row['p95']:.0f} ms "
            f"| {row['p99']:.0f} ms | {row['max']:.0f} ms |"
        )
    lines.append("")
    lines.append(
        f"{result['requests_per_second']:.1f} requests/s over {result['seconds']:.0f} s; "
        f"failures: {result['failures']}"
    )
    lines += [f"  {failure}" for failure in result["first_failures"]]
    print("\n".join(lines))
    options = environment.parsed_options
    if options is not None and options.summary_json:
        with open(options.summary_json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)


def _start_measuring(environment: Any) -> None:
    """All users are in: the figures start now and the run ends ``--measure`` s later."""
    environment.stats.reset_all()
    recorder.reset()
    seconds = environment.parsed_options.measure
    print(f"All users logged in; measuring {seconds:.0f} s", flush=True)
    gevent.spawn_later(seconds, environment.runner.quit)


class PlanReader(HttpUser):
    """A coordinator who reads plans and initiatives and now and then records a status."""

    def wait_time(self) -> float:
        options = self.environment.parsed_options
        return random.uniform(options.think_min, options.think_max)

    def on_start(self) -> None:
        with _lock:
            n = next(_accounts)
        users = _data["users"]
        if n >= len(users):
            raise StopUser(f"only {len(users)} accounts in the users file")
        self.account = users[n]
        self.round = 0
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": _data["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure("login refused")
        with _lock:
            everybody = next(_logged_in) == self.environment.runner.target_user_count
        if everybody:
            _start_measuring(self.environment)

    @task
    def browse(self) -> None:
        self.round += 1
        self.client.get("/plans/", name="plan list")
        self.wait()
        slug = random.choice(_data["plans"])
        self.client.get(f"/plans/{slug}/", name="plan page")
        self.wait()
        pk = random.choice(_data["initiatives"])
        self.client.get(f"/initiatives/{pk}/", name="initiative page")
        if self.round % 3 == 0:
            self.wait()
            self.record_status()

    def record_status(self) -> None:
        own = self.account["initiative"]
        headers = {"Authorization": f"Token {self.account['token']}"}
        read = self.client.get(f"/api/v1/initiatives/{own}/", headers=headers, name="api read")
        if read.status_code != 200:
            return
        version = read.json()["version"]
        self.client.post(
            f"/api/v1/initiatives/{own}/status/",
            json={"text": f"Belastningstest runde {self.round}.", "version": version},
            headers=headers,
            name="api status",
        )
