"""Single-user page timings: one logged-in user requests each page in turn, no think time.

    .venv/bin/python bench/load/timing.py --users-file var/load-users.json \
        --base-url http://127.0.0.1:8765 --repeat 40

Logs in as the first load-test user (a coordinator of every plan), requests every page
``--warm-up`` times unmeasured (caches filled, connections open), then ``--runs`` runs of
``--repeat`` rounds of all pages, interleaved so that a burst of load from elsewhere hits
every page alike. Prints a Markdown table: each run's p95 (to show how steady the machine
was) and p50, p95 and max of all runs together; ``--json`` writes the raw figures (ms).
Loopback only.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request
from typing import Any

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def pages(data: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, extra headers) of the pages timed."""
    return [
        ("plan, 300 initiatives", f"/plans/{data['big_plan']}/", {}),
        ("winter plan", f"/plans/{data['winter_plan']}/", {}),
        ("search", "/search/", {}),
        ("search, text (htmx)", "/search/?q=patienter", {"HX-Request": "true"}),
        ("plan list", "/plans/", {}),
        ("initiative page", f"/initiatives/{data['initiatives'][0]}/", {}),
    ]


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.read()

    def login(self, username: str, password: str) -> None:
        _status, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/",
            data=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + "/accounts/login/",
            },
        )
        with self.opener.open(request, timeout=30) as response:
            if "/accounts/login/" in response.url:
                raise SystemExit(f"login as {username} failed")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users-file", default="var/load-users.json")
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--repeat", type=int, default=40, help="requests per page and run")
    parser.add_argument("--runs", type=int, default=3, help="runs, a pause between them")
    parser.add_argument("--pause", type=float, default=5, help="seconds between runs")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--json", help="write the raw timings (ms) to this file")
    args = parser.parse_args()
    if urllib.parse.urlparse(args.base_url).hostname not in LOOPBACK:
        parser.error("the timings only run against the loopback interface")
    with open(args.users_file, encoding="utf-8") as handle:
        data = json.load(handle)
    session = Session(args.base_url.rstrip("/"))
    session.login(data["users"][0]["username"], data["password"])
    timed = pages(data)
    for _ in range(args.warm_up):
        for _name, path, headers in timed:
            session.get(path, headers)
    runs: list[dict[str, list[float]]] = []
    sizes: dict[str, int] = {}
    for run in range(args.runs):
        if run:
            time.sleep(args.pause)
        results: dict[str, list[float]] = {name: [] for name, _p, _h in timed}
        for _ in range(args.repeat):
            for name, path, headers in timed:
                start = time.perf_counter()
                status, body = session.get(path, headers)
                results[name].append((time.perf_counter() - start) * 1000)
                sizes[name] = len(body)
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
        runs.append(results)
    print(
        f"single user, {args.runs} runs of {args.repeat} requests per page "
        f"(after {args.warm_up} unmeasured); p95 of each run, then all runs together"
    )
    print()
    heads = " | ".join(f"run {n + 1} p95" for n in range(args.runs))
    print(f"| page | {heads} | p50 | p95 | max | KiB |")
    print("|---|" + "---:|" * (args.runs + 4))
    for name, _path, _headers in timed:
        pooled = [v for run in runs for v in run[name]]
        each = " | ".join(f"{percentile(run[name], 0.95):.0f} ms" for run in runs)
        print(
            f"| {name} | {each} | {percentile(pooled, 0.5):.0f} ms "
            f"| {percentile(pooled, 0.95):.0f} ms | {max(pooled):.0f} ms "
            f"| {sizes[name] / 1024:.0f} |"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(runs, handle, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
