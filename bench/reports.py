"""Benchmark: time and peak memory to render a plan in every report format.

Run on purpose (not part of the test suite)::

    .venv/bin/python bench/reports.py [--initiatives 300] [--repeat 3]
    .venv/bin/python bench/reports.py --demo-plan vinterplan-2021

Prints a Markdown table for docs/benchmarks.md. The plan is synthetic and shaped like the
region's winter plan (themed initiatives with long status texts, a third of them changed),
or, with ``--demo-plan``, a demo plan loaded into a temporary SQLite database (status as of
1 March 2022, changes since 1 December 2021). Target: 300 initiatives as PPTX in under 3 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings_test")
if "--db" in sys.argv:
    os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[sys.argv.index('--db') + 1]}"

import django  # noqa: E402

django.setup()

from fremdrift.reports.content import build_content  # noqa: E402
from fremdrift.reports.renderers import get_renderer  # noqa: E402
from fremdrift.reports.renderers.base import Branding  # noqa: E402
from fremdrift.reports.samples import synthetic_plan_pair  # noqa: E402


def _rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _demo_pair(slug: str) -> tuple:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from fremdrift.portfolio.models import Plan
    from fremdrift.reports.asof import plan_snapshot

    cph = ZoneInfo("Europe/Copenhagen")
    plan = Plan.objects.get(slug=slug)
    baseline = plan_snapshot(plan, dt.datetime(2021, 12, 1, tzinfo=cph))
    current = plan_snapshot(plan, dt.datetime(2022, 3, 1, tzinfo=cph))
    return baseline, current


def _prepare_demo_db(path: str) -> None:
    """Migrate a fresh SQLite file and load the demo plans into it (a child process)."""
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from fremdrift.demo import loader; loader.load_units(); loader.load_plans()"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def run_one(
    name: str, initiatives: int, repeat: int, demo_plan: str | None = None
) -> dict[str, float]:
    """Time one format in this process (build_content included): best wall and CPU time of
    ``repeat`` runs, and the peak memory."""
    if demo_plan:
        baseline, current = _demo_pair(demo_plan)
    else:
        baseline, current = synthetic_plan_pair(initiatives)
    branding = Branding(footer_text="www.regionmidtjylland.dk", organisation="Region Midtjylland")
    before = _rss_mib()
    best, best_cpu, size = float("inf"), float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        content = build_content(current, baseline)
        if name != "content":
            size = len(get_renderer(name).render(content, branding=branding))
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return {
        "seconds": best,
        "cpu": best_cpu,
        "peak_mib": _rss_mib(),
        "delta_mib": _rss_mib() - before,
        "kib": size / 1024,
    }


def main(argv: list[str] | None = None) -> None:
    """Render the synthetic plan in each format (one process each) and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="content,pptx,pdf,xlsx,html")
    parser.add_argument("--demo-plan", default=None, help="a demo plan's slug instead")
    parser.add_argument("--db", default=None, help="SQLite file with the demo (internal)")
    parser.add_argument("--only", help="measure one format in this process (internal)")
    args = parser.parse_args(argv)
    if args.only:
        print(json.dumps(run_one(args.only, args.initiatives, args.repeat, args.demo_plan)))
        return
    extra: list[str] = []
    if args.demo_plan:
        import tempfile

        db = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
        _prepare_demo_db(db)
        extra = ["--demo-plan", args.demo_plan, "--db", db]
        print(f"Demo plan {args.demo_plan}\n")
    else:
        print(f"Synthetic plan shaped like the winter plan: {args.initiatives} initiatives\n")
    print("| format | wall (s) | CPU (s) | peak RSS (MiB) | RSS growth (MiB) | output (KiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in args.formats.split(","):
        repeat = 1 if name == "pdf" else args.repeat
        command = [
            sys.executable,
            __file__,
            "--only",
            name,
            "--initiatives",
            str(args.initiatives),
            *extra,
        ]
        output = subprocess.run(
            [*command, "--repeat", str(repeat)], capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(output.strip().splitlines()[-1])
        size = f"{r['kib']:.0f}" if name != "content" else ""
        print(
            f"| {name} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['peak_mib']:.0f} "
            f"| {r['delta_mib']:.0f} | {size} |"
        )


if __name__ == "__main__":
    main()
