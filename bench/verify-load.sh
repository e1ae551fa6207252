#!/usr/bin/env bash
# Load test of POST /api/certificates/verify from a separate process (wrk) on loopback.
# Starts the Release server on a fresh SQLite database with demo data, issues one certificate
# through the API, then drives the verify endpoint. Usage: bench/verify-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-32}
port=5091
work=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
dotnet build -c Release src/OneWindow.Server -v q -nologo >/dev/null
ConnectionStrings__OneWindow="Data Source=$work/bench.db" Keys__MasterKeyFile="$work/master.key" Logging__LogLevel__Default=Warning \
  dotnet src/OneWindow.Server/bin/Release/net10.0/OneWindow.Server.dll --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/OneWindow.Server" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
B="http://127.0.0.1:$port"
curl -s -c "$work/r" -X POST "$B/api/auth/login" -H 'content-type: application/json' -d '{"account":"130123198806121238","password":"OneWindow#2026"}' >/dev/null
app=$(curl -s -b "$work/r" -X POST "$B/api/applications" -H 'content-type: application/json' \
  -d '{"itemCode":"CERT-RESIDENCE","divisionCode":"130123100201","fields":{"purpose":"孩子入学","relation":"self","address":"正定镇西关村3组12号","residentSince":"2015-03-01","housingType":"owned"}}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -s -c "$work/v" -X POST "$B/api/auth/login" -H 'content-type: application/json' -d '{"account":"village-reviewer","password":"OneWindow#2026"}' >/dev/null
cert=$(curl -s -b "$work/v" -X POST "$B/api/applications/$app/approve" | sed 's/.*"certificateId":"\([^"]*\)".*/\1/')
curl -s -b "$work/r" "$B/api/certificates/$cert/jwt" >"$work/token"
curl -s -X POST "$B/api/certificates/verify" --data-binary @"$work/token" | head -c 120; echo
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
local f = io.open("$work/token", "r"); wrk.body = f:read("*a"); f:close()
LUA
echo "== warm-up (tiered JIT, connection pools), not counted"
wrk -t2 -c"$connections" -d10s -s "$work/post.lua" "$B/api/certificates/verify?ledger=true" >/dev/null
echo "== default: signature, seal, identifier, dates, revocation"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$B/api/certificates/verify"
echo "== ?ledger=true: also the ledger inclusion proof"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$B/api/certificates/verify?ledger=true"
