"""The system tools some tests drive: skip where one is missing, fail where it is required.

On a developer's machine a missing tool skips the tests that need it, with the line that
installs it. CI sets ``FREMDRIFT_REQUIRE_<TOOL>=1`` for each tool it installs (``.ci/run``):
there a missing tool fails those tests instead of letting them skip unnoticed. Every test
that needs a tool asks here; no test calls ``pytest.skip`` for a missing tool itself.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

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
