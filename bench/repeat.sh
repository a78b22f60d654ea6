#!/bin/sh
# Runs a supply-model benchmark binary 15 times and prints the minimum and
# median time per evaluation (µs). Pass two binaries to compare builds in one
# run; they alternate, so that the machine's drift affects both alike.
#   bench/repeat.sh build/release/w2t_bench_model [other/w2t_bench_model]
set -eu
summary() {
  "$1" --benchmark_filter=BM_EvaluateSupplyChain --benchmark_repetitions=15 --benchmark_min_time=0.1 \
    --benchmark_report_aggregates_only=false 2>/dev/null |
    awk '/^BM_EvaluateSupplyChain / {print $2}' | sort -n |
    awk -v b="$1" '{t[NR] = $1} END {printf "%s: min %s µs, median %s µs (%d runs)\n", b, t[1], t[int((NR + 1) / 2)], NR}'
}
for round in 1 2; do
  for binary in "$@"; do summary "$binary"; done
done
