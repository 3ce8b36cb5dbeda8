#!/usr/bin/env bash
# Parquet and FOCUS output timings of docs/performance.md. Usage:
#   .ci/bench/parquet-bench.sh [DATA_DIR]   (default /work/data/gen-10k-1m: packages.csv, usage.csv)
# Times, in ROUNDS (default 3) interleaved rounds, best kept per step:
#   amortize -f focus -o x.csv, amortize -f focus -o x.parquet,
#   amortize -o bills.csv / bills.parquet, deduct -o ledger.csv / ledger.parquet,
# and prints seconds, peak RSS (GNU time) and output size. BASE=path/to/pkgctl adds that
# binary's amortize -f focus -o x.csv to each round (a before/after comparison).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-/work/data/gen-10k-1m}
out=${BENCH_DIR:-/tmp/pkgctl-parquet-bench}
mkdir -p "$out"
bin=$out/pkgctl
go build -o "$bin" ./cmd/pkgctl
in=(--packages "$data/packages.csv" --usage "$data/usage.csv" --as-of 2030-01-01 --quiet)
steps=("focus.csv|$bin amortize -f focus --billing-account-id 1 -o $out/focus.csv"
  "focus.parquet|$bin amortize -f focus --billing-account-id 1 -o $out/focus.parquet"
  "bills.csv|$bin amortize -o $out/bills.csv"
  "bills.parquet|$bin amortize -o $out/bills.parquet"
  "ledger.csv|$bin deduct -o $out/ledger.csv"
  "ledger.parquet|$bin deduct -o $out/ledger.parquet")
[ -z "${BASE:-}" ] || steps=("base-focus.csv|$BASE amortize -f focus --billing-account-id 1 -o $out/base-focus.csv" "${steps[@]}")
declare -A best
for _ in $(seq "${ROUNDS:-3}"); do
  for s in "${steps[@]}"; do
    name=${s%%|*} cmd=${s#*|}
    # shellcheck disable=SC2086
    (ulimit -v 8000000; /usr/bin/time -f "%e %M" -o "$out/time.txt" $cmd "${in[@]}" >/dev/null)
    t=$(awk '{ printf "%.2f %d", $1, $2/1024 }' "$out/time.txt")
    if [ -z "${best[$name]:-}" ] || awk -v a="${t% *}" -v b="${best[$name]% *}" 'BEGIN{exit !(a<b)}'; then best[$name]=$t; fi
  done
done
printf "%-16s %8s %9s %12s\n" output seconds "peak MB" bytes
for s in "${steps[@]}"; do
  name=${s%%|*} f=$out/$name
  printf "%-16s %8s %9s %12s\n" "$name" "${best[$name]% *}" "${best[$name]#* }" "$(stat -c %s "$f")"
done
