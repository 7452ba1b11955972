"""Benchmark of the indicator engine against the pandas reference (run on purpose, not in CI).

    .venv/bin/python bench/indicators.py [--sizes 1000000 5000000 25000000]
                                         [--reference-max 5000000] [--cache DIR]

Synthetic input is generated once per size and cached. Each measurement runs in its own child
process, so that its wall time and peak resident memory (``ru_maxrss`` from ``wait4``) are its
own. Prints a Markdown table and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "indicators"))


def child(kind: str, data: Path, out: Path, memory_limit: str) -> None:
    """Inside the child process: do one measured piece of work."""
    if kind == "synth":
        from fremdrift.indicators.engine.synth import generate

        generate(int(data.name.split("-")[-1]), seed=1, out_dir=data)
        return
    meta = json.loads((data / "synth.json").read_text(encoding="utf-8"))
    contacts, periods = data / "contacts.parquet", data / "fb_periods.parquet"
    if kind == "engine":
        from fremdrift.indicators.engine import run

        run(contacts, periods, meta["as_of"], out, memory_limit=memory_limit)
    elif kind == "reference":
        from reference_pandas import compute

        out.mkdir(parents=True, exist_ok=True)
        table, _ = compute(contacts, periods, meta["as_of"])
        table.to_parquet(out / "reference.parquet")


def measure(kind: str, data: Path, out: Path, memory_limit: str) -> tuple[float, float, int]:
    """Run one piece of work in a child; return (seconds, peak RSS in MB, exit status)."""
    args = [sys.executable, __file__, "--child", kind, str(data), str(out), memory_limit]
    started = time.perf_counter()
    process = subprocess.Popen(args)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory_gb = f"{int(memory) / 1024 / 1024:.0f} GB"
    except OSError:
        memory_gb = "unknown"
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_gb} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000, 25_000_000])
    parser.add_argument("--reference-max", type=int, default=5_000_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/fremdrift-bench"))
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "DATA", "OUT", "MEMORY"))
    options = parser.parse_args()
    if options.child:
        kind, data, out, memory_limit = options.child
        child(kind, Path(data), Path(out), memory_limit)
        return
    rows = []
    for size in options.sizes:
        data = options.cache / f"indicators-{size}"
        if not (data / "synth.json").is_file():
            data.mkdir(parents=True, exist_ok=True)
            seconds, rss, code = measure("synth", data, data, options.memory_limit)
            rows.append((size, "synth (generate input)", seconds, rss, code))
            print(rows[-1], flush=True)
        kinds = ["engine"] + (["reference"] if size <= options.reference_max else [])
        for kind in kinds:
            seconds, rss, code = measure(kind, data, data / f"out-{kind}", options.memory_limit)
            rows.append((size, kind, seconds, rss, code))
            print(rows[-1], flush=True)
    print()
    print("| contacts | step | wall time (s) | peak RSS (MB) | exit |")
    print("|---:|---|---:|---:|---:|")
    for size, kind, seconds, rss, code in rows:
        print(f"| {size:,} | {kind} | {seconds:.1f} | {rss:,.0f} | {code} |")
    print()
    print(f"Machine: {machine()}")


if __name__ == "__main__":
    main()
