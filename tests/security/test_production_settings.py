"""Development defaults never reach production (each run in a subprocess of its own).

``scripts/setup.sh`` writes a ``.env`` with DEBUG on into the checkout for local work. The
web server (``gunicorn fremdrift.wsgi``) and ``fremdrift`` with ``FREMDRIFT_ENV=production``
never read it, and a production run refuses to start with DEBUG on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
PRINT_DEBUG = "from django.conf import settings; print('DEBUG', settings.DEBUG)"
LOCAL_DOTENV = "FREMDRIFT_ENV=development\nDEBUG=true\nSECRET_KEY=local-development-key\n"
PRODUCTION_KEY = "a-long-random-production-key-" + "x" * 40


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """Run in ``cwd`` (where a .env would be found) with only ``env`` and the basics set."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    return subprocess.run(
        args,
        env={**base, "FREMDRIFT_VAR_DIR": str(cwd / "var"), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _gunicorn_check(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """What gunicorn does at start: load ``fremdrift.wsgi`` (``--check-config`` then stops)."""
    return _run([str(BIN / "gunicorn"), "--check-config", "fremdrift.wsgi"], env, cwd)


def _fremdrift(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "fremdrift.cli", *args], env, cwd)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_the_web_server_refuses_to_start_with_debug_on(tmp_path):
    result = _gunicorn_check({"DEBUG": "true", "SECRET_KEY": PRODUCTION_KEY}, tmp_path)
    assert result.returncode == 1
    assert "DEBUG is on in a production run" in _one_line(result.stderr)


def test_a_production_command_refuses_to_start_with_debug_on(tmp_path):
    env = {"FREMDRIFT_ENV": "production", "DEBUG": "true", "SECRET_KEY": PRODUCTION_KEY}
    result = _fremdrift(["check"], env, tmp_path)
    assert result.returncode == 1
    assert "DEBUG is on in a production run" in _one_line(result.stderr)


def test_debug_is_allowed_where_the_environment_marks_development(tmp_path):
    env = {"FREMDRIFT_ENV": "development", "DEBUG": "true"}
    assert _gunicorn_check(env, tmp_path).returncode == 0


def test_the_local_dotenv_does_not_switch_the_web_server_into_debug(tmp_path):
    (tmp_path / ".env").write_text(LOCAL_DOTENV)
    code = f"import fremdrift.wsgi; {PRINT_DEBUG}"
    result = _run([sys.executable, "-c", code], {"SECRET_KEY": PRODUCTION_KEY}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["DEBUG", "False"]


def test_the_local_dotenv_does_not_switch_a_production_command_into_debug(tmp_path):
    (tmp_path / ".env").write_text(LOCAL_DOTENV)
    env = {"FREMDRIFT_ENV": "production", "SECRET_KEY": PRODUCTION_KEY}
    result = _fremdrift(["shell", "-c", PRINT_DEBUG], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["DEBUG", "False"]


def test_production_does_not_take_the_secret_key_from_the_local_dotenv(tmp_path):
    (tmp_path / ".env").write_text(LOCAL_DOTENV)
    result = _fremdrift(["check"], {"FREMDRIFT_ENV": "production"}, tmp_path)
    assert result.returncode == 1
    assert "SECRET_KEY must be set" in _one_line(result.stderr)


def test_local_work_still_reads_the_dotenv(tmp_path):
    (tmp_path / ".env").write_text(LOCAL_DOTENV)
    result = _fremdrift(["shell", "-c", PRINT_DEBUG], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["DEBUG", "True"]


def test_the_demo_command_needs_no_configuration_on_a_fresh_clone(tmp_path):
    result = _fremdrift(["demo", "--help"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--no-serve" in result.stdout


def test_an_unknown_environment_name_is_a_one_line_error(tmp_path):
    result = _fremdrift(["check"], {"FREMDRIFT_ENV": "staging"}, tmp_path)
    assert result.returncode == 1
    assert "FREMDRIFT_ENV must be development or production" in _one_line(result.stderr)
