#!/usr/bin/env bash
# Pre-fill of the newborn form through the API: preview latency, agreed pre-fill latency (consent + five granted reads), and agreed pre-fills per second: the
# Release server in one process on a fresh database with the demo data, the load driver (bench: prefill) in another.
# Usage: bench/prefill-load.sh [sqlite | postgres [CONN]] [sessions] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll prefill --url "$BENCH_URL" --clients "$0" --seconds "$1"' \
  "${1:-16}" "${2:-15}"
