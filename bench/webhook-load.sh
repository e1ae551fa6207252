#!/usr/bin/env bash
# Webhook deliveries per second to five department endpoints, and delivery latency from the task's commit to the
# department: the Release server in one process on a fresh database, the load driver and the five department
# systems (bench: webhooks) in another.
# Usage: bench/webhook-load.sh [sqlite | postgres [CONN]] [messages] [rate] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}; shift || true
conn=(); if [ "$provider" = postgres ] && [[ "${1:-}" == *=* ]]; then conn=("$1"); shift; fi
# The department systems listen on loopback over plain HTTP.
export Webhooks__AllowLoopbackHttp=true
exec bench/with-server.sh "$provider" "${conn[@]}" -- bash -c 'dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll webhooks --url "$BENCH_URL" --provider "$BENCH_PROVIDER" --db "$BENCH_DB" --messages "$0" --rate "$1" --seconds "$2"' \
  "${1:-20000}" "${2:-100}" "${3:-10}"
