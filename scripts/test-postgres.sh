#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the test suite and print its URL.
# Runs the server as the unprivileged "postgres" user (PostgreSQL refuses to run as root).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
port=${MEDIATAP_TEST_PG_PORT:-54329}
datadir=${MEDIATAP_TEST_PG_DIR:-/tmp/mediatap-test-pg}
run_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! run_as "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
  if [ ! -f "$datadir/PG_VERSION" ]; then
    mkdir -p "$datadir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$datadir"
    run_as "$bindir/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  run_as "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c full_page_writes=off" start >/dev/null
fi
psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='mediatap_test'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE mediatap_test" >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$port/mediatap_test"
