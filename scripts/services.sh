#!/usr/bin/env bash
# Start (or stop) a private PostgreSQL and Redis on loopback for CI, benchmarks and
# local runs against the production stack. Data lives in /tmp/tracekei-services (outside
# the checkout, which the postgres user may not be allowed to enter).
#   source <(bash scripts/services.sh start)   # prints the DATABASE_URL and REDIS_URL exports
#   bash scripts/services.sh stop
set -euo pipefail

root="${SERVICES_DIR:-/tmp/tracekei-services}"
pg_port="${PG_PORT:-5433}"
redis_port="${REDIS_PORT:-6380}"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as_postgres=()
[ "$(id -u)" -eq 0 ] && run_as_postgres=(runuser -u postgres --)

start() {
  mkdir -p "$root"
  if [ ! -s "$root/pg/PG_VERSION" ]; then
    mkdir -p "$root/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$root" "$root/pg"
    "${run_as_postgres[@]}" "$pg_bin/initdb" -D "$root/pg" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log"
  fi
  if ! "${run_as_postgres[@]}" "$pg_bin/pg_ctl" -D "$root/pg" status >/dev/null 2>&1; then
    "${run_as_postgres[@]}" "$pg_bin/pg_ctl" -D "$root/pg" -l "$root/pg.log" -w start \
      -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
  fi
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc \
    "SELECT 1 FROM pg_roles WHERE rolname='tracekei'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc \
      "CREATE ROLE tracekei LOGIN SUPERUSER PASSWORD 'tracekei'"
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='tracekei'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE tracekei OWNER tracekei"
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" \
      --appendonly no --dir "$root" --logfile "$root/redis.log" --pidfile "$root/redis.pid"
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export DATABASE_URL=postgres://tracekei:tracekei@127.0.0.1:$pg_port/tracekei"
  echo "export REDIS_URL=redis://127.0.0.1:$redis_port/0"
}

stop() {
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  if [ -d "$root/pg" ]; then
    "${run_as_postgres[@]}" "$pg_bin/pg_ctl" -D "$root/pg" -m fast stop >/dev/null 2>&1 || true
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
