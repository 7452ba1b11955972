"""A YAML file cannot blow up in memory: anchors and aliases are refused, sizes are capped."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fremdrift.core.models import AuditEvent
from fremdrift.interchange import safe_yaml
from fremdrift.interchange.errors import ImportFailed
from fremdrift.interchange.loader import load_bytes
from fremdrift.interchange.models import ImportJob
from fremdrift.portfolio.models import Plan

MEMORY_LIMIT = 1536 * 1024 * 1024  # 1.5 GB of address space


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each level repeats the one below ``width`` times."""
    lines = ["format: fremdrift-plan/1", 'a0: &a0 "Lorem ipsum dolor sit amet"']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"plan: {{slug: bombe, title: Bombe, purpose: *a{levels}}}")
    lines.append("initiatives: [{ref: x, title: X}]")
    return "\n".join(lines) + "\n"


def test_an_alias_is_refused_with_one_danish_line_naming_the_file_and_line():
    text = "plan: &p {slug: a, title: A}\nother: *p\n"
    with pytest.raises(ImportFailed) as caught:
        load_bytes(text.encode(), "plan.yaml")
    message = str(caught.value)
    assert message.startswith("plan.yaml, linje 1: ")
    assert "YAML-ankre og -aliasser" in message
    assert "\n" not in message


def test_an_anchor_alone_is_refused_too():
    with pytest.raises(ImportFailed, match="linje 2"):
        load_bytes(b"plan:\n  title: &t Vinter\n", "plan.yml")


def test_too_many_values_too_deep_nesting_and_too_long_texts_are_refused(monkeypatch):
    monkeypatch.setattr(safe_yaml, "MAX_NODES", 50)
    with pytest.raises(ImportFailed, match="mere end 50"):
        load_bytes(("items: [" + ", ".join(["1"] * 60) + "]").encode(), "mange.yaml")
    monkeypatch.setattr(safe_yaml, "MAX_DEPTH", 10)
    with pytest.raises(ImportFailed, match="mere end 10 niveauer"):
        load_bytes(("a: " + "[" * 20 + "]" * 20).encode(), "dyb.yaml")
    monkeypatch.setattr(safe_yaml, "MAX_TEXT", 100)
    with pytest.raises(ImportFailed, match="længere end 100 tegn"):
        load_bytes(("title: " + "x" * 200).encode(), "lang.yaml")


def test_deeply_nested_json_is_refused_with_one_line():
    with pytest.raises(ImportFailed, match="dyb.json"):
        load_bytes(b"[" * 100_000 + b"]" * 100_000, "dyb.json")


def test_python_tags_are_refused_as_invalid_yaml():
    with pytest.raises(ImportFailed, match="YAML"):
        load_bytes(b"plan: !!python/object/apply:os.system ['true']\n", "tag.yaml")


def test_an_ordinary_plan_file_still_loads():
    text = "plan:\n  slug: vinter\n  title: Vinterplan\ninitiatives:\n  - {ref: a, title: A}\n"
    assert load_bytes(text.encode(), "vinter.yaml").document["plan"]["title"] == "Vinterplan"


@pytest.mark.django_db
def test_the_import_command_refuses_aliases_and_writes_nothing(tmp_path):
    path = tmp_path / "lille.yaml"
    path.write_text(alias_bomb(levels=2, width=2), encoding="utf-8")
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="lille.yaml, linje 2"):
        call_command("import", str(path), stdout=io.StringIO())
    assert not Plan.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_web_upload_shows_the_same_message_and_keeps_nothing(client, users):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("interchange:upload"),
        {"file": SimpleUploadedFile("bombe.yaml", alias_bomb().encode())},
    )
    page = client.get(response["Location"]).content.decode()
    assert "bombe.yaml, linje 2: YAML-ankre og -aliasser" in page
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.content is None
    assert not Plan.objects.filter(slug="bombe").exists()


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_fremdrift_import_refuses_an_alias_bomb_within_seconds_under_a_memory_limit(tmp_path):
    bomb = tmp_path / "crafted.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    assert bomb.stat().st_size < 1000
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fremdrift.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "FREMDRIFT_VAR_DIR": str(tmp_path),
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "fremdrift.cli", "import", str(bomb)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,  # noqa: PLW1509 - the child only sets its own limit
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith(f"{bomb}, linje 2: YAML-ankre og -aliasser")
    assert result.stdout == ""
    assert elapsed < 60, f"took {elapsed:.0f} s"


def test_the_exporter_never_writes_aliases_so_its_yaml_imports_again():
    from fremdrift.interchange.export import dumps

    shared = ["Samme tekst"]
    text = dumps(
        {"plan": {"slug": "a", "title": "A", "purpose": shared, "background": shared}}, "yaml"
    )
    assert "&" not in text and "*" not in text
    assert load_bytes(text.encode(), "a.yaml").document["plan"]["background"] == shared


def test_the_demo_data_is_read_with_the_strict_loader():
    from fremdrift.demo.loader import DATA_DIR, read_yaml

    for path in sorted(Path(DATA_DIR).glob("*.yaml")):
        assert read_yaml(path.name) is not None
    assert json.dumps(read_yaml("governance.yaml"))  # plain data, no shared references
