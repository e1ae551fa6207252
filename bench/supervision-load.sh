#!/usr/bin/env bash
# 运行监管 at a province's scale: the rollups of N applications (default 10,000,000) and M ratings (1,000,000) written into
# a fresh Release server's database, then every dashboard level measured through the API from this process.
# Usage: bench/supervision-load.sh [sqlite | postgres] [applications] [ratings] [seconds per view]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
exec bench/with-server.sh "$provider" -- sh -c "dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll supervision \
  --applications ${2:-10000000} --ratings ${3:-1000000} --seconds ${4:-15}"
