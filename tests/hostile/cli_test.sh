#!/usr/bin/env bash
# The command line against hostile input: each case a hostile test found,
# kept shut. Inputs in tests/hostile/inputs/ go through `w2t check` (exit 2
# and the message of their `# expect:` lines); the rest are commands that
# must end within seconds with the exit code and message given here, files
# that must not be replaced and stores that must not say "kept".
#   tests/hostile/cli_test.sh PATH/TO/w2t
set -u
w2t=$(realpath "${1:?usage: cli_test.sh PATH/TO/w2t}")
failed=0
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir" 2>/dev/null; rm -rf "$dir"' EXIT

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# expect CODE TEXT WHAT -- COMMAND...: the command ends within 30 s with exit
# CODE and TEXT in its stderr.
expect() {
  local code=$1 text=$2 what=$3
  shift 4
  local err got
  err=$(timeout 30 "$@" 2>&1 >/dev/null)
  got=$?
  if [ "$got" -ne "$code" ]; then
    fail "$what: exit $got, expected $code"; echo "$err" | head -5 | sed 's/^/    /'
  elif ! grep -qF -- "$text" <<<"$err"; then
    fail "$what: missing '$text' in:"; echo "$err" | head -5 | sed 's/^/    /'
  else
    ok "$what"
  fi
}

bash tests/check_bad.sh "$w2t" tests/hostile/inputs 10 || failed=$((failed + 1))

# 5. No input crashes, hangs or yields a silent non-number.
expect 2 "cost.depreciation_life_it: 0 year is outside physical bounds" "run --set cost.depreciation_life_it=0" -- \
  "$w2t" run --no-store --set cost.depreciation_life_it=0
expect 2 "cost.accelerator_price" "mc --set cost.accelerator_price=1e200" -- \
  "$w2t" mc --samples 50 --quiet --no-store --set cost.accelerator_price=1e200
expect 2 "world.wafer_diameter" "run --set world.wafer_diameter=1e308" -- \
  "$w2t" run --no-store --set world.wafer_diameter=1e308
expect 2 "--years" "sites --years inf" -- "$w2t" sites --years inf
expect 2 "--threads" "mc --threads 1000000" -- "$w2t" mc --samples 10 --quiet --no-store --threads 1000000
long=$(head -c 100000 /dev/zero | tr '\0' x)
start=$(date +%s)
expect 2 "no parameter" "a 100,000-character --set path" -- "$w2t" run --no-store --set "$long=1"
[ $(($(date +%s) - start)) -le 3 ] && ok "the long path is refused within 3 s" || fail "the long path took over 3 s"
mkfifo "$dir/fifo.yaml"
expect 2 "is a FIFO, not a file" "check on a FIFO refuses it instead of blocking" -- "$w2t" check "$dir/fifo.yaml"
expect 2 "is a device, not a file" "check on a device" -- "$w2t" check /dev/zero

# 6. Files written safely.
echo "keep me" >"$dir/victim"
ln -s "$dir/victim" "$dir/report.html.tmp"
if timeout 60 "$w2t" mc --samples 20 --quiet --no-store --report "$dir/report.html" >/dev/null 2>&1 &&
  [ "$(cat "$dir/victim")" = "keep me" ] && [ -f "$dir/report.html" ] && [ ! -L "$dir/report.html" ]; then
  ok "--report beside a planted PATH.tmp symlink leaves the link's target alone"
else
  fail "--report beside a planted PATH.tmp symlink"
fi
ln -s "$dir/victim" "$dir/link.html"
expect 2 "is a symbolic link" "--report onto a symlink is refused" -- \
  "$w2t" mc --samples 20 --quiet --no-store --report "$dir/link.html"
[ "$(cat "$dir/victim")" = "keep me" ] && [ -L "$dir/link.html" ] && ok "the symlink and its target are untouched" ||
  fail "the symlink or its target was replaced"
expect 2 "is a FIFO" "--report onto a FIFO is refused" -- \
  "$w2t" mc --samples 20 --quiet --no-store --report "$dir/fifo.yaml"
[ -p "$dir/fifo.yaml" ] && ok "the FIFO is still a FIFO" || fail "the FIFO was replaced"
expect 2 "is a FIFO" "--db onto a FIFO is refused" -- "$w2t" run --db "$dir/fifo.yaml"

# 7. The store tells the truth.
/usr/bin/python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(t)'); c.execute(\"insert into notes values ('mine')\"); c.commit()" "$dir/foreign.db"
sum=$(sha256sum <"$dir/foreign.db")
expect 1 "not a w2t run store" "a run into a SQLite file that is not a run store exits 1" -- "$w2t" run --db "$dir/foreign.db"
[ "$(sha256sum <"$dir/foreign.db")" = "$sum" ] && ok "the foreign SQLite file is untouched" || fail "the foreign SQLite file changed"
"$w2t" run --db "$dir/store/runs.db" >/dev/null 2>&1 || fail "a run into a fresh store"
# Under parallel load every run is stored or says it was not (exit 1): none is lost with exit 0.
for i in $(seq 12); do
  (timeout 120 "$w2t" run --db "$dir/store/runs.db" >/dev/null 2>&1; echo $? >"$dir/parallel.$i") &
done
wait
stored=$(grep -lx 0 "$dir"/parallel.* | wc -l)
listed=$("$w2t" runs --db "$dir/store/runs.db" list --limit 100 --format json | grep -c '"kind"')
[ "$listed" -eq $((stored + 1)) ] && ok "12 parallel runs: $stored exit 0, each of them stored" ||
  fail "12 parallel runs: $stored exit 0 but $((listed - 1)) stored"
# A read-only store: as root, file modes do not bind, so the run is made as
# nobody (skipped when nobody cannot run the binary from where it was built).
as_reader=()
readable=yes
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$dir"
  if command -v setpriv >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$w2t" --help >/dev/null 2>&1; then
    as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    readable=no
  fi
fi
if [ "$readable" = yes ]; then
  chmod 555 "$dir/store" && chmod 444 "$dir/store/runs.db"
  expect 1 "not stored" "a run into a read-only store exits 1 and says so" -- "${as_reader[@]}" "$w2t" run --db "$dir/store/runs.db"
  if timeout 30 "${as_reader[@]}" "$w2t" runs --db "$dir/store/runs.db" list --format json | grep -q '"kind": *"run"'; then
    ok "a read-only store can be listed"
  else
    fail "a read-only store cannot be listed"
  fi
else
  echo "skip the read-only store: running as root, and user nobody cannot run $w2t"
fi
expect 0 "" "runs list on a store not yet made" -- "$w2t" runs --db "$dir/none/runs.db" list
[ ! -e "$dir/none" ] && ok "listing does not create the store" || fail "listing created the store"

echo "$failed failed"
[ "$failed" -eq 0 ]
