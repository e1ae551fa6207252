#!/usr/bin/env bash
# Change events of shared data to five subscribers' systems: the Release server in one process on a fresh database
# with the demo data, the driver (bench: changes) with the five loopback receivers in another.
# Usage: bench/change-load.sh [sqlite | postgres [CONN]] [writers] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
# The department systems listen on loopback over plain HTTP.
export Webhooks__AllowLoopbackHttp=true
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll changes --url "$BENCH_URL" --writers "$0" --seconds "$1"' \
  "${1:-8}" "${2:-10}"
