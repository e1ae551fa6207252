#!/usr/bin/env bash
# Runs a command against the Release server on a fresh database, then stops everything.
# Usage: bench/with-server.sh [sqlite | postgres [CONN]] -- command args...
# The command sees BENCH_URL, BENCH_PROVIDER, BENCH_DB (the connection string) and BENCH_SERVER_PID. `postgres` without a
# connection string starts a throwaway PostgreSQL cluster on 127.0.0.1:5433 (as root, like CI), with
# default durability settings; PG_OPTIONS adds server settings (e.g. "-c log_min_duration_statement=5", the log is then
# copied to /tmp/bench-postgres.log); SERVER_ENV sets variables for the server process alone (e.g. "DOTNET_gcServer=0").
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
shift || true
conn=""
if [ "$provider" = postgres ] && [ "${1:-}" != "--" ] && [[ "${1:-}" == *=* ]]; then conn=$1; shift; fi
[ "${1:-}" = "--" ] && shift
port=5092
work=$(mktemp -d)
dotnet build -c Release src/OneWindow.Server -v q -nologo >/dev/null
dotnet build -c Release bench/OneWindow.Benchmarks -v q -nologo >/dev/null
pg=""
if [ "$provider" = postgres ] && [ -z "$conn" ]; then
  pg=$(mktemp -d); chown postgres "$pg"
  bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
  runuser -u postgres -- "$bin/initdb" -D "$pg/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-p 5433 -k $pg -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null
  conn="Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres"
fi
if [ "$provider" = postgres ]; then
  export Storage__Provider=postgres ConnectionStrings__OneWindow="$conn"
else
  export ConnectionStrings__OneWindow="Data Source=$work/bench.db"
fi
env ${SERVER_ENV:-} Keys__MasterKeyFile="$work/master.key" Materials__Path="$work/materials" Logging__LogLevel__Default=${BENCH_LOG_LEVEL:-Warning} SignIn__FailuresPerClient=100000 \
  dotnet src/OneWindow.Server/bin/Release/net10.0/OneWindow.Server.dll --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/OneWindow.Server" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; if [ -n "$pg" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null; rm -rf "$pg"; fi; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
BENCH_URL="http://127.0.0.1:$port" BENCH_SERVER_PID=$server BENCH_PROVIDER="$provider" BENCH_DB="$ConnectionStrings__OneWindow" BENCH_LOG="$work/server.log" "$@"
echo "server log: $(wc -c <"$work/server.log") bytes"; if [ -n "$pg" ] && [ -n "${PG_OPTIONS:-}" ]; then cp "$pg/log" /tmp/bench-postgres.log; fi
