"""Small typed readers for settings taken from environment variables.

Each helper fails loudly with the variable's name when a value cannot be read, so that a
misconfigured deployment stops at start-up rather than misbehaving later.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
DEVELOPMENT = "development"
PRODUCTION = "production"


def load_dotenv(path: str | os.PathLike[str]) -> None:
    """Read ``KEY=VALUE`` lines from a ``.env`` file into the environment.

    Variables already set in the environment win; blank lines and ``#`` comments are
    skipped; values may be quoted. A missing file is fine.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable as a string, or ``default`` when it is not set."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean (1/true/yes/on or 0/false/no/off)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of stripped, non-empty strings."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_origins(name: str) -> list[str]:
    """Return a comma-separated list of web origins (``https://intra.rm.dk``), refusing
    anything else: the values go into a Content-Security-Policy header."""
    import re

    origins = env_list(name)
    for origin in origins:
        if not re.fullmatch(
            r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?|https?://\*\.[A-Za-z0-9.\-]+", origin
        ):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin such as https://intra.example.dk"
            )
    return origins


def deployment(env_file: str | os.PathLike[str]) -> str:
    """Decide whether this run is ``development`` or ``production``; read ``.env`` if it may.

    ``FREMDRIFT_ENV`` in the process environment decides. ``production`` never reads the
    local ``.env`` (so the DEBUG that ``scripts/setup.sh`` writes there cannot reach it);
    ``development`` reads it. When the environment does not say, the ``.env`` file is read
    and may say ``development`` itself; without any marker the run is ``production``. The
    web server's entry point (``fremdrift.wsgi``) sets ``production`` unless told otherwise.
    """
    declared = os.environ.get("FREMDRIFT_ENV", "").strip().lower()
    if declared not in ("", DEVELOPMENT, PRODUCTION):
        raise ImproperlyConfigured(
            f"FREMDRIFT_ENV must be {DEVELOPMENT} or {PRODUCTION}, not {declared!r}"
        )
    if declared == PRODUCTION:
        return PRODUCTION
    load_dotenv(env_file)
    mode = os.environ.get("FREMDRIFT_ENV", "").strip().lower() or PRODUCTION
    if mode not in (DEVELOPMENT, PRODUCTION):
        raise ImproperlyConfigured(
            f"{env_file}: FREMDRIFT_ENV must be {DEVELOPMENT} or {PRODUCTION}, not {mode!r}"
        )
    return mode
