#!/bin/sh
# The engine against other simulators on one model: machine repair
# (M/M/c//N), the same parameters in each, RUNS runs each (default 3),
# alternating; prints events per second (median) and the ratio to w2t.
# Peers from Debian 12: SimPy 2 (python3-simpy), ns-3 3.37 (libns3-dev,
# simulator core, default MapScheduler) and SimGrid 3.32 (libsimgrid-dev,
# S4U actors). The C++ peers are compiled here (g++ -O2, CXX to override);
# a peer whose headers are missing is skipped. Each run simulates its own
# number of hours (about 1-5 s each but w2t); the rate is per event.
#   bench/peers/compare.sh [RUNS]          (W2T_MR=build/release/w2t_machine_repair)
set -eu
runs=${1:-3}
w2t=${W2T_MR:-build/release/w2t_machine_repair}
cxx=${CXX:-g++}
here=$(dirname "$0")
# 1,000 machines, 50 crews, failures every 100 h, repairs in 5 h: about 20 events an hour.
args_w2t="1000 50 0.01 0.2 2000000 1 calendar" # ~40 M events (~2 s), on the calendar queue
args_simpy="1000 50 0.01 0.2 20000 1"    # ~0.4 M events: SimPy is slow
args_ns3="1000 50 0.01 0.2 400000 1"     # ~8 M events
args_simgrid="1000 50 0.01 0.2 100000 1" # ~2 M events: a context switch per event
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# peer NAME HEADER PACKAGE LIBS: compiles machine_repair_NAME.cpp to $tmp/NAME.
peer() {
  if echo "#include <$2>" | "$cxx" -E -x c++ - >/dev/null 2>&1; then
    "$cxx" -O2 -o "$tmp/$1" "$here/machine_repair_$1.cpp" "$4"
  else
    echo "skipping $1: <$2> not found (apt-get install $3)"
  fi
}
peer ns3 ns3/core-module.h libns3-dev -lns3-core
peer simgrid simgrid/s4u.hpp libsimgrid-dev -lsimgrid
rate() { awk '{printf "%.0f\n", $1 / $2}'; }
for _ in $(seq "$runs"); do
  "$w2t" $args_w2t | rate >>"$tmp/w2t"
  /usr/bin/python3 "$here/machine_repair_simpy.py" $args_simpy | rate >>"$tmp/simpy"
  [ ! -x "$tmp/ns3" ] || "$tmp/ns3" $args_ns3 | rate >>"$tmp/ns3.rate"
  [ ! -x "$tmp/simgrid" ] || "$tmp/simgrid" $args_simgrid | rate >>"$tmp/simgrid.rate"
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ratio() { awk -v w="$w" -v p="$2" -v t="$1" -v g="$3" 'BEGIN {printf "  w2t / %-11s %.1fx%s\n", t, w / p, g}'; }
w=$(median "$tmp/w2t")
s=$(median "$tmp/simpy")
echo "machine repair, median of $runs runs ($(nproc) cores):"
echo "  w2t (calendar)    $w events/s"
echo "  SimPy 2           $s events/s"
[ ! -s "$tmp/ns3.rate" ] || echo "  ns-3 (map)        $(median "$tmp/ns3.rate") events/s"
[ ! -s "$tmp/simgrid.rate" ] || echo "  SimGrid (S4U)     $(median "$tmp/simgrid.rate") events/s"
ratio SimPy "$s" " (goal >= 100x)"
[ ! -s "$tmp/ns3.rate" ] || ratio ns-3 "$(median "$tmp/ns3.rate")" " (goal >= 5x)"
[ ! -s "$tmp/simgrid.rate" ] || ratio SimGrid "$(median "$tmp/simgrid.rate")" ""
