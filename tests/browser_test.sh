#!/usr/bin/env bash
# The dashboard and the HTML report in Debian's Chromium (web/tests/browser.mjs,
# playwright-core): `w2t serve` on a free loopback port, a report written by
# `w2t mc --report` and one by `w2t ops --report`. Screenshots go to the build folder's test-results/.
#   tests/browser_test.sh PATH/TO/w2t SCREENSHOT_DIR
set -u
w2t=$(realpath "${1:?usage: browser_test.sh PATH/TO/w2t SCREENSHOT_DIR}")
shots=$(realpath -m "${2:?usage: browser_test.sh PATH/TO/w2t SCREENSHOT_DIR}")
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing (apt-get install chromium)"; exit 1; }
[ -d web/node_modules/playwright-core ] || { echo "FAIL: web/node_modules is missing (make web)"; exit 1; }
dir=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
"$w2t" mc --samples 100 --quiet --no-store --report "$dir/report.html" >/dev/null || { echo "FAIL: mc --report"; exit 1; }
"$w2t" ops --days 20 --replications 2 --serving-replicas 1 --quiet --no-store --report "$dir/ops.html" >/dev/null ||
  { echo "FAIL: ops --report"; exit 1; }
"$w2t" serve --port 0 --db "$dir/runs.db" 2>"$dir/serve.log" &
server=$!
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$dir/serve.log" | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || { echo "FAIL: w2t serve did not start"; cat "$dir/serve.log"; exit 1; }
cd web && W2T_URL="http://127.0.0.1:$port/" W2T_REPORT="$dir/report.html" W2T_OPS_REPORT="$dir/ops.html" W2T_SHOTS="$shots" node tests/browser.mjs
