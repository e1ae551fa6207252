#!/usr/bin/env bash
# Approvals → issued certificates per second through the API: the Release server in one process on a
# fresh database (SQLite by default; `postgres <connection string>` for PostgreSQL), the load driver
# (bench: approvals) in another. Usage: bench/approve-load.sh [sqlite | postgres [CONN]] [reviewers] [applications] [seconds]
# `postgres` without a connection string starts a throwaway PostgreSQL cluster on 127.0.0.1:5433 (as root, like CI).
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
conn=""
if [ "$provider" = postgres ] && [[ "${2:-}" == *=* ]]; then conn=$2; shift 2; else shift || true; fi
reviewers=${1:-16}
applications=${2:-4000}
seconds=${3:-20}
port=5092
work=$(mktemp -d)
dotnet build -c Release src/OneWindow.Server -v q -nologo >/dev/null
dotnet build -c Release bench/OneWindow.Benchmarks -v q -nologo >/dev/null
pg=""
if [ "$provider" = postgres ] && [ -z "$conn" ]; then
  # A throwaway cluster with default settings (fsync and synchronous_commit on), owned by the postgres user.
  pg=$(mktemp -d); chown postgres "$pg"
  bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
  runuser -u postgres -- "$bin/initdb" -D "$pg/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-p 5433 -k $pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  conn="Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres"
fi
if [ "$provider" = postgres ]; then
  export Storage__Provider=postgres ConnectionStrings__OneWindow="$conn"
else
  export ConnectionStrings__OneWindow="Data Source=$work/bench.db"
fi
Keys__MasterKeyFile="$work/master.key" Logging__LogLevel__Default=Warning SignIn__FailuresPerClient=100000 \
  dotnet src/OneWindow.Server/bin/Release/net10.0/OneWindow.Server.dll --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/OneWindow.Server" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; if [ -n "$pg" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null; rm -rf "$pg"; fi; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll approvals --url "http://127.0.0.1:$port" \
  --reviewers "$reviewers" --applications "$applications" --seconds "$seconds"
echo "server log: $(wc -c <"$work/server.log") bytes"
