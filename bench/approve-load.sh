#!/usr/bin/env bash
# Approvals → issued certificates per second through the API: the Release server in one process on a
# fresh database (SQLite by default; `postgres <connection string>` for PostgreSQL), the load driver
# (bench: approvals) in another. Usage: bench/approve-load.sh [sqlite|postgres CONN] [reviewers] [applications] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
if [ "$provider" = postgres ]; then conn=$2; shift 2; else conn=""; shift || true; fi
reviewers=${1:-16}
applications=${2:-4000}
seconds=${3:-20}
port=5092
work=$(mktemp -d)
dotnet build -c Release src/OneWindow.Server -v q -nologo >/dev/null
dotnet build -c Release bench/OneWindow.Benchmarks -v q -nologo >/dev/null
if [ "$provider" = postgres ]; then
  export Storage__Provider=postgres ConnectionStrings__OneWindow="$conn"
else
  export ConnectionStrings__OneWindow="Data Source=$work/bench.db"
fi
Keys__MasterKeyFile="$work/master.key" Logging__LogLevel__Default=Warning SignIn__FailuresPerClient=100000 \
  dotnet src/OneWindow.Server/bin/Release/net10.0/OneWindow.Server.dll --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/OneWindow.Server" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll approvals --url "http://127.0.0.1:$port" \
  --reviewers "$reviewers" --applications "$applications" --seconds "$seconds"
echo "server log: $(wc -c <"$work/server.log") bytes"
