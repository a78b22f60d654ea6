#!/bin/sh
# POST /api/run on the default scenario under load: wrk (Debian) on loopback,
# RUNS runs of SECONDS each (default 3 x 10 s), 8 connections; prints each run
# and the median of requests/s and of the 99th-percentile latency.
#   bench/api.sh [RUNS] [SECONDS]        (W2T=build/release/w2t)
set -eu
w2t=${W2T:-build/release/w2t}
runs=${1:-3}
seconds=${2:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
tmp=$(mktemp -d)
"$w2t" serve --port 0 --db "$tmp/runs.db" ${SERVE_ARGS:-} 2>"$tmp/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
port=
while [ -z "$port" ]; do sleep 0.2; port=$(grep -o '127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | cut -d: -f2 || true); done
cat >"$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
LUA
url="http://127.0.0.1:$port/api/run"
wrk -t1 -c8 -d2s -s "$tmp/post.lua" "$url" >/dev/null  # warm-up: the pool of model copies fills
for i in $(seq "$runs"); do
  wrk -t1 -c8 -d"${seconds}s" --latency -s "$tmp/post.lua" "$url" >"$tmp/run$i"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/run$i")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/run$i")
  echo "run $i: $rps requests/s, p99 $p99"
  echo "$rps" >>"$tmp/rps"
  echo "$p99" | sed 's/ms$//' >>"$tmp/p99"
done
echo "median: $(sort -n "$tmp/rps" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}') requests/s, p99 $(sort -n "$tmp/p99" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}') ms ($(nproc) cores, wrk on the same machine)"
