#!/usr/bin/env bash
# Page timings and the 50-user load test in one command (see bench/load/README.md):
#
#   bench/load/run.sh            # reuse the prepared database when there is one
#   bench/load/run.sh --fresh    # drop it and prepare it again (demo + 300-initiative plan)
#
# Prepares a PostgreSQL database, starts gunicorn in production mode (DEBUG off) on the
# loopback interface, times the pages for a single user (bench/load/timing.py), runs the
# Locust load test (bench/load/locustfile.py), prints the tables and stops gunicorn.
# gunicorn keeps idle connections for 10 s (--keep-alive), longer than a user's think time:
# with its default of 2 s it closes connections that Locust is about to reuse ("connection
# reset by peer").
# Settings (environment): BENCH_DB (fremdrift_load), PORT (8765), USERS (50), MEASURE (60 s),
# RUNS (3), REPEAT (40), WORKERS (3), THREADS (4), CACHE_URL (redis://127.0.0.1:6379/9;
# empty: each gunicorn worker keeps its own cache in memory), PGHOST/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/../.."

BENCH_DB=${BENCH_DB:-fremdrift_load}
PORT=${PORT:-8765}
USERS=${USERS:-50}
MEASURE=${MEASURE:-60}
RUNS=${RUNS:-3}
REPEAT=${REPEAT:-40}
WORKERS=${WORKERS:-3}
THREADS=${THREADS:-4}
CACHE_URL=${CACHE_URL-redis://127.0.0.1:6379/9}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
BASE=http://127.0.0.1:$PORT
USERS_FILE=var/load-users-$BENCH_DB.json
mkdir -p var

if [ ! -x .venv/bin/locust ]; then
  echo "Locust is missing: .venv/bin/pip install -e '.[test]'" >&2
  exit 1
fi

# Production mode: the local .env (DEBUG on) is never read.
export FREMDRIFT_ENV=production DEBUG=false
export DATABASE_URL="postgres://$PGUSER@$PGHOST:5432/$BENCH_DB"
export SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false
export CSRF_COOKIE_SECURE=false DATABASE_CONN_MAX_AGE=60 API_THROTTLE_RATE=100000/minute
export LOG_LEVEL=ERROR

if [ "${1:-}" = "--fresh" ] || [ ! -f "$USERS_FILE" ] || ! psql -lqt | cut -d'|' -f1 | grep -qw "$BENCH_DB"; then
  echo "== Preparing $BENCH_DB (demo, a plan with 300 initiatives, $USERS users; a few minutes)"
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
  .venv/bin/python bench/load/prepare.py --users "$USERS" --out "$USERS_FILE"
fi

if [ -n "$CACHE_URL" ]; then
  if .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$CACHE_URL" 2>/dev/null; then
    export CACHE_URL
    cache="Redis ($CACHE_URL, emptied)"
  else
    echo "Redis at $CACHE_URL does not answer; each worker caches in its own memory." >&2
    unset CACHE_URL
    cache="in each worker's memory"
  fi
else
  unset CACHE_URL
  cache="in each worker's memory"
fi

echo "== gunicorn on $BASE: $WORKERS workers x $THREADS threads, DEBUG off, PostgreSQL $BENCH_DB, cache $cache"
.venv/bin/gunicorn fremdrift.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --threads "$THREADS" --worker-class gthread --keep-alive 10 > var/gunicorn-bench.log 2>&1 &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/healthz" >/dev/null || { echo "gunicorn did not start (var/gunicorn-bench.log)" >&2; exit 1; }

echo
echo "== Machine"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));" \
  "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; Python $(.venv/bin/python -c 'import platform; print(platform.python_version())');" \
  "$(psql -tAc 'show server_version' "$BENCH_DB" | cut -d' ' -f1 | sed 's/^/PostgreSQL /')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== Single user"
.venv/bin/python bench/load/timing.py --users-file "$USERS_FILE" --base-url "$BASE" \
  --runs "$RUNS" --repeat "$REPEAT" --json var/timing.json
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== $USERS users, 1-3 s think time, measured for $MEASURE s after the last login"
status=0
.venv/bin/locust -f bench/load/locustfile.py --headless --users "$USERS" --spawn-rate 5 \
  --measure "$MEASURE" --run-time "$((MEASURE + 300))s" --host "$BASE" \
  --users-file "$USERS_FILE" --summary-json var/locust.json --only-summary \
  --loglevel WARNING 2> var/locust.log || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
