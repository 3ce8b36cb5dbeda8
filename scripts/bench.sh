#!/usr/bin/env bash
# End-to-end benchmark of docs/performance.md. Usage: scripts/bench.sh [RECORDS] [PACKAGES]
# Generates deterministic data, then times, in the same run:
#   - plain encoding/csv (ReuseRecord) tokenizing packages.csv + usage.csv (the baseline),
#   - pkgctl deduct -f csv -o FILE and pkgctl amortize -f csv -o FILE,
# and prints each as a multiple of the baseline, with peak RSS (GNU time).
# SKIP_AMORTIZE=1 times tokenize and deduct only (the 10M run).
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
packages=${2:-10000}
dir=${BENCH_DIR:-/tmp/pkgctl-bench-$records}
bin=$(mktemp -d)/pkgctl
go build -o "$bin" ./cmd/pkgctl
go build -o "${bin%/*}/tokenize" ./scripts/tokenize
if [ ! -f "$dir/usage.csv" ]; then
  "$bin" sample generate --packages "$packages" --records "$records" --seed 1 "$dir" --quiet
fi
timeit() { # prints "seconds peak_rss_mb"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null
  awk '{ printf "%.2f %d\n", $1, $2/1024 }' "$dir/time.txt"
}
best() { # best of 3 runs: "seconds rss"
  local b=""
  for _ in 1 2 3; do
    r=$(timeit "$@")
    if [ -z "$b" ] || awk -v a="${r%% *}" -v b="${b%% *}" 'BEGIN{exit !(a<b)}'; then b=$r; fi
  done
  echo "$b"
}
tok=$(best "${bin%/*}/tokenize" "$dir/packages.csv" "$dir/usage.csv")
ded=$(best "$bin" deduct --packages "$dir/packages.csv" --usage "$dir/usage.csv" --as-of 2026-06-01 -f csv -o "$dir/deduct.csv" --quiet)
amo="0 0"
[ -n "${SKIP_AMORTIZE:-}" ] || amo=$(best "$bin" amortize --packages "$dir/packages.csv" --usage "$dir/usage.csv" --as-of 2026-06-01 -f csv -o "$dir/bills.csv" --quiet)
echo "records=$records packages=$packages usage.csv=$(du -m "$dir/usage.csv" | cut -f1) MB"
printf "%-10s %8s %10s %8s\n" step seconds peak_MB ratio
printf "%-10s %8s %10s %8s\n" tokenize "${tok% *}" "${tok#* }" 1.00
for s in "deduct $ded" "amortize $amo"; do
  set -- $s
  printf "%-10s %8s %10s %8s\n" "$1" "$2" "$3" "$(awk -v a="$2" -v b="${tok% *}" 'BEGIN{printf "%.2f", a/b}')"
done
printf "amortize/deduct %s\n" "$(awk -v a="${amo% *}" -v b="${ded% *}" 'BEGIN{printf "%.2f", a/b}')"
