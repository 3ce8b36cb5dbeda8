#!/usr/bin/env bash
# End-to-end benchmark of kpi and forecast (docs/performance.md, "Current figures").
# Usage: .ci/bench/bench-finops.sh [RECORDS] [PACKAGES]
# Times, in ROUNDS (default 5) interleaved rounds, pkgctl deduct, amortize, amortize
# --by month (the same work with a small output, like kpi's), kpi and forecast, each
# writing CSV, on the same data as of AS_OF (default 2025-06-30, inside the generated
# validity, so that the forecast has active packages), and prints for each the best
# wall time, the best CPU time (user + system: steadier than wall time on a shared
# machine), its peak RSS (GNU time), the output's size and the wall and CPU ratios to
# deduct and amortize, then every round's wall times. BENCH_DIR holds (or receives) the generated data;
# outputs go to a temporary folder, never into BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000}
packages=${2:-10000}
dir=${BENCH_DIR:-/tmp/pkgctl-bench-$records}
asof=${AS_OF:-2025-06-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/pkgctl
go build -o "$bin" ./cmd/pkgctl
if [ ! -f "$dir/usage.csv" ]; then
  "$bin" sample generate --packages "$packages" --records "$records" --seed 1 "$dir" --quiet
fi
steps="deduct amortize amortize-by kpi forecast"
declare -A best cpu rss size all
for _ in $(seq "${ROUNDS:-5}"); do
  for s in $steps; do
    cmd=$s extra=""
    [ "$s" != amortize-by ] || cmd=amortize extra="--by month"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M %U %S" -o "$tmp/time.txt" "$bin" "$cmd" $extra --packages "$dir/packages.csv" \
      --usage "$dir/usage.csv" --as-of "$asof" -f csv -o "$tmp/$s.csv" --quiet >/dev/null || [ "$?" = 1 ]
    read -r secs kb user sys <"$tmp/time.txt"
    all[$s]="${all[$s]:-} $secs"
    c=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
    if [ -z "${cpu[$s]:-}" ] || awk -v a="$c" -v b="${cpu[$s]}" 'BEGIN{exit !(a<b)}'; then cpu[$s]=$c; fi
    if [ -z "${best[$s]:-}" ] || awk -v a="$secs" -v b="${best[$s]}" 'BEGIN{exit !(a<b)}'; then
      best[$s]=$secs rss[$s]=$((kb / 1024))
    fi
    size[$s]=$(du -k "$tmp/$s.csv" | cut -f1)
  done
done
echo "records=$records packages=$packages as-of=$asof rounds=${ROUNDS:-5}"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
printf "%-11s %6s %6s %8s %10s %13s %15s\n" step wall cpu peak_MB output_KB "x_deduct w/c" "x_amortize w/c"
for s in $steps; do
  printf "%-11s %6s %6s %8s %10s %13s %15s\n" "$s" "${best[$s]}" "${cpu[$s]}" "${rss[$s]}" "${size[$s]}" \
    "$(ratio "${best[$s]}" "${best[deduct]}")/$(ratio "${cpu[$s]}" "${cpu[deduct]}")" \
    "$(ratio "${best[$s]}" "${best[amortize]}")/$(ratio "${cpu[$s]}" "${cpu[amortize]}")"
done
for s in $steps; do echo "rounds $s:${all[$s]}"; done
