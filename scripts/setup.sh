#!/usr/bin/env bash
# Set up a working copy: virtual environment, dependencies, local .env, migrations.
# Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.fremdrift-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "== Installing Fremdrift and its dependencies"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi
if [ ! -f .env ]; then
  echo "== Writing .env for local work (development, DEBUG on, a fresh SECRET_KEY)"
  key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$key|" -e "s|^DEBUG=.*|DEBUG=true|" \
      -e "s|^FREMDRIFT_ENV=.*|FREMDRIFT_ENV=development|" .env.example > .env
elif ! grep -q '^FREMDRIFT_ENV=' .env; then
  # A .env from before FREMDRIFT_ENV: it was written for local work, so mark it as such
  # (only development runs read it; production refuses DEBUG).
  echo "== Marking .env as development (FREMDRIFT_ENV=development)"
  printf '\n# Only development runs read this file (see .env.example).\nFREMDRIFT_ENV=development\n' >> .env
fi
mkdir -p var
echo "== Migrating the database"
.venv/bin/fremdrift migrate --no-input -v 0
