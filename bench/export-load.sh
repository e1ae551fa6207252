#!/usr/bin/env bash
# 运行监管's case export at 10,000, 100,000 and 1,000,000 rows (CSV and Excel through the API), with the server's memory.
# Usage: bench/export-load.sh [sqlite | postgres] [sizes, comma-separated]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
exec bench/with-server.sh "$provider" -- sh -c "dotnet bench/OneWindow.Benchmarks/bin/Release/net10.0/OneWindow.Benchmarks.dll export --sizes ${2:-10000,100000,1000000}"
