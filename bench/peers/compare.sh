#!/bin/sh
# The engine against other simulators on one model: machine repair
# (M/M/c//N), the same parameters in each, RUNS runs each (default 3),
# alternating; prints events per second (median) and the ratio to w2t.
# Peers from Debian: SimPy 2 (python3-simpy). ns-3 (libns3-dev) and SimGrid
# (libsimgrid-dev) are to follow.
#   bench/peers/compare.sh [RUNS]          (W2T_MR=build/release/w2t_machine_repair)
set -eu
runs=${1:-3}
w2t=${W2T_MR:-build/release/w2t_machine_repair}
here=$(dirname "$0")
# 1,000 machines, 50 crews, failures every 100 h, repairs in 5 h: about 20 events an hour.
args_w2t="1000 50 0.01 0.2 200000 1"     # ~4 M events
args_simpy="1000 50 0.01 0.2 20000 1"    # ~0.4 M events: SimPy is slow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for _ in $(seq "$runs"); do
  "$w2t" $args_w2t | awk '{printf "%.0f\n", $1 / $2}' >>"$tmp/w2t"
  /usr/bin/python3 "$here/machine_repair_simpy.py" $args_simpy | awk '{printf "%.0f\n", $1 / $2}' >>"$tmp/simpy"
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
w=$(median "$tmp/w2t")
s=$(median "$tmp/simpy")
echo "machine repair, median of $runs runs ($(nproc) cores):"
echo "  w2t (4-ary heap)  $w events/s"
echo "  SimPy 2           $s events/s"
awk -v w="$w" -v s="$s" 'BEGIN {printf "  w2t / SimPy       %.0fx (goal >= 100x)\n", w / s}'
