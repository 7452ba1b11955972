"""A bounded load test: N simulated users browse plans and record statuses.

Loopback only (127.0.0.1/localhost). Each user logs in through the login page, then loops
until the time is up: the plan list, a plan page, an initiative page, and every third round
reads its own initiative through the API and records a status on it (with the version it
read, so a conflict would show as 409). Think time between requests is 1–3 s by default
(``--think MIN MAX``); users log in one after another over ``--ramp-up`` seconds. All users
log in first; the measured period starts when the last one is in. Logins are reported on
their own lines: they are slow by design (PBKDF2 password hashing).

    .venv/bin/python bench/load/loadtest.py --users-file var/load-users.json \
        --base-url http://127.0.0.1:8765 --users 50 --duration 60

Prints p50/p95/p99/max per request kind and in total, requests per second and every error.
See bench/load/README.md for the whole procedure (database, demo data, gunicorn).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from typing import Any

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Recorder:
    """Latencies and errors of all users, by request kind."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


class User:
    """One simulated user with a session (cookies) and an API token."""

    def __init__(
        self,
        base: str,
        account: dict[str, Any],
        password: str,
        data: dict[str, Any],
        recorder: Recorder,
        seed: int,
    ) -> None:
        self.base, self.account, self.password = base, account, password
        self.data, self.recorder = data, recorder
        self.random = random.Random(seed)
        self.think_range = (1.0, 3.0)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(
        self,
        kind: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> Any:
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        start = time.perf_counter()
        error, content, status = None, b"", 0
        try:
            with self.opener.open(req, timeout=30) as response:
                content, status = response.read(), response.status
        except urllib.error.HTTPError as exc:
            content, status = exc.read(), exc.code
        except OSError as exc:
            error = f"{path}: {exc}"
        elapsed = time.perf_counter() - start
        if error is None and status not in expect:
            error = f"{path}: HTTP {status}"
        self.recorder.add(kind, elapsed, error)
        return content if error is None else None

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self) -> bool:
        page = self.request("login page", "/accounts/login/")
        if page is None:
            return False
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = urllib.parse.urlencode(
            {
                "username": self.account["username"],
                "password": self.password,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        ).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base + "/accounts/login/",
        }
        return self.request("login", "/accounts/login/", body=form, headers=headers) is not None

    def think(self) -> None:
        time.sleep(self.random.uniform(*self.think_range))

    def api(
        self,
        kind: str,
        path: str,
        payload: dict[str, Any] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> Any:
        headers = {"Authorization": f"Token {self.account['token']}", "Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        content = self.request(kind, path, body=body, headers=headers, expect=expect)
        return json.loads(content) if content else None

    def run(self, logged_in: threading.Semaphore, go: threading.Event, end: list[float]) -> None:
        ok = self.login()
        logged_in.release()
        if not ok:
            return
        go.wait()
        deadline = end[0]
        round_number = 0
        while time.monotonic() < deadline:
            round_number += 1
            self.request("plan list", "/plans/")
            self.think()
            slug = self.random.choice(self.data["plans"])
            self.request("plan page", f"/plans/{slug}/")
            self.think()
            pk = self.random.choice(self.data["initiatives"])
            self.request("initiative page", f"/initiatives/{pk}/")
            self.think()
            if round_number % 3 == 0:
                own = self.account["initiative"]
                current = self.api("api read", f"/api/v1/initiatives/{own}/")
                if current:
                    self.api(
                        "api status",
                        f"/api/v1/initiatives/{own}/status/",
                        {
                            "text": f"Belastningstest runde {round_number}.",
                            "version": current["version"],
                        },
                        expect=(201,),
                    )
                self.think()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(recorder: Recorder, seconds: float) -> str:
    lines = [f"{'kind':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    everything: list[float] = []
    for kind in sorted(recorder.latencies):
        values = recorder.latencies[kind]
        if not kind.startswith("login"):
            everything += values
        lines.append(
            f"{kind:<16}{len(values):>7}{percentile(values, 0.5) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}{percentile(values, 0.99) * 1000:>9.0f}"
            f"{max(values) * 1000:>9.0f}"
        )
    lines.append(
        f"{'all but login':<16}{len(everything):>7}{percentile(everything, 0.5) * 1000:>9.0f}"
        f"{percentile(everything, 0.95) * 1000:>9.0f}"
        f"{percentile(everything, 0.99) * 1000:>9.0f}{max(everything) * 1000:>9.0f}"
    )
    lines.append(
        f"{len(everything) / seconds:.1f} requests/s over {seconds:.0f} s; "
        f"mean {statistics.mean(everything) * 1000:.0f} ms; errors: {len(recorder.errors)}"
    )
    lines += [f"  {e}" for e in recorder.errors[:20]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users-file", default="var/load-users.json")
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="think time between requests, seconds",
    )
    parser.add_argument(
        "--ramp-up",
        type=float,
        default=10,
        help="seconds over which the users log in one after the other",
    )
    args = parser.parse_args()
    host = urllib.parse.urlparse(args.base_url).hostname
    if host not in LOOPBACK:
        parser.error("the load test only runs against the loopback interface")
    duration = min(args.duration, 600)
    with open(args.users_file, encoding="utf-8") as handle:
        data = json.load(handle)
    accounts = data["users"][: args.users]
    recorder = Recorder()
    logged_in, go, end = threading.Semaphore(0), threading.Event(), [0.0]
    users = [
        User(
            args.base_url.rstrip("/"),
            account,
            data["password"],
            data,
            recorder,
            args.seed * 1000 + n,
        )
        for n, account in enumerate(accounts)
    ]
    threads = [
        threading.Thread(target=u.run, args=(logged_in, go, end), daemon=True) for u in users
    ]
    for user in users:
        user.think_range = tuple(args.think)
    for thread in threads:
        thread.start()
        time.sleep(args.ramp_up / max(len(threads), 1))
    for _ in threads:  # everybody logged in (or failed to) before the measured period
        logged_in.acquire(timeout=120)
    started = time.monotonic()
    end[0] = started + duration
    go.set()
    for thread in threads:
        thread.join(duration + 60)
    print(f"{len(users)} users against {args.base_url}")
    print(report(recorder, time.monotonic() - started))
    return 1 if recorder.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
