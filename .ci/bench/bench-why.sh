#!/usr/bin/env bash
# End-to-end benchmark of why (docs/performance.md). Usage: .ci/bench/bench-why.sh [RECORDS] [PACKAGES]
# Generates deterministic data (as .ci/bench/bench.sh does; BENCH_DIR reuses a folder holding
# packages.csv and usage.csv), then times in ROUNDS rounds (default 5), one after the other
# in each round so that they share the machine's conditions:
#   - pkgctl deduct -o FILE.csv                    (the reference)
#   - pkgctl why --all -f json -o FILE.json        (every record explained)
#   - pkgctl why > FILE.txt                        (the default: records with a pay-per-use part)
#   - pkgctl why --record ID                       (RECORD, default the second usage row)
# and prints the best of the rounds of each (seconds, CPU seconds, peak RSS from GNU time),
# the output sizes, why --all's time and RSS against deduct's, and every round's pair.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000}
packages=${2:-10000}
dir=${BENCH_DIR:-/tmp/pkgctl-bench-$records}
bin=$(mktemp -d)/pkgctl
go build -o "$bin" ./cmd/pkgctl
if [ ! -f "$dir/usage.csv" ]; then
  mkdir -p "$dir"
  "$bin" sample generate --packages "$packages" --records "$records" --seed 1 "$dir" --quiet
fi
out=${OUT_DIR:-$(mktemp -d)}
record=${RECORD:-$(sed -n 3p "$dir/usage.csv" | cut -d, -f1)}
in=(--packages "$dir/packages.csv" --usage "$dir/usage.csv" --as-of 2026-06-01 --quiet)
timeit() { # runs "$@" (stdout to $stdout), prints "seconds cpu_seconds peak_rss_mb"
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" >"$stdout"
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4/1024 }' "$out/time.txt"
}
better() { # the faster of "$1" and "$2" (the second when the first is empty)
  if [ -z "$1" ] || awk -v a="${2%% *}" -v b="${1%% *}" 'BEGIN{exit !(a<b)}'; then echo "$2"; else echo "$1"; fi
}
ded="" all="" def="" one="" pairs=""
for _ in $(seq "${ROUNDS:-5}"); do
  stdout=/dev/null
  d=$(timeit "$bin" deduct "${in[@]}" -o "$out/deduct.csv")
  a=$(timeit "$bin" why --all "${in[@]}" -f json -o "$out/why-all.json")
  stdout=$out/why.txt
  w=$(timeit "$bin" why "${in[@]}")
  stdout=$out/why-record.txt
  r=$(timeit "$bin" why "${in[@]}" --record "$record")
  ded=$(better "$ded" "$d") all=$(better "$all" "$a") def=$(better "$def" "$w") one=$(better "$one" "$r")
  pairs="$pairs ${d%% *}/${a%% *}"
done
size() { du -m "$1" | cut -f1; }
n=$(($(wc -l <"$dir/usage.csv") - 1))
echo "records=$n packages=$packages record=$record (best of ${ROUNDS:-5} rounds)"
printf "%-26s %8s %8s %8s %10s\n" command seconds cpu peak_MB output_MB
printf "%-26s %8s %8s %8s %10s\n" "deduct -o x.csv" $ded "$(size "$out/deduct.csv")"
printf "%-26s %8s %8s %8s %10s\n" "why --all -f json -o x" $all "$(size "$out/why-all.json")"
printf "%-26s %8s %8s %8s %10s\n" "why (default) > x.txt" $def "$(size "$out/why.txt")"
printf "%-26s %8s %8s %8s %10s\n" "why --record $record" $one "$(size "$out/why-record.txt")"
set -- $ded
dt=$1 drss=$3
set -- $all
echo "why --all: $(awk -v a="$1" -v b="$dt" 'BEGIN{printf "%.2f", a/b}') x deduct's time, $(( $3 - drss )) MB above its peak RSS, $(awk -v s="$(stat -c %s "$out/why-all.json")" -v n="$n" 'BEGIN{printf "%.0f", s/n}') bytes per record"
echo "rounds (deduct/why --all seconds):$pairs"
