#!/bin/sh
# Monte Carlo wall time and parallel efficiency on 1 and 2 threads and on 1
# and 2 MPI ranks, measured in the same run: each configuration RUNS times
# (default 3), alternating, and the median reported. Peak memory from GNU time.
#   bench/scaling.sh [SAMPLES] [RUNS]        (default 20000 samples, 3 runs)
set -eu
w2t=${W2T:-build/release/w2t}
samples=${1:-20000}
runs=${2:-3}
mpi="mpirun --allow-run-as-root --oversubscribe"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() {  # measure NAME THREADS [LAUNCHER...]: appends "seconds kilobytes" to $tmp/NAME
  name=$1; threads=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$tmp/one" "$@" "$w2t" mc --samples "$samples" --threads "$threads" \
    --format json --quiet >"$tmp/$name.json"
  cat "$tmp/one" >>"$tmp/$name"
}
for _ in $(seq "$runs"); do
  measure threads1 1
  measure threads2 2
  measure ranks1 1 $mpi -np 1
  measure ranks2 1 $mpi -np 2
done
median() { sort -n "$tmp/$1" | awk -v c="$2" '{v[NR] = $c} END {print v[int((NR + 1) / 2)]}'; }
echo "$samples samples, median of $runs runs ($(nproc) cores, $(uname -m))"
for name in threads1 threads2 ranks1 ranks2; do
  printf "  %-9s %6s s  %7s MB peak\n" "$name" "$(median $name 1)" "$(($(median $name 2) / 1024))"
done
for pair in "threads1 threads2" "ranks1 ranks2"; do
  set -- $pair
  awk -v a="$(median "$1" 1)" -v b="$(median "$2" 1)" -v n="$1 -> $2" \
    'BEGIN {printf "  efficiency %s: %.0f%% (speed-up %.2f)\n", n, 100 * a / (2 * b), a / b}'
done
for name in threads2 ranks1 ranks2; do
  cmp -s "$tmp/threads1.json" "$tmp/$name.json" && echo "  $name: same JSON as threads1" ||
    echo "  $name: JSON DIFFERS from threads1"
done
