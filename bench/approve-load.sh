#!/usr/bin/env bash
# Approvals → issued certificates per second through the API: the Release server in one process on a
# fresh database, the load driver (bench: approvals) in another.
# Usage: bench/approve-load.sh [sqlite | postgres [CONN]] [reviewers] [applications] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll approvals --url "$BENCH_URL" --reviewers "$0" --applications "$1" --seconds "$2"' \
  "${1:-16}" "${2:-4000}" "${3:-20}"
