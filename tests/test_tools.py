"""A missing system tool skips its tests locally, but fails them where CI requires it.

The first tests run pytest in a subprocess, on SQLite, with the tool hidden, as CI would
meet a broken image: the CSP browser test without Chromium, the meeting pack's PDF test
without pdftotext.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fremdrift.reports.renderers import measure
from tests import tools

ROOT = Path(__file__).resolve().parents[1]
CSP_TEST = "tests/security/test_csp_in_browser.py"
PDF_TEST = (
    "tests/governance/test_pack.py::test_the_pdf_has_the_agenda_the_changes_and_the_questions"
)


def _pytest(test: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FREMDRIFT_REQUIRE_", "PYTEST_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfs", test],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
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
