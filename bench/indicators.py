"""Benchmark of the indicator engine (run on purpose, not in CI).

    .venv/bin/python bench/indicators.py [--sizes 5000000 25000000]
        [--kinds command engine reference] [--reference-max 5000000] [--cache DIR]
        [--memory-limit 4GB] [--keep] [--profile DIR] [--engine-src DIR]

Synthetic input is generated once per size with ``fremdrift indicators synth`` and cached
(``--cache``, default ``/tmp/fremdrift-bench``). Each measurement runs in its own child
process, so its wall time, CPU time (user + system, all threads) and peak resident memory
(``wait4``) are its own:

- ``command``: ``fremdrift indicators run`` on the Parquet files, as a user runs it (Django
  start included);
- ``engine``: the engine alone, in a child that also times every stage of the run (wall and
  CPU per stage, from ``getrusage`` around each step of the engine);
- ``reference``: the pandas reference of tests/indicators (slow; up to ``--reference-max``).

``--profile DIR`` writes DuckDB's profile (the EXPLAIN ANALYZE tree, JSON) of every statement
of the ``engine`` child to DIR, with its wall and CPU time, and sums what DuckDB spent on
checkpoints and vacuuming over all statements. ``--engine-src DIR`` times another
version of the engine package, e.g. ``git archive 401da12 src/fremdrift/indicators/engine |
tar -x -C /tmp/old`` and ``--engine-src /tmp/old/src/fremdrift/indicators/engine``.
Prints Markdown tables and the machine it ran on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "indicators"))
FREMDRIFT = Path(sys.executable).with_name("fremdrift")

# The engine's steps, in the order they run, as the methods of ``engine._Steps`` that do them.
STAGES = (
    ("clean contacts", "_clean_contacts"),
    ("clean periods", "_clean_periods"),
    ("patients", "_patients"),
    ("link contacts", "_link_contacts"),
    ("link twins", "_link_twins"),
    ("merged counter", "_merged_counter"),
    ("stays", "_stays"),
    ("readmissions", "_events"),
    ("færdigbehandling", "_fb_days"),
    ("aggregate", "_aggregate"),
    ("write", "write"),
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _engine_package(folder: str):  # noqa: ANN202
    """The engine package: this checkout's, or a copy of another version's (``--engine-src``)."""
    if not folder:
        import fremdrift.indicators.engine as package

        return package
    init = Path(folder) / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "engine_under_test", init, submodule_search_locations=[folder]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules["engine_under_test"] = package
    spec.loader.exec_module(package)
    return package


def _timed_stages(package, profile: Path | None) -> list[dict]:  # noqa: ANN001
    """Wrap the engine's steps so that each records its wall and CPU time."""
    engine = sys.modules[package.__name__ + ".engine"]

    stages: list[dict] = []

    def wrap(label: str, method):  # noqa: ANN001, ANN202
        def timed(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            wall, cpu = time.perf_counter(), _cpu()
            try:
                return method(self, *args, **kwargs)
            finally:
                stages.append(
                    {
                        "stage": label,
                        "wall": time.perf_counter() - wall,
                        "cpu": _cpu() - cpu,
                        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    }
                )

        return timed

    for label, name in STAGES:
        if hasattr(engine._Steps, name):
            setattr(engine._Steps, name, wrap(label, getattr(engine._Steps, name)))
    if profile is not None:
        profile.mkdir(parents=True, exist_ok=True)
        plain = engine._Steps.sql
        counter = iter(range(10_000))

        def profiled(self, statement: str, params=None):  # noqa: ANN001, ANN202
            number = next(counter)
            if statement.lstrip().upper().startswith("SELECT"):
                wall, cpu = time.perf_counter(), _cpu()
                result = plain(self, statement, params).fetchall()  # the caller fetches its result
                wall, cpu = time.perf_counter() - wall, _cpu() - cpu
                (profile / f"{number:03d}.sql").write_text(statement, encoding="utf-8")
                (profile / f"{number:03d}.time").write_text(f"{wall:.3f} {cpu:.3f}")
                return _Fetched(result)
            target = profile / f"{number:03d}.json"
            self.con.execute("PRAGMA enable_profiling = 'json'")
            self.con.execute(f"PRAGMA profiling_output = '{target}'")
            wall, cpu = time.perf_counter(), _cpu()
            try:
                return plain(self, statement, params)
            finally:
                wall, cpu = time.perf_counter() - wall, _cpu() - cpu
                self.con.execute("PRAGMA disable_profiling")
                (profile / f"{number:03d}.sql").write_text(statement, encoding="utf-8")
                (profile / f"{number:03d}.time").write_text(f"{wall:.3f} {cpu:.3f}")

        engine._Steps.sql = profiled
    return stages


class _Fetched:
    """A fetched result that answers ``fetchone``/``fetchall`` like a DuckDB cursor."""

    def __init__(self, rows: list) -> None:
        self.rows = rows

    def fetchone(self):  # noqa: ANN201
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list:
        return self.rows


def child(kind: str, data: Path, out: Path, memory_limit: str, profile: str, src: str) -> None:
    """Inside the child process: do one measured piece of work."""
    meta = json.loads((data / "synth.json").read_text(encoding="utf-8"))
    contacts, periods = data / "contacts.parquet", data / "fb_periods.parquet"
    if kind == "engine":
        package = _engine_package(src)
        stages = _timed_stages(package, Path(profile) if profile else None)
        wall, cpu = time.perf_counter(), _cpu()
        package.run(contacts, periods, meta["as_of"], out, memory_limit=memory_limit)
        stages.append({"stage": "engine total", "wall": time.perf_counter() - wall,
                       "cpu": _cpu() - cpu})  # fmt: skip
        (out / "stages.json").write_text(json.dumps(stages, indent=1), encoding="utf-8")
    elif kind == "reference":
        from reference_pandas import compute

        out.mkdir(parents=True, exist_ok=True)
        table, _ = compute(contacts, periods, meta["as_of"])
        table.to_parquet(out / "reference.parquet")


def measure(args: list[str]) -> tuple[float, float, float, int]:
    """Run a process; return (wall seconds, CPU seconds, peak RSS in MB, exit status)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


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
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory_gb} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def calibration() -> str:
    """Fixed DuckDB workloads on one thread (best of three), to compare machines: the
    engine's figures from two machines compare only through them. The first is integer
    arithmetic; the second is what the engine spends most of its time on (reading timestamp
    text, sorting), on which machines with the same first figure differ by a third."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        "CREATE TABLE calibration AS SELECT strftime(TIMESTAMP '2021-01-01' "
        "+ to_minutes(range), '%Y-%m-%dT%H:%M:00+01:00') AS s FROM range(5000000)"
    )
    workloads = (
        "SELECT sum(hash(range) >> 8) FROM range(50000000)",
        "SELECT sum(epoch_us(CAST(s AS TIMESTAMPTZ)) % 1000) FROM calibration",
        "CREATE OR REPLACE TABLE sorted AS SELECT hash(range) AS h FROM range(10000000) ORDER BY h",
    )
    bests = []
    for workload in workloads:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            con.execute(workload).fetchall()
            best = min(best, time.perf_counter() - start)
        bests.append(best)
    con.close()
    return (
        f"DuckDB {duckdb.__version__}, one thread, hash and sum of 50 M integers: "
        f"{bests[0]:.2f} s; 5 M timestamp texts read: {bests[1]:.2f} s; "
        f"10 M hashes sorted: {bests[2]:.2f} s"
    )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def synthesize(size: int, data: Path) -> tuple[float, float, float, int]:
    data.mkdir(parents=True, exist_ok=True)
    args = [str(FREMDRIFT), "indicators", "synth", "--contacts", str(size), "--seed", "1"]
    return measure([*args, "--out", str(data)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000_000, 25_000_000])
    parser.add_argument("--kinds", nargs="+", default=["command", "engine"],
                        choices=["command", "engine", "reference"])  # fmt: skip
    parser.add_argument("--reference-max", type=int, default=5_000_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/fremdrift-bench"))
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--profile", default="", help="write DuckDB profiles of each statement")
    parser.add_argument("--keep", action="store_true", help="keep the outputs of the runs")
    parser.add_argument(
        "--engine-src", default="",
        help="engine package folder of another version (e.g. from git archive), for 'engine'",
    )  # fmt: skip
    parser.add_argument("--child", nargs=6, metavar=("KIND", "DATA", "OUT", "MEM", "PROF", "SRC"))
    options = parser.parse_args()
    if options.child:
        kind, data, out, memory_limit, profile, src = options.child
        child(kind, Path(data), Path(out), memory_limit, profile, src)
        return
    rows, stage_tables = [], []
    for size in options.sizes:
        data = options.cache / f"indicators-{size}"
        if not (data / "synth.json").is_file():
            rows.append((size, "synth (generate input)", *synthesize(size, data), load()))
            print(rows[-1], flush=True)
        meta = json.loads((data / "synth.json").read_text(encoding="utf-8"))
        for kind in options.kinds:
            if kind == "reference" and size > options.reference_max:
                continue
            out = data / f"out-{kind}"
            if kind == "command":
                args = [str(FREMDRIFT), "indicators", "run", "--contacts",
                        str(data / "contacts.parquet"), "--fb-periods",
                        str(data / "fb_periods.parquet"), "--as-of", meta["as_of"],
                        "--out", str(out), "--memory-limit", options.memory_limit]  # fmt: skip
            else:
                args = [sys.executable, __file__, "--child", kind, str(data), str(out),
                        options.memory_limit, options.profile, options.engine_src]  # fmt: skip
            rows.append((size, kind, *measure(args), load()))
            print(rows[-1], flush=True)
            if kind == "engine" and (out / "stages.json").is_file():
                stages = json.loads((out / "stages.json").read_text(encoding="utf-8"))
                stage_tables.append((size, stages))
            if not options.keep:
                shutil.rmtree(out, ignore_errors=True)
    print()
    print("| contacts | step | wall (s) | CPU (s) | peak RSS (MB) | exit | load 1/5/15 min |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for size, kind, seconds, cpu, rss, code, load_text in rows:
        figures = f"{seconds:.1f} | {cpu:.1f} | {rss:,.0f} | {code}"
        print(f"| {size:,} | {kind} | {figures} | {load_text} |")
    for size, stages in stage_tables:
        print()
        print(f"Stages of the engine, {size:,} contacts:")
        print()
        print("| stage | wall (s) | CPU (s) | peak RSS so far (MB) |")
        print("|---|---:|---:|---:|")
        for stage in stages:
            rss = f"{stage['rss_mb']:,.0f}" if "rss_mb" in stage else ""
            print(f"| {stage['stage']} | {stage['wall']:.2f} | {stage['cpu']:.2f} | {rss} |")
    if options.profile:
        print()
        print(f"DuckDB's own storage work (all statements): {storage_work(Path(options.profile))}")
    print()
    print(f"Machine: {machine()}")
    print(f"Calibration: {calibration()}")


def storage_work(profile: Path) -> str:
    """What the profiles say DuckDB spent outside the statements' operators: checkpoints
    and vacuuming (the engine's in-memory database should need neither)."""
    totals: dict[str, float] = {}
    for path in sorted(profile.glob("*.json")):
        storage = json.loads(path.read_text(encoding="utf-8")).get("storage") or {}
        for name, seconds in storage.items():
            totals[name] = totals.get(name, 0.0) + float(seconds)
    if not totals:
        return "none"
    return ", ".join(f"{name} {seconds:.3f} s" for name, seconds in sorted(totals.items()))


if __name__ == "__main__":
    main()
