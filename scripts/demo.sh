#!/usr/bin/env bash
# Set everything up and run the demo on http://127.0.0.1:8000 (demo logins are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/fremdrift demo "$@"
