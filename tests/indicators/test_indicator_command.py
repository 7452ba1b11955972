"""``fremdrift indicators run`` and ``fremdrift indicators synth`` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import tools

from .indicator_helpers import CONTACT_COLUMNS, PERIOD_COLUMNS, contact, write_rows


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``fremdrift …`` in a child process, as a user would (Danish settings)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test"}
    return tools.run(
        [sys.executable, "-m", "fremdrift.cli", "indicators", *args],
        cwd=cwd,
        env=env,
        text=True,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def inputs(tmp_path):
    contacts = write_rows(
        tmp_path / "contacts.csv",
        [contact(1, "p", "2022-03-01T08:00:00Z", "2022-03-03T08:00:00Z")],
        CONTACT_COLUMNS,
    )
    periods = write_rows(tmp_path / "fb_periods.csv", [], PERIOD_COLUMNS)
    return contacts, periods


def test_run_writes_the_three_files_and_exits_0(inputs, tmp_path):
    contacts, periods = inputs
    result = cli(
        "run", "--contacts", str(contacts), "--fb-periods", str(periods),
        "--as-of", "2023-01-01T00:00:00", "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in ("indicators.csv", "indicators.parquet", "validation.json"):
        assert (tmp_path / "out" / name).is_file()
    assert "rækker skrevet til" in result.stdout
    assert "Traceback" not in result.stderr


def test_run_accepts_parameters_and_records_them(inputs, tmp_path):
    contacts, periods = inputs
    result = cli(
        "run", "--contacts", str(contacts), "--fb-periods", str(periods),
        "--as-of", "2023-01-01", "--out", "out", "--param", "link_gap_hours=6",
        "--param", "windows=somatik:7,30;psykiatri:7", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    validation = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    assert validation["params"]["link_gap_hours"] == 6
    assert validation["params"]["windows"] == {"psykiatri": [7], "somatik": [7, 30]}


def test_a_missing_column_exits_1_with_one_danish_line_naming_file_and_column(tmp_path):
    columns = [c for c in CONTACT_COLUMNS if c != "sector"]
    contacts = write_rows(tmp_path / "kontakter.csv", [], columns)
    periods = write_rows(tmp_path / "fb.csv", [], PERIOD_COLUMNS)
    result = cli(
        "run", "--contacts", str(contacts), "--fb-periods", str(periods),
        "--as-of", "2023-01-01", "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert_one_line_error(result, "kontakter.csv", "“sector”", "mangler")
    assert not (tmp_path / "out").exists()


def test_a_missing_file_a_bad_as_of_and_a_bad_param_exit_1_with_one_line(inputs, tmp_path):
    contacts, periods = inputs
    base = ["--fb-periods", str(periods), "--out", "out"]
    missing = cli("run", "--contacts", "nope.parquet", "--as-of", "2023-01-01", *base, cwd=tmp_path)
    assert_one_line_error(missing, "nope.parquet", "findes ikke")
    bad_as_of = cli("run", "--contacts", str(contacts), "--as-of", "i morgen", *base, cwd=tmp_path)
    assert_one_line_error(bad_as_of, "--as-of", "i morgen")
    bad_param = cli(
        "run", "--contacts", str(contacts), "--as-of", "2023-01-01", *base,
        "--param", "acute_rule=maybe", cwd=tmp_path,
    )  # fmt: skip
    assert_one_line_error(bad_param, "--param", "acute_rule")
    unknown = cli(
        "run", "--contacts", str(contacts), "--as-of", "2023-01-01", *base,
        "--param", "gap", cwd=tmp_path,
    )  # fmt: skip
    assert_one_line_error(unknown, "--param", "gap")


def test_a_broken_municipality_file_exits_1_with_one_line(inputs, tmp_path):
    contacts, periods = inputs
    (tmp_path / "kommuner.csv").write_text("code,name\n751,Aarhus\n", encoding="utf-8")
    result = cli(
        "run", "--contacts", str(contacts), "--fb-periods", str(periods),
        "--as-of", "2023-01-01", "--out", "out", "--municipalities", "kommuner.csv",
        cwd=tmp_path,
    )  # fmt: skip
    assert_one_line_error(result, "--municipalities", "cluster")


def test_synth_writes_input_that_run_reads(tmp_path):
    made = cli("synth", "--contacts", "3000", "--seed", "4", "--out", "data", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "data" / "contacts.parquet").is_file()
    as_of = json.loads((tmp_path / "data" / "synth.json").read_text(encoding="utf-8"))["as_of"]
    result = cli(
        "run", "--contacts", "data/contacts.parquet", "--fb-periods", "data/fb_periods.parquet",
        "--as-of", as_of, "--out", "out", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Kontakter:" in result.stdout


# Imported by no step of ``fremdrift indicators run``: file readers, slides, workbooks, the
# OpenAPI machinery, the synthetic-data generator (numpy), PDF.
NOT_FOR_A_RUN = (
    "numpy",
    "pptx",
    "openpyxl",
    "fremdrift.interchange.readers",
    "fremdrift.indicators.engine.synth",
    "drf_spectacular.plumbing",
    "weasyprint",
)


def test_django_starts_without_what_an_indicator_run_does_not_need():
    """Start-up is part of the command's time: the apps' ``ready()`` hooks register their
    menus, demo steps and task kinds without importing the heavy modules behind them."""
    code = (
        "import sys, django; django.setup(); "
        "from fremdrift.indicators.management.commands import indicators; "
        f"print([m for m in {NOT_FOR_A_RUN!r} if m in sys.modules])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test"}
    result = tools.run([sys.executable, "-c", code], env=env, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
