"""The system tools some tests drive: skip where one is missing, fail where it is required.

On a developer's machine a missing tool skips the tests that need it, with the line that
installs it. CI sets ``FREMDRIFT_REQUIRE_<TOOL>=1`` for each tool it installs (``.ci/run``):
there a missing tool fails those tests instead of letting them skip unnoticed. Every test
that needs a tool asks here; no test calls ``pytest.skip`` for a missing tool itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Tool:
    """A system tool: what it is called, the variable that requires it, how to install it."""

    what: str
    variable: str
    install: str


BROWSER = Tool("Chromium", "FREMDRIFT_REQUIRE_BROWSER", "apt-get install chromium")
LIBREOFFICE = Tool(
    "LibreOffice (soffice)", "FREMDRIFT_REQUIRE_LIBREOFFICE", "apt-get install libreoffice-impress"
)
PDFTOTEXT = Tool("pdftotext", "FREMDRIFT_REQUIRE_PDFTOTEXT", "apt-get install poppler-utils")
FONTS = Tool(
    "The metric fonts Liberation Sans and Carlito",
    "FREMDRIFT_REQUIRE_FONTS",
    "apt-get install fonts-liberation2 fonts-crosextra-carlito",
)
CHROMIUM = os.environ.get("FREMDRIFT_CHROMIUM", "/usr/bin/chromium")


def is_required(tool: Tool) -> bool:
    """Does this run require the tool (``FREMDRIFT_REQUIRE_…=1``)?"""
    return os.environ.get(tool.variable) == "1"


def require(tool: Tool, available: bool) -> None:
    """Return when the tool is there; otherwise fail where it is required, else skip."""
    if available:
        return
    if is_required(tool):
        pytest.fail(f"{tool.what} is required ({tool.variable}=1) but missing: {tool.install}")
    pytest.skip(f"{tool.what} is not installed: {tool.install}")


def chromium() -> str:
    """The path of Debian's Chromium (``FREMDRIFT_CHROMIUM`` to use another)."""
    require(BROWSER, bool(shutil.which(CHROMIUM)) or os.path.exists(CHROMIUM))
    return CHROMIUM


def soffice() -> str:
    """The LibreOffice command."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    require(LIBREOFFICE, found is not None)
    return str(found)


def pdftotext() -> str:
    """poppler's pdftotext command."""
    found = shutil.which("pdftotext")
    require(PDFTOTEXT, found is not None)
    return str(found)


def metric_fonts() -> None:
    """Liberation Sans (≙ Arial) and Carlito (≙ Calibri), regular and bold, as the decks use."""
    from fremdrift.reports.renderers.measure import FONT_FILES

    present = all(
        any(Path(path).exists() for path in paths)
        for family in ("Arial", "Calibri")
        for paths in FONT_FILES[family].values()
    )
    require(FONTS, present)


def run(
    command: Sequence[str], *, timeout: float, check: bool = False, **options: Any
) -> subprocess.CompletedProcess:
    """Run a command with its output captured, bounded in time.

    ``subprocess.run(..., timeout=…)`` kills only the process it started; LibreOffice's
    ``soffice`` (a script that starts ``oosplash`` and ``soffice.bin``) or a nested pytest
    leaves children that keep the output pipes open, and reading them then waits for ever.
    Here the command gets its own process group, the whole group is killed at the time limit,
    and the test fails saying which command hung.
    """
    given = options.pop("input", None)
    if given is not None:
        options["stdin"] = subprocess.PIPE
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    with subprocess.Popen(list(command), start_new_session=True, **options) as process:
        try:
            out, err = process.communicate(given, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            out, err = process.communicate()
            pytest.fail(f"{command[0]} did not finish within {timeout:g} s: {' '.join(command)}")
        finally:
            _kill_group(process)
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    if check:
        done.check_returncode()
    return done


def _kill_group(process: subprocess.Popen) -> None:
    """Kill what is left of the command's process group (children included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def convert(source: Path, to: str, outdir: Path, *, timeout: float = 300) -> Path:
    """LibreOffice converts a file (``to`` is ``pdf``, ``pptx`` …) with a profile of its own
    beside the output, so conversions may run side by side; the converted file's path."""
    result = run(
        [
            soffice(),
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        timeout=timeout,
    )
    converted = outdir / f"{source.stem}.{to}"
    assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
    return converted
