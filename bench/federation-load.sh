#!/usr/bin/env bash
# 跨省通办 round trips and forwards per second between two Release servers, each in its own process with its own
# SQLite database (A: region 45 on port 5093, B: region 13 on port 5094), the load driver in a third.
# Usage: bench/federation-load.sh [cases] [parallel] [burst]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/OneWindow.Server -v q -nologo >/dev/null
dotnet build -c Release bench/OneWindow.Benchmarks -v q -nologo >/dev/null
work=$(mktemp -d)
start() { # region port peer-region peer-port
  env ConnectionStrings__OneWindow="Data Source=$work/$1.db" Keys__MasterKeyFile="$work/$1.key" Materials__Path="$work/$1-materials" \
    Logging__LogLevel__Default=${BENCH_LOG_LEVEL:-Warning} SignIn__FailuresPerClient=100000 \
    Federation__Region="$1" Federation__Peers__0__Region="$3" Federation__Peers__0__BaseUrl="http://127.0.0.1:$4/" Federation__AllowLoopbackHttp=true \
    dotnet src/OneWindow.Server/bin/Release/net10.0/OneWindow.Server.dll --urls "http://127.0.0.1:$2" --contentRoot "$PWD/src/OneWindow.Server" >"$work/$1.log" 2>&1 &
}
start 13 5094 45 5093; b=$!
start 45 5093 13 5094; a=$!
trap 'kill $a $b 2>/dev/null; wait $a $b 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf http://127.0.0.1:5093/healthz >/dev/null && curl -sf http://127.0.0.1:5094/healthz >/dev/null; do sleep 0.2; done
dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll federation --a http://127.0.0.1:5093 --b http://127.0.0.1:5094 \
  --cases "${1:-100}" --parallel "${2:-4}" --burst "${3:-1000}"
echo "server logs: A $(wc -c <"$work/45.log") bytes, B $(wc -c <"$work/13.log") bytes"
