#!/usr/bin/env bash
# Regenerates cmd/pkgctl/default.pgo: the CPU profile that `go build` (and go run, go
# install, goreleaser) uses for profile-guided optimization of pkgctl. It merges the
# profiles of the benchmarks of the hot paths: reading usage, the replay, deduct's and
# amortize's CSV, amortization. Run it after changes to those paths (a stale profile
# still helps; a missing one only costs the gain, about 4 %, docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f /tmp/bench/usage.csv ]; then # the benchmarks' data set (internal/testkit/benchdata)
  go run ./cmd/pkgctl sample generate --packages 10000 --records 1000000 --seed 1 /tmp/bench --quiet
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bench() { # package, benchmarks, -benchtime
  go test -run '^$' -bench "$2" -benchtime "$3" -cpuprofile "$dir/$(basename "$1").prof" -o "$dir/$(basename "$1").test" "$1" >/dev/null
}
bench ./internal/load 'UsageCSV$' 30x
bench ./internal/replay 'RunGenerated' 5x
bench ./internal/cli 'DeductCSV|BillsCSV' 4x
bench ./internal/amortize 'RunGenerated' 20x
go tool pprof -proto "$dir"/*.prof > cmd/pkgctl/default.pgo
echo "wrote cmd/pkgctl/default.pgo ($(wc -c < cmd/pkgctl/default.pgo) bytes)"
