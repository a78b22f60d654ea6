#!/usr/bin/env bash
# The dashboard and the HTML report in Debian's Chromium (web/tests/browser.mjs,
# playwright-core): `w2t serve` on a free loopback port with an access token
# required, its store holding copies of a real run whose names are HTML and
# script (shown as text, never run), a report written by `w2t mc --report` and
# one by `w2t ops --report`. Screenshots go to the build folder's test-results/.
#   tests/browser_test.sh PATH/TO/w2t SCREENSHOT_DIR
set -u
w2t=$(realpath "${1:?usage: browser_test.sh PATH/TO/w2t SCREENSHOT_DIR}")
shots=$(realpath -m "${2:?usage: browser_test.sh PATH/TO/w2t SCREENSHOT_DIR}")
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing (apt-get install chromium)"; exit 1; }
[ -d web/node_modules/playwright-core ] || { echo "FAIL: web/node_modules is missing (make web)"; exit 1; }
command -v curl >/dev/null || { echo "FAIL: curl is missing (apt-get install curl)"; exit 1; }
dir=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
"$w2t" mc --samples 100 --quiet --no-store --report "$dir/report.html" >/dev/null || { echo "FAIL: mc --report"; exit 1; }
"$w2t" ops --days 20 --replications 2 --serving-replicas 1 --quiet --no-store --report "$dir/ops.html" >/dev/null ||
  { echo "FAIL: ops --report"; exit 1; }

# The store: one real run, then copies of it (every table's rows, a new id)
# whose scenario id, scenario name and command are hostile, each with one more
# parameter named like that, so that comparing it shows the name too. What was
# planted goes to hostile.json for browser.mjs.
"$w2t" run --db "$dir/runs.db" >/dev/null || { echo "FAIL: w2t run into the store"; exit 1; }
payloads=(
  '<img src=x onerror="window.__w2t_pwned=1">'
  '<script>window.__w2t_pwned=1</script>'
  '"><svg onload=window.__w2t_pwned=1>'
  'javascript:window.__w2t_pwned=1'
)
/usr/bin/python3 -c '
import json, re, sqlite3, sys

db, out, payloads = sys.argv[1], sys.argv[2], sys.argv[3:]
con = sqlite3.connect(db)
con.execute("PRAGMA foreign_keys = ON")

def columns(table):
    return [r[1] for r in con.execute("PRAGMA table_info(\"%s\")" % table)]

source = con.execute("SELECT max(id) FROM runs").fetchone()[0]
if source is None:
    sys.exit("w2t run kept no run in the store")
run_columns = [c for c in columns("runs") if c != "id"]
run = dict(zip(run_columns, con.execute(
    "SELECT %s FROM runs WHERE id = ?" % ", ".join(run_columns), (source,)).fetchone()))
# Every other table that holds rows of a run, by its run_id column.
tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = \"table\"")
          if t != "runs" and "run_id" in columns(t)]

def renamed(scenario, name):
    # The scenario file as kept: its scenario: and title: lines say the name (YAML takes JSON strings).
    quoted = json.dumps(name)
    for key in ("scenario", "title"):
        line = re.compile("^%s:.*$" % key, re.M)
        if line.search(scenario):
            scenario = line.sub(lambda m: "%s: %s" % (key, quoted), scenario, count=1)
        else:
            scenario = "%s: %s\n%s" % (key, quoted, scenario)
    return scenario

ids = []
with con:
    for p in payloads:
        row = dict(run)
        row["scenario_id"] = p
        row["command"] = "w2t run " + p
        row["scenario"] = renamed(row["scenario"], p)
        try:
            result = json.loads(row["result"])
        except ValueError:
            result = None
        if isinstance(result, dict) and "scenario" in result:
            if isinstance(result["scenario"], dict):
                result["scenario"].update({"id": p, "title": p})
            else:
                result["scenario"] = p
            row["result"] = json.dumps(result)
        new = con.execute("INSERT INTO runs (%s) VALUES (%s)" % (", ".join(run_columns), ", ".join("?" * len(run_columns))),
                          [row[c] for c in run_columns]).lastrowid
        for t in tables:
            rest = ", ".join("\"%s\"" % c for c in columns(t) if c != "run_id")
            con.execute("INSERT INTO \"%s\" (run_id, %s) SELECT ?, %s FROM \"%s\" WHERE run_id = ?" % (t, rest, rest, t),
                        (new, source))
        con.execute("INSERT INTO parameters (run_id, path, value, unit) VALUES (?, ?, 1, ?)", (new, p, p))
        ids.append(new)
copied = con.execute("SELECT count(*) FROM timeline WHERE run_id = ?", (ids[0],)).fetchone()[0]
original = con.execute("SELECT count(*) FROM timeline WHERE run_id = ?", (source,)).fetchone()[0]
if copied != original or original == 0:
    sys.exit("the copies do not hold the run: %d timeline rows of %d" % (copied, original))
con.close()
json.dump({"source": source, "runs": ids, "payloads": payloads}, open(out, "w"))
' "$dir/runs.db" "$dir/hostile.json" "${payloads[@]}" || { echo "FAIL: planting hostile runs in the store"; exit 1; }

# The access token: 32 hex characters in a file only we can read.
head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/token"
chmod 600 "$dir/token"
token=$(cat "$dir/token")
[ ${#token} -eq 32 ] || { echo "FAIL: no token written ($token)"; exit 1; }

"$w2t" serve --port 0 --db "$dir/runs.db" --token-file "$dir/token" --require-token 2>"$dir/serve.log" &
server=$!
port=
for _ in $(seq 100); do
  port=$(grep -o '127\.0\.0\.1:[0-9]*' "$dir/serve.log" | head -1 | cut -d: -f2)
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "$port" ] || { echo "FAIL: w2t serve did not start"; cat "$dir/serve.log"; exit 1; }
base="http://127.0.0.1:$port"

# The token over plain HTTP, before the browser: required by the API, not by health.
failed=0
expect() {  # expect WHAT STATUS CURL-ARGS...
  local what=$1 want=$2 got
  shift 2
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@")
  if [ "$got" = "$want" ]; then echo "ok: $what ($got)"; else echo "FAIL: $what: $got, not $want"; failed=$((failed + 1)); fi
}
grep -q "#token=$token" "$dir/serve.log" && echo "ok: w2t serve prints the address with its token" ||
  { echo "FAIL: w2t serve does not print #token=TOKEN"; failed=$((failed + 1)); }
expect "GET /api/runs without the token is refused" 401 "$base/api/runs"
expect "GET /api/runs with a wrong token is refused" 401 -H "Authorization: Bearer ${token%?}x" "$base/api/runs"
expect "GET /api/runs with the token answers" 200 -H "Authorization: Bearer $token" "$base/api/runs"
expect "GET /api/health needs no token" 200 "$base/api/health"
expect "a POST that is not JSON is refused" 415 -H "Authorization: Bearer $token" -H "Content-Type: text/plain" \
  --data '{}' "$base/api/run"
if curl -s -D - -o /dev/null --max-time 30 "$base/" | grep -qi '^content-security-policy:.*default-src'; then
  echo "ok: the dashboard page is sent with a Content-Security-Policy"
else
  echo "FAIL: the dashboard page has no Content-Security-Policy header"
  failed=$((failed + 1))
fi

(cd web && W2T_URL="$base/#token=$token" W2T_TOKEN="$token" W2T_HOSTILE="$dir/hostile.json" \
  W2T_REPORT="$dir/report.html" W2T_OPS_REPORT="$dir/ops.html" W2T_SHOTS="$shots" node tests/browser.mjs) || failed=$((failed + 1))
[ "$failed" -eq 0 ]
