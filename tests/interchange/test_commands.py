"""``fremdrift plans``, ``export`` and ``import`` on the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from fremdrift.core.models import AuditEvent
from fremdrift.portfolio.models import Plan

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_plans_prints_slug_title_and_count_separated_by_tabs(plan):
    assert run("plans") == "vinter\tVinterplan\t2\n"


def test_export_writes_json_that_import_reads_back(plan, tmp_path):
    target = tmp_path / "vinter.json"
    run("export", "vinter", "--format", "json", "-o", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "fremdrift-plan/1"
    assert [a["slug"] for a in document["areas"]] == ["personale", "hospitaler"]
    with translation.override("en"):
        output = run("import", str(target))
    assert "0 created, 0 updated" in output


def test_export_as_yaml_to_stdout(plan):
    text = run("export", "vinter", "--format", "yaml")
    assert text.startswith("format: fremdrift-plan/1")
    assert "Præhospitalet" in text


def test_export_as_xlsx_and_csv(plan, tmp_path):
    from openpyxl import load_workbook

    run("export", "vinter", "--format", "xlsx", "-o", str(tmp_path / "v.xlsx"))
    rows = list(load_workbook(tmp_path / "v.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Område", "Tema", "Indsats")
    assert len(rows) == 1 + 3  # the shared initiative appears in both areas
    run("export", "vinter", "--format", "csv", "-o", str(tmp_path / "v.csv"))
    assert (tmp_path / "v.csv").read_bytes().startswith(b"\xef\xbb\xbfOmr")


def test_import_dry_run_prints_what_it_would_create_and_writes_nothing(tmp_path):
    doc = {
        "plan": {"slug": "ny", "title": "Ny plan"},
        "areas": [{"title": "Spor 1", "initiatives": ["a"]}],
        "initiatives": [{"ref": "a", "title": "En indsats", "areas": []}],
    }
    path = tmp_path / "ny.yaml"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with translation.override("en"):
        output = run("import", str(path), "--dry-run")
    assert "plan “Ny plan”" in output or "Ny plan" in output
    assert "dry run" in output
    assert not Plan.objects.exists()


def test_import_into_another_plan_slug(tmp_path):
    doc = {"plan": {"slug": "x", "title": "Plan X"}, "initiatives": [{"ref": "a", "title": "A"}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    run("import", str(path), "--plan", "andet-navn")
    assert Plan.objects.filter(slug="andet-navn").exists()


def test_import_is_audited_as_command_line_with_the_file_hash(tmp_path):
    doc = {"plan": {"slug": "x", "title": "Plan X"}, "initiatives": [{"ref": "a", "title": "A"}]}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    run("import", str(path))
    event = AuditEvent.objects.get(action="imported")
    assert event.channel == "cli"
    assert len(event.after["sha256"]) == 64


def test_export_of_an_unknown_plan_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No plan"):
        run("export", "findes-ikke")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test",
        "DATABASE_URL": f"sqlite:///{cwd / 'cli.sqlite3'}",
        "FREMDRIFT_VAR_DIR": str(cwd),
    }
    return subprocess.run(
        [sys.executable, "-m", "fremdrift.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.json", '{"plan": ', "JSON"),
        ("bad.yaml", "plan: [unclosed", "YAML"),
        ("missing.json", None, "missing.json"),
        ("plan.txt", "hello", "“.txt”"),
        ("noslug.json", '{"plan": {"title": "x"}}', "plan.slug"),
    ],
)
def test_bad_input_exits_1_with_one_line_and_no_traceback(tmp_path, name, content, expected):
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = _cli("import", str(tmp_path / name), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert name in lines[0]
