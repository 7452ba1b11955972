#!/usr/bin/env bash
# The whole test suite: ruff, then pytest on SQLite (with the browser tests), then again on
# PostgreSQL when one answers (DATABASE_URL_PG, default postgres://postgres@127.0.0.1:5432/test).
# Extra arguments go to pytest, e.g. scripts/test.sh tests/portfolio -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
scripts/system-packages.sh

echo "== ruff"
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench

workers=${PYTEST_WORKERS:-2}
# Each test is bounded (pytest-timeout, pyproject.toml); the slowest are listed at the end.
report=(--durations=15 --durations-min=5)
echo "== pytest on SQLite (browser tests included)"
env -u DATABASE_URL .venv/bin/pytest -n "$workers" -p no:cacheprovider "${report[@]}" "$@"

pg_url=${DATABASE_URL_PG:-postgres://postgres@127.0.0.1:5432/test}
if .venv/bin/python - "$pg_url" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not reachable ({exc.__class__.__name__}); skipping the PostgreSQL run.")
    sys.exit(1)
PY
then
  echo "== pytest on PostgreSQL"
  DATABASE_URL="$pg_url" .venv/bin/pytest -n "$workers" -p no:cacheprovider -m "not browser" \
    "${report[@]}" "$@"
elif [ "${FREMDRIFT_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required (FREMDRIFT_REQUIRE_POSTGRES=1) but not reachable." >&2
  exit 1
fi
