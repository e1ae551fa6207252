#!/usr/bin/env bash
# Newborn-bundle submissions per second through the API, and the staff queue's latency with many tasks:
# the Release server in one process on a fresh database, the load driver (bench: cases) in another.
# Usage: bench/cases-load.sh [sqlite | postgres [CONN]] [clients] [seconds] [queue tasks]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll cases --url "$BENCH_URL" --clients "$0" --seconds "$1" --queue-tasks "$2" --provider "$BENCH_PROVIDER" --db "$BENCH_DB"' \
  "${1:-16}" "${2:-15}" "${3:-0}"
