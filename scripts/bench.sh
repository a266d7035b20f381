#!/usr/bin/env bash
# make bench: the real stack on loopback (PostgreSQL, Redis, gunicorn, a Celery worker),
# a generated dataset of the chosen size in its own database, then the measurements.
#   bash scripts/bench.sh [demo|10x|100x|programme]
# PostgreSQL and Redis are started if needed and LEFT RUNNING (others may use them);
# gunicorn and the worker started here are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

size="${1:-${BENCH_SIZE:-demo}}"
seed="${BENCH_SEED:-1}"
port="${BENCH_PORT:-8105}"
database="${BENCH_DB:-tracekei_bench}"
redis_db="${BENCH_REDIS_DB:-5}"
bin=.venv/bin
out=var/bench
mkdir -p "$out"

case "$size" in
  programme) repeat=20; heavy=3; load=60 ;;
  *) repeat=10; heavy=3; load=10 ;;
esac
repeat="${BENCH_REPEAT:-$repeat}"
load="${BENCH_LOAD_SECONDS:-$load}"

# The dataset replaces whatever the database holds: only ever a benchmark database.
case "$database" in
  *bench*) ;;
  *) echo "BENCH_DB=$database: the benchmark empties its database; use a name with 'bench'" >&2
     exit 2 ;;
esac

eval "$(bash scripts/services.sh start)"
server="${DATABASE_URL%/*}"
psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$database'" | grep -q 1 \
  || psql "$server/postgres" -qc "CREATE DATABASE $database"

# Production mode, as deployed, plus the Server-Timing header and the floor views.
export DATABASE_URL="$server/$database" REDIS_URL="${REDIS_URL%/*}/$redis_db"
export DEBUG=0 SECRET_KEY=bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz
export SERVER_TIMING=1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 ALLOWED_HOSTS=127.0.0.1,localhost
export CELERY_QUEUE=bench API_USER_RATE=100000000/hour API_ANON_RATE=100000000/hour
export LOG_LEVEL=WARNING

echo "bench: size $size, seed $seed, database $database, http://127.0.0.1:$port"
$bin/python manage.py migrate --no-input -v 0
$bin/python manage.py collectstatic --no-input -v 0
$bin/python manage.py generate_dataset --size "$size" --seed "$seed" --replace

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
$bin/gunicorn tracekei.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 300 --no-control-socket \
  >"$out/gunicorn.log" 2>&1 &
pids+=($!)
$bin/celery -A tracekei worker -Q bench --concurrency 1 --loglevel WARNING \
  >"$out/celery.log" 2>&1 &
pids+=($!)

for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null \
  || { echo "gunicorn did not become healthy; see $out/gunicorn.log" >&2; exit 1; }

$bin/python manage.py bench_run --base-url "http://127.0.0.1:$port" --repeat "$repeat" \
  --heavy-repeat "$heavy" --load-seconds "$load" --out "$out"
