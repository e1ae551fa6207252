#!/usr/bin/env bash
# Granted shared-data reads per second through the API (each with its data-log row and ledger entry): the
# Release server in one process on a fresh database with the demo data, the load driver (bench: reads) in another.
# Usage: bench/data-read-load.sh [sqlite | postgres [CONN]] [sessions] [seconds] [batch]  (batch > 1: bulk reads of that many subjects per request)
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll reads --url "$BENCH_URL" --clients "$0" --seconds "$1" --batch "$2"' \
  "${1:-16}" "${2:-15}" "${3:-1}"
