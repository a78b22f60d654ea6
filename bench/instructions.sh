#!/bin/sh
# Instructions executed per supply-chain evaluation, counted by Valgrind's
# callgrind: unlike timings on a shared machine, the count does not drift
# from run to run, so it shows what a change to the model costs.
#   bench/instructions.sh build/release/w2t_bench_model [other/w2t_bench_model]
set -eu
command -v valgrind >/dev/null || { echo "instructions.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for binary in "$@"; do
  valgrind --tool=callgrind --callgrind-out-file="$out" '--toggle-collect=w2t::supply::Chain::evaluate*' \
    "$binary" --benchmark_filter=BM_EvaluateSupplyChain --benchmark_min_time=0.02 >/dev/null 2>&1
  # Calls to evaluate are the "calls=" lines after a "cfn=" naming it (a name
  # is given once, on a fn= or cfn= line, and then referred to by number);
  # the total counts only what ran inside it.
  awk -v b="$binary" '
    /^c?fn=\([0-9]+\) / && index($0, "Chain::evaluate") { id = $0; sub(/^c?fn=/, "", id); sub(/ .*/, "", id); evaluate[id] = 1 }
    /^cfn=/ { id = $0; sub(/^cfn=/, "", id); sub(/ .*/, "", id); into = (id in evaluate) }
    /^calls=/ && into { split($0, c, /[= ]/); calls += c[2] }
    /^totals:|^summary:/ { total = $2 }
    END { if (calls == 0) { print b ": no evaluation counted" > "/dev/stderr"; exit 2 }
          printf "%s: %.0f instructions per evaluation (%d evaluations)\n", b, total / calls, calls }
  ' "$out"
done
