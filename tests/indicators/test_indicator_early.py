"""``fremdrift indicators run`` starts the engine before Django (fremdrift.indicators.early),
and a run can be stopped from another thread (engine.Stop)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fremdrift import cli
from fremdrift.indicators import early
from fremdrift.indicators.engine import RunStopped, Stop, run
from fremdrift.indicators.engine.synth import generate
from tests import tools

from .indicator_helpers import CONTACT_COLUMNS, PERIOD_COLUMNS, contact, write_rows

AS_OF = "2023-01-01T00:00:00+01:00"


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    contacts = write_rows(
        tmp_path / "contacts.csv",
        [
            contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z"),
            contact(2, "p", "2022-03-10T08:00:00Z", "2022-03-12T08:00:00Z"),
            contact(3, "q", "2022-04-01T08:00:00Z", None),
        ],
        CONTACT_COLUMNS,
    )
    periods = write_rows(tmp_path / "fb_periods.csv", [], PERIOD_COLUMNS)
    return contacts, periods


@pytest.fixture(autouse=True)
def nothing_left_running():
    yield
    early.abandon()


def run_args(contacts: Path, periods: Path, out: Path, *extra: str) -> list[str]:
    return [
        "--contacts", str(contacts), "--fb-periods", str(periods), "--as-of", AS_OF,
        "--out", str(out), *extra,
    ]  # fmt: skip


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("indicators", "run", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_reports_the_run_started_before_django(inputs, tmp_path):
    contacts, periods = inputs
    args = run_args(contacts, periods, tmp_path / "early", "--param", "link_gap_hours=6")
    started = early.start(["fremdrift", "indicators", "run", *args], stream=io.StringIO())
    assert started is not None
    printed = command(*args)
    assert started.taken and started.future.done()
    assert "rækker skrevet til" in printed
    # the same files as a run the command starts itself
    command(*run_args(contacts, periods, tmp_path / "own", "--param", "link_gap_hours=6"))
    for name in ("indicators.csv", "validation.json", "indicators_public.csv"):
        assert (tmp_path / "early" / name).read_bytes() == (tmp_path / "own" / name).read_bytes()


def test_a_run_with_other_options_writes_nothing_and_the_command_runs_its_own(inputs, tmp_path):
    contacts, periods = inputs
    started = early.start(
        ["fremdrift", "indicators", "run", *run_args(contacts, periods, tmp_path / "a")],
        stream=io.StringIO(),
    )
    assert started is not None
    started.result()  # (it may well end before Django has started)
    command(*run_args(contacts, periods, tmp_path / "b"))
    assert not started.taken
    assert (tmp_path / "b" / "indicators.csv").is_file()
    assert not (tmp_path / "a").exists()  # the run no command took left no files (nor folder)


@pytest.mark.parametrize(
    "extra",
    [
        ["--param", "gap"],  # not NAME=VALUE: the command words the error
        ["--param", "acute_rule=maybe"],
        ["--verbosity", "2"],  # an option of Django's, not of run
        ["--help"],
    ],
)
def test_a_command_line_it_cannot_read_starts_nothing(inputs, tmp_path, extra):
    contacts, periods = inputs
    argv = ["fremdrift", "indicators", "run", *run_args(contacts, periods, tmp_path), *extra]
    assert early.start(argv, stream=io.StringIO()) is None


def test_other_commands_start_nothing(inputs, tmp_path):
    contacts, periods = inputs
    assert early.start(["fremdrift", "indicators", "synth", "--contacts", "10"]) is None
    missing_out = ["--contacts", str(contacts), "--fb-periods", str(periods), "--as-of", AS_OF]
    assert early.start(["fremdrift", "indicators", "run", *missing_out]) is None


def test_cli_main_starts_the_run_early_and_leaves_nothing_running(inputs, tmp_path, monkeypatch):
    contacts, periods = inputs
    started = []
    real_start = early.start

    def recording_start(argv, stream=None):
        started.append(real_start(argv, stream=io.StringIO()))
        return started[-1]

    monkeypatch.setattr(early, "start", recording_start)
    cli.main(["fremdrift", "indicators", "run", *run_args(contacts, periods, tmp_path / "out")])
    assert started and started[0] is not None and started[0].taken
    assert early._current is None
    assert (tmp_path / "out" / "indicators_public.csv").is_file()


def test_a_run_stopped_while_it_runs_raises_and_writes_nothing(inputs, tmp_path):
    contacts, periods = inputs
    stop = Stop()
    steps = []

    def progress(step: str, _fraction: float) -> None:
        steps.append(step)
        if step == "clean":  # the contacts are read; stop before the periods are
            stop()

    with pytest.raises(RunStopped):
        run(contacts, periods, AS_OF, tmp_path / "out", progress=progress, stop=stop)
    assert steps == ["read", "clean"]  # no later step ran
    assert not (tmp_path / "out").exists()


def test_a_run_stopped_before_it_starts_reads_nothing(tmp_path):
    stop = Stop()
    stop()
    with pytest.raises(RunStopped):
        run(tmp_path / "no.csv", tmp_path / "no.csv", AS_OF, tmp_path / "out", stop=stop)


def test_abandon_stops_a_run_no_command_took(tmp_path):
    data = generate(200_000, 3, tmp_path / "data")
    argv = [
        "fremdrift", "indicators", "run", "--contacts", str(data.contacts_path),
        "--fb-periods", str(data.fb_periods_path), "--as-of", data.as_of,
        "--out", str(tmp_path / "out"),
    ]  # fmt: skip
    started = early.start(argv, stream=io.StringIO())
    assert started is not None
    early.abandon()
    assert started.future.done()
    assert isinstance(started.future.exception(), RunStopped)
    assert not (tmp_path / "out" / "indicators.csv").exists()


def test_ctrl_c_while_the_runs_thread_starts_stops_the_run(tmp_path, monkeypatch):
    """Ctrl-C can come while ``early.start`` waits for its thread to start, when the run is
    already going but not yet handed to anyone. It must be stopped, and its thread must end:
    the interpreter's exit waits for it (before the fix the run went on to write its output,
    and the thread then waited for more work forever: the command hung)."""
    from concurrent.futures import ThreadPoolExecutor

    data = generate(200_000, 3, tmp_path / "data")
    argv = [
        "fremdrift", "indicators", "run", "--contacts", str(data.contacts_path),
        "--fb-periods", str(data.fb_periods_path), "--as-of", data.as_of,
        "--out", str(tmp_path / "out"),
    ]  # fmt: skip
    starting = ThreadPoolExecutor._adjust_thread_count

    def interrupted(pool):  # noqa: ANN001, ANN202 - the thread starts, then SIGINT lands
        starting(pool)
        raise KeyboardInterrupt

    monkeypatch.setattr(ThreadPoolExecutor, "_adjust_thread_count", interrupted)
    with pytest.raises(KeyboardInterrupt):
        early.start(argv, stream=io.StringIO())
    monkeypatch.undo()
    workers = [t for t in threading.enumerate() if t.name.startswith("indicators-run")]
    for worker in workers:
        worker.join(timeout=30)
    assert workers and not any(worker.is_alive() for worker in workers)
    assert not (tmp_path / "out").exists()
    early.abandon()  # nothing to abandon: the run was never handed over


def test_ctrl_c_stops_the_command_at_once_and_leaves_no_output(tmp_path):
    """SIGINT while the engine reads: the command ends within seconds, with no output folder
    (the engine's thread is stopped, not waited for)."""
    data = generate(500_000, 5, tmp_path / "data")
    for attempt in range(3):
        scratch, out = tmp_path / f"tmp{attempt}", tmp_path / f"out{attempt}"
        scratch.mkdir()
        running, err, code = _interrupt_a_run(data, scratch, out)
        finished = code == 0 and (out / "indicators_public.csv").exists()
        if finished or (not running and out.exists()):
            # On a loaded machine this process can be held up between seeing the engine
            # start and sending the signal for longer than the run takes, or the signal
            # lands in the run's last instants (its folder not yet removed): the run then
            # ended with exit 0 and a complete output. The signal came too late; try again.
            continue
        assert code != 0, err[-1500:]
        assert not out.exists(), err[-1500:]
        assert not any(scratch.glob("fremdrift-indicators-*"))  # its private folder is gone
        return
    pytest.fail("three times the run ended before the signal was sent")


def _interrupt_a_run(data, scratch: Path, out: Path) -> tuple[bool, str, int]:  # noqa: ANN001
    """Start the command, send SIGINT once the engine has made its private folder; whether
    the engine was still running when the signal was sent, the command's stderr and its exit
    code."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test",
        "TMPDIR": str(scratch),  # where the engine makes its private folder
    }
    child = subprocess.Popen(
        [
            sys.executable, "-m", "fremdrift.cli", "indicators", "run",
            "--contacts", str(data.contacts_path), "--fb-periods", str(data.fb_periods_path),
            "--as-of", data.as_of, "--out", str(out),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(scratch.glob("fremdrift-indicators-*")):  # the engine has started
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    sent = time.monotonic()
    # the engine removes its folder when it ends, stopped or not: still there, it was running
    running = any(scratch.glob("fremdrift-indicators-*"))
    _out, err = child.communicate(timeout=60)
    assert time.monotonic() - sent < 5
    return running, err.decode(), child.returncode


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_command_that_fails_after_the_engine_leaves_the_previous_output_as_it_was(
    inputs, tmp_path, monkeypatch
):
    """indicators.csv and indicators_public.csv are always of the same run."""
    contacts, periods = inputs
    out = tmp_path / "out"
    command(*run_args(contacts, periods, out))
    before = _files(out)

    def fails(*_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fremdrift.indicators.engine.engine._Steps._write_public", fails)
    with pytest.raises(CommandError, match="No space left on device"):
        command(*run_args(contacts, periods, out, "--param", "link_gap_hours=6"))
    assert _files(out) == before


def test_folders_a_killed_run_left_behind_are_removed_by_the_next_run(
    inputs, tmp_path, monkeypatch
):
    """``kill -9`` leaves the run's spill folder (DuckDB's files: gigabytes in a large run)
    and can leave its hidden output folder. The next run on the host removes both; the
    folders of a run still going, or of another host, stay."""
    import socket
    import tempfile

    data = generate(500_000, 5, tmp_path / "data")
    scratch, out = tmp_path / "tmp", tmp_path / "out"
    scratch.mkdir()
    child = subprocess.Popen(
        [
            sys.executable, "-m", "fremdrift.cli", "indicators", "run",
            "--contacts", str(data.contacts_path), "--fb-periods", str(data.fb_periods_path),
            "--as-of", data.as_of, "--out", str(out),
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test",
             "TMPDIR": str(scratch)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(scratch.glob("fremdrift-indicators-*")):  # the engine has started
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    child.kill()
    child.wait()
    killed = list(scratch.glob("fremdrift-indicators-*"))
    assert len(killed) == 1  # what kill -9 leaves
    host = socket.gethostname()
    out.mkdir(exist_ok=True)
    staged = out / f".fremdrift-run-{child.pid}+{host}+abcd1234"  # as a kill while writing
    staged.mkdir()
    (staged / "indicators.csv").write_text("half", encoding="utf-8")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        running = out / f".fremdrift-run-{alive.pid}+{host}+abcd1234"
        elsewhere = out / f".fremdrift-run-{child.pid}+another-host+abcd1234"
        for folder in (running, elsewhere):
            folder.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(scratch))
        contacts, periods = inputs
        run(contacts, periods, AS_OF, out)
        alive.kill()
    assert not any(path.exists() for path in killed)
    assert not staged.exists()
    assert running.is_dir() and elsewhere.is_dir()
    assert not any(scratch.iterdir())  # the run removed its own folder too
    assert (out / "indicators.csv").read_text(encoding="utf-8").startswith("indicator,")


def test_a_run_that_ends_well_is_reported_without_starting_django(inputs, tmp_path):
    """``cli.main`` prints the report of a run that ended well itself, in the settings'
    language, without Django's start: the same lines as the management command."""
    contacts, periods = inputs
    script = (
        "import sys\n"
        "from fremdrift import cli\n"
        "cli.main(['fremdrift', 'indicators', 'run', *sys.argv[1:]])\n"
        "from django.apps import apps\n"
        "print('django started' if apps.ready else 'no django')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test"}
    fast = tools.run(
        [sys.executable, "-c", script, *run_args(contacts, periods, tmp_path / "fast")],
        env=env, timeout=120, text=True,
    )  # fmt: skip
    lines = fast.stdout.splitlines()
    assert lines[-1] == "no django", fast.stderr
    slow = command(*run_args(contacts, periods, tmp_path / "slow"))
    assert lines[:-1] == slow.replace(str(tmp_path / "slow"), str(tmp_path / "fast")).splitlines()
    assert lines[0].endswith("rækker skrevet til " + str(tmp_path / "fast" / "indicators.csv"))
    assert _files(tmp_path / "fast").keys() == _files(tmp_path / "slow").keys()


def test_a_run_stopped_or_discarded_leaves_no_output_folder_it_made(inputs, tmp_path):
    """The engine makes the output folder only when it writes; a held run that is discarded
    (Ctrl-C after the engine ended) removes the folder again when it made it, and leaves a
    folder that was there as it was."""
    contacts, periods = inputs
    made = tmp_path / "new" / "out"
    run(contacts, periods, AS_OF, made, hold=True).discard()
    assert not made.exists() and made.parent.is_dir()
    kept = tmp_path / "kept"
    kept.mkdir()
    run(contacts, periods, AS_OF, kept, hold=True).discard()
    assert kept.is_dir() and not any(kept.iterdir())


def test_the_environment_does_not_change_while_the_engine_runs(inputs, tmp_path):
    """Reading the settings can change the process's environment (a local ``.env``), so can
    importing numpy, and glibc's ``getenv`` in DuckDB's threads crashes when the environment
    changes beside it (seen: a segfault in ``getenv`` about once in fifty runs). Nothing
    changes it once the engine has made its private folder (just before DuckDB starts)."""
    contacts, periods = inputs
    (tmp_path / ".env").write_text("FREMDRIFT_TEST_FROM_DOTENV=1\n", encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    script = (
        "import os, sys, threading\n"
        "from pathlib import Path\n"
        "from fremdrift import cli\n"
        "scratch = Path(os.environ['TMPDIR'])\n"
        "changes = []\n"
        "real = os.putenv\n"
        "def putenv(key, value):\n"
        "    key = key.decode() if isinstance(key, bytes) else key\n"
        "    engine = any(t.name.startswith('indicators-run') for t in threading.enumerate())\n"
        "    duckdb = any(scratch.glob('fremdrift-indicators-*'))\n"
        "    changes.append((key, (engine, duckdb)))\n"
        "    real(key, value)\n"
        "os.putenv = putenv\n"
        "real_unset = os.unsetenv\n"
        "def unsetenv(key):\n"
        "    key = key.decode() if isinstance(key, bytes) else key\n"
        "    engine = any(t.name.startswith('indicators-run') for t in threading.enumerate())\n"
        "    duckdb = any(scratch.glob('fremdrift-indicators-*'))\n"
        "    changes.append(('-' + key, (engine, duckdb)))\n"
        "    real_unset(key)\n"
        "os.unsetenv = unsetenv\n"
        "cli.main(['fremdrift', 'indicators', 'run', *sys.argv[1:]])\n"
        "print(changes)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FREMDRIFT_ENV")}
    env |= {"DJANGO_SETTINGS_MODULE": "fremdrift.settings_test", "TMPDIR": str(scratch)}
    env.pop("OPENBLAS_MAIN_FREE", None)
    done = tools.run(
        [sys.executable, "-c", script, *run_args(contacts, periods, tmp_path / "out")],
        env=env, cwd=tmp_path, timeout=120, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    changes = dict(eval(done.stdout.splitlines()[-1]))  # noqa: S307 - our own script's list
    # the .env was read before the engine's thread started; what numpy sets while it loads
    # was set before DuckDB started (numpy is imported beside the run and changes nothing);
    # nothing set or removed a variable while DuckDB ran
    assert changes["FREMDRIFT_TEST_FROM_DOTENV"] == (False, False)
    assert changes["OPENBLAS_MAIN_FREE"][1] is False
    assert not [key for key, (_engine, duckdb) in changes.items() if duckdb]


def test_two_threads_settling_the_environment_set_it_once(monkeypatch):
    """The command's main thread and the engine's both settle ``OPENBLAS_MAIN_FREE``; a look
    and a set in two steps let both find it unset, and the second set it while DuckDB ran
    (CI saw it once). Setting it is made slow here, so that the other thread looks at once."""
    from fremdrift.indicators.engine import engine

    monkeypatch.delenv("OPENBLAS_MAIN_FREE", raising=False)
    real, sets = os.putenv, []

    def slow_putenv(key, value):
        sets.append(key)
        time.sleep(0.2)
        real(key, value)

    monkeypatch.setattr(os, "putenv", slow_putenv)
    threads = [threading.Thread(target=engine.settle_environment) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # the second looks while the first is setting it
    for thread in threads:
        thread.join()
    assert sets == [b"OPENBLAS_MAIN_FREE"]  # (os.environ sets it encoded)
    assert os.environ["OPENBLAS_MAIN_FREE"] == "1"
