"""A missing system tool skips its tests locally, but fails them where CI requires it.

The first tests run pytest in a subprocess, on SQLite, with the tool hidden, as CI would
meet a broken image: the CSP browser test without Chromium, the meeting pack's PDF test
without pdftotext.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fremdrift.reports.renderers import measure
from tests import tools

ROOT = Path(__file__).resolve().parents[1]
CSP_TEST = "tests/security/test_csp_in_browser.py"
SHARED_SQLITE_TEST = "tests/core/test_shared_sqlite.py"
PDF_TEST = (
    "tests/governance/test_pack.py::test_the_pdf_has_the_agenda_the_changes_and_the_questions"
)


def _pytest(test: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FREMDRIFT_REQUIRE_", "PYTEST_", "DATABASE_URL"))
    }
    return tools.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfs", test],
        env={**clean, **env},
        cwd=ROOT,
        text=True,
        timeout=300,
    )


def test_the_csp_browser_test_fails_without_chromium_where_the_browser_is_required():
    result = _pytest(
        CSP_TEST, {"FREMDRIFT_CHROMIUM": "/nonexistent/chromium", "FREMDRIFT_REQUIRE_BROWSER": "1"}
    )
    assert result.returncode == 1, result.stdout
    assert "Chromium is required (FREMDRIFT_REQUIRE_BROWSER=1) but missing" in result.stdout


def test_the_pdf_test_fails_without_pdftotext_where_it_is_required():
    hidden = {"PATH": str(Path(sys.executable).parent), "FREMDRIFT_REQUIRE_PDFTOTEXT": "1"}
    result = _pytest(PDF_TEST, hidden)
    assert result.returncode == 1, result.stdout
    assert "pdftotext is required (FREMDRIFT_REQUIRE_PDFTOTEXT=1) but missing" in result.stdout


def test_missing_fonts_fail_where_required_and_skip_elsewhere(monkeypatch):
    nowhere = {False: ("/nonexistent/font.ttf",), True: ("/nonexistent/font-bold.ttf",)}
    monkeypatch.setitem(measure.FONT_FILES, "Calibri", nowhere)
    monkeypatch.delenv("FREMDRIFT_REQUIRE_FONTS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="fonts-crosextra-carlito"):
        tools.metric_fonts()
    monkeypatch.setenv("FREMDRIFT_REQUIRE_FONTS", "1")
    with pytest.raises(pytest.fail.Exception, match="FREMDRIFT_REQUIRE_FONTS=1"):
        tools.metric_fonts()


def test_a_command_that_hangs_is_killed_with_its_children_and_the_test_says_which(tmp_path):
    """LibreOffice's ``soffice`` leaves a child that holds the output pipe: killing only the
    command would leave the test waiting for ever. Here a shell starts such a child."""
    pid_file = tmp_path / "child.pid"
    with pytest.raises(pytest.fail.Exception, match=r"sh did not finish within 1 s"):
        tools.run(["sh", "-c", f"sleep 600 & echo $! > {pid_file}; wait"], timeout=1)
    # a killed process ends a moment after its pipes close (seen in CI: still there when
    # looked at at once); it must be gone within seconds, not after its 600
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Is the process there and not a zombie waiting to be reaped?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_command_run_bounded_gives_its_output_input_and_exit_status():
    done = tools.run(["sh", "-c", "tr a-z A-Z; exit 3"], input=b"ok", timeout=60)
    assert (done.returncode, done.stdout) == (3, b"OK")
    with pytest.raises(subprocess.CalledProcessError):
        tools.run(["false"], timeout=60, check=True)


@pytest.mark.slow
def test_a_process_frozen_with_the_gil_held_is_ended_with_its_stacks():
    """The deadlock tests/shared_sqlite.py prevents, let happen: pytest-timeout cannot act
    (it needs the GIL), the hard limit ends the process and prints where every thread was."""
    result = _pytest(
        SHARED_SQLITE_TEST,
        {"FREMDRIFT_TEST_UNSERIALISED_SQLITE": "1", "FREMDRIFT_TEST_HARD_LIMIT": "20"},
    )
    assert result.returncode == 1, result.stdout
    assert "Timeout (0:00:20)!" in result.stderr
    assert "test_shared_sqlite.py" in result.stderr and "sqlite3/base.py" in result.stderr
