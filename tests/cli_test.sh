#!/usr/bin/env bash
# The w2t command line against its contract: exit codes, JSON documents,
# messages. Run from the source directory: tests/cli_test.sh PATH/TO/w2t
set -u
w2t=${1:?usage: cli_test.sh PATH/TO/w2t}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
expect_code() {  # expect_code CODE CMD...
  local want=$1; shift
  "$@" >/tmp/w2t-cli.out 2>/tmp/w2t-cli.err
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "'$*' exited $got, expected $want"; sed 's/^/    /' /tmp/w2t-cli.err | head -5; fi
}

# Every run goes to a store of this test's own.
store_dir=$(mktemp -d)
trap 'rm -rf "$store_dir"' EXIT
export W2T_DB="$store_dir/runs.db"

expect_code 0 "$w2t" --version
grep -q '^w2t [0-9]' /tmp/w2t-cli.out && pass || fail "--version prints 'w2t VERSION'"
expect_code 0 "$w2t" --help
expect_code 2 "$w2t" no-such-command
expect_code 0 "$w2t" data
grep -q "scenario 'stargate-2025'" /tmp/w2t-cli.out && pass || fail "data summary names the scenario"
[ "$(wc -l </tmp/w2t-cli.out)" -le 40 ] && pass || fail "data summary fits one screen (40 lines)"

# JSON: one document listing every parameter with a non-empty source and confidence.
expect_code 0 "$w2t" data --format json
if /usr/bin/python3 - /tmp/w2t-cli.out <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
params = doc["parameters"]
assert len(params) > 150, len(params)
assert doc["parameter_count"] == len(params)
for p in params:
    assert p["confidence"] in "PRSE", p
    assert p["source"].get("title"), p["path"]
    assert p["low"] <= p["value"] <= p["high"], p["path"]
PY
then pass; else fail "data --format json is one document with sourced parameters"; fi

expect_code 0 "$w2t" data --grep hbm3e_12h
grep -q 'product.hbm3e_12h.die_capacity' /tmp/w2t-cli.out && pass || fail "--grep finds product.hbm3e_12h.die_capacity"
if grep -v '^path' /tmp/w2t-cli.out | grep -v 'matching' | grep -qv 'hbm3e_12h'; then
  # every row matched through its path, note or source
  : ; fi
expect_code 0 "$w2t" data --grep zzz-nothing
grep -q '^0 parameters' /tmp/w2t-cli.out && pass || fail "--grep with no match says 0 parameters"
expect_code 0 "$w2t" data --sources
expect_code 0 "$w2t" data --schema

expect_code 0 "$w2t" check scenarios/stargate-2025.yaml
expect_code 0 "$w2t" check scenarios/korea-underwater.yaml
for f in data/*.yaml; do expect_code 0 "$w2t" check "$f"; done
expect_code 2 "$w2t" check /nonexistent.yaml
expect_code 2 "$w2t" data --set nonsense.path=3
grep -q "nonsense.path: no parameter 'nonsense.path'" /tmp/w2t-cli.err && pass || fail "--set on an unknown path names it"
expect_code 0 "$w2t" data --set world.wafer_diameter=200 --grep world.wafer_diameter
grep -q 'world.wafer_diameter *200 mm' /tmp/w2t-cli.out && pass || fail "--set changes the value shown"

# The monthly model and the inverse question.
expect_code 0 "$w2t" run
grep -q "What binds openai's supply" /tmp/w2t-cli.out && pass || fail "run names what binds"
expect_code 0 "$w2t" run --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["months"]==72 and d["timeline"] and d["summary"]["binding"]' /tmp/w2t-cli.out && pass || fail "run --format json has months, summary, timeline"
out=$(mktemp -d)
expect_code 0 "$w2t" run --out "$out" --format csv
[ -s "$out/timeline.csv" ] && [ -s "$out/summary.json" ] && pass || fail "run --out writes timeline.csv and summary.json"
head -1 "$out/timeline.csv" | grep -q '^month,stage,entity,metric,value,unit$' && pass || fail "timeline.csv is tidy"
rm -rf "$out"
expect_code 2 "$w2t" run --set nonsense.path=3
expect_code 0 "$w2t" need --wafers "900k/month" --accelerator gb300 --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "need --wafers JSON contract"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["dram_wafers_per_month", "by_product", "by_maker", "share_of_world_dram_capacity",
          "stacking_capacity_needed", "packaging_capacity_needed", "binding_stage", "assumptions",
          "accelerators_per_year", "gw_per_year"]:
    assert k in d, k
assert abs(d["dram_wafers_per_month"] - 900e3) < 1
assert abs(sum(d["by_product"].values()) - 900e3) < 1
assert all(a["source"] for a in d["assumptions"])
PY
expect_code 0 "$w2t" need --target "10 GW by 2029-12" --format json
expect_code 2 "$w2t" need --target "10 GW by 2020-01"
grep -q "before the scenario starts" /tmp/w2t-cli.err && pass || fail "a target in the past is bad input"
expect_code 2 "$w2t" need --target "1 GW/week" --accelerator gb300
grep -q "not reachable: hbm_stacking" /tmp/w2t-cli.err && pass || fail "an unreachable target names its stage"
expect_code 2 "$w2t" need --target "288 GB" 
expect_code 2 "$w2t" need --wafers 900k/month --accelerator gb301
grep -q "did you mean 'gb300'" /tmp/w2t-cli.err && pass || fail "unknown accelerator suggests"

# Sites: every site type on one load, the JSON contract, bands, and bad input.
expect_code 0 "$w2t" run --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "run --format json summary has the sites' totals"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
for k in ["gw_online", "accelerators_installed", "energy_mwh", "co2e_operational_t", "co2e_embodied_t",
          "water_m3", "capex_usd", "opex_usd", "sites", "deployment_binding"]:
    assert k in s, k
assert abs(sum(v["gw_online"] for v in s["sites"].values()) - s["gw_online"]) < 1e-9
assert any(b["stage"] == "site_power" for b in s["deployment_binding"])
for k in ["tokens_per_day_demanded", "tokens_per_day_served", "usd_per_million_tokens", "gco2e_per_1k_tokens"]:
    assert s[k] > 0, k
assert s["tokens_per_day_served"] <= s["tokens_per_day_demanded"]
assert "KR" in s["regions"] and s["regions"]["KR"]["demand_exceeds_capacity"]
PY
expect_code 0 "$w2t" sites --load "100 MW" --format json --ranges --samples 50
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "sites --format json contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["load_mw"] == 100 and d["location"] == "pohang"
types = {t["type"]: t for t in d["site_types"]}
assert set(types) == {"land_air", "land_liquid", "floating_barge", "underwater"}
for t in types.values():
    for k in ["pue_by_month", "pue_annual", "energy_mwh_per_year", "water_m3_per_year", "co2e_operational_t_per_year",
              "co2e_embodied_t", "capex_usd", "opex_usd_per_year", "tco_10y_usd", "failures_per_year"]:
        assert k in t, k
        if k != "pue_by_month":
            lo, hi = t[k + "_range"]
            assert lo <= hi, k
    assert len(t["pue_by_month"]) == 12 and min(t["pue_by_month"]) >= 1.0
    assert t["pue_annual_range"][0] <= t["pue_annual"] <= t["pue_annual_range"][1]
assert types["floating_barge"]["pue_annual"] < types["land_air"]["pue_annual"]
assert types["underwater"]["pue_annual"] < types["land_air"]["pue_annual"]
PY
expect_code 0 "$w2t" sites --location abilene
grep -q "Not compared (no sea or river water at abilene): floating_barge, underwater" /tmp/w2t-cli.out && pass || fail "an inland location says which types it cannot host"
expect_code 2 "$w2t" sites --location atlantis
grep -q "did you mean\|expected a site of the scenario" /tmp/w2t-cli.err && pass || fail "unknown location lists the sites"
expect_code 2 "$w2t" sites --load "100 GB"
expect_code 2 "$w2t" sites --load "-5 MW"

# Training runs: the JSON contract, and runs that cannot be.
expect_code 0 "$w2t" train --params 405B --tokens 15.6T --accelerator h100 --count 16384 --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "train --format json contract"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["flops", "gpu_hours", "wall_days", "energy_mwh", "co2e_t", "cost_usd", "fits_in_memory"]:
    assert k in d, k
assert abs(d["flops"] - 6 * 405e9 * 15.6e12) < 1e20
assert d["fits_in_memory"] is True and d["wall_days"] > 0
PY
expect_code 0 "$w2t" train --model llama3_405b --accelerator h100
expect_code 2 "$w2t" train --params 405B --tokens 1T --accelerator h100 --count 64
grep -q "does not fit: 101 GB per accelerator against 56 GB usable" /tmp/w2t-cli.err && pass || fail "a model too large for the cluster says by how much"
expect_code 2 "$w2t" train --params 405B --tokens 1T --accelerator h100 --precision fp4
grep -q "h100 has no fp4 peak" /tmp/w2t-cli.err && pass || fail "an unknown precision names the known ones"
expect_code 2 "$w2t" train --params -5B --tokens 1T
expect_code 2 "$w2t" train --model llama4

# Inference demand: the JSON contract for every segment, and bad segments.
expect_code 0 "$w2t" demand --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "demand --format json contract"
import json, sys
segments = json.load(open(sys.argv[1]))["segments"]
assert {s["segment"] for s in segments} >= {"chatgpt_consumer", "api", "korea_enterprise", "samsung_internal"}
for s in segments:
    for k in ["accelerators_needed_peak", "tokens_per_second_per_accelerator", "tokens_per_day",
              "usd_per_million_tokens", "wh_per_query", "gco2e_per_query"]:
        assert s[k] > 0, (s["segment"], k)
assert {s["segment"]: s["site"] for s in segments}["korea_enterprise"] in ("pohang", "south_jeolla", "korea_floating")
PY
expect_code 0 "$w2t" demand --segment korea_enterprise
expect_code 2 "$w2t" demand --segment korea_enterprize
grep -q "did you mean 'korea_enterprise'" /tmp/w2t-cli.err && pass || fail "an unknown segment suggests"
expect_code 2 "$w2t" demand --accelerator h100
grep -q "does not fit one h100 domain" /tmp/w2t-cli.err && pass || fail "a model too large for the domain says by how much"
expect_code 2 "$w2t" demand --set demand.korea_enterprise.tpot_target=0.01ms --segment korea_enterprise
grep -q "below the physical minimum" /tmp/w2t-cli.err && pass || fail "a latency target below the physical minimum is bad input"
expect_code 2 "$w2t" demand --set demand.korea_enterprise.users=0 --segment korea_enterprise
grep -q "has no demand" /tmp/w2t-cli.err && pass || fail "zero demand is bad input"

# Monte Carlo: the JSON contract, the same document for any thread count and
# any number of MPI ranks, bad counts. 600 samples make three blocks.
expect_code 0 "$w2t" mc --samples 600 --threads 1 --format json
cp /tmp/w2t-cli.out /tmp/w2t-mc-1.json
/usr/bin/python3 - /tmp/w2t-mc-1.json <<'PY' && pass || fail "mc --format json contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["samples"] == 600 and d["seed"] == 1
for name, m in d["metrics"].items():
    for k in ["p5", "p25", "p50", "p75", "p95", "mean", "stderr", "unit"]:
        assert k in m, (name, k)
    assert m["p5"] <= m["p50"] <= m["p95"], name
    assert m["ci95"]["p50"][0] <= m["p50"] <= m["ci95"]["p50"][1], name
months = d["months"]
assert months[0] == "2025-01" and len(months) == 72, months[:2]
names = [s["name"] for s in d["series"]]
assert "gw_online" in names and "energy" in names, names
for s in d["series"]:
    assert all(len(s[k]) == len(months) for k in ["p5", "p50", "p95", "mean"]), s["name"]
    assert all(a <= b <= c for a, b, c in zip(s["p5"], s["p50"], s["p95"])), s["name"]
PY
expect_code 0 "$w2t" mc --samples 600 --threads 2 --format json
cmp -s /tmp/w2t-cli.out /tmp/w2t-mc-1.json && pass || fail "mc gives the same JSON on 1 and 2 threads"
if command -v mpirun >/dev/null; then
  # Open MPI's own start-up allocations are never freed, and its plug-ins are
  # unloaded before LeakSanitizer could name them: leaks are checked on the
  # same code paths without MPI above.
  mpi="env ASAN_OPTIONS=detect_leaks=0 mpirun --allow-run-as-root --oversubscribe -np 2"
  expect_code 0 $mpi "$w2t" mc --samples 600 --threads 1 --format json
  cmp -s /tmp/w2t-cli.out /tmp/w2t-mc-1.json && pass || fail "mc gives the same JSON on 2 MPI ranks"
  expect_code 0 "$w2t" sensitivity --top 4 --samples 64 --format json
  cp /tmp/w2t-cli.out /tmp/w2t-sens-1.json
  expect_code 0 $mpi "$w2t" sensitivity --top 4 --samples 64 --format json
  cmp -s /tmp/w2t-cli.out /tmp/w2t-sens-1.json && pass || fail "sensitivity gives the same JSON on 2 MPI ranks"
  expect_code 0 $mpi "$w2t" sweep --axis "product.hbm4_12h.stack_layer_yield=0.95,0.97,0.99" --format json
  cp /tmp/w2t-cli.out /tmp/w2t-sweep-2.json
  expect_code 0 "$w2t" sweep --axis "product.hbm4_12h.stack_layer_yield=0.95,0.97,0.99" --format json
  cmp -s /tmp/w2t-cli.out /tmp/w2t-sweep-2.json && pass || fail "sweep gives the same JSON on 2 MPI ranks"
else
  fail "mpirun is not installed (openmpi-bin)"
fi
# Ctrl-C: the blocks under way finish, their bands are printed, exit 130.
# The signal comes well after start-up (slow in sanitizer builds), timed here;
# --foreground: one signal, to w2t alone (a second would end it at once).
start=$(date +%s.%N)
"$w2t" mc --samples 1 --no-store >/dev/null 2>&1
delay=$(echo "$start $(date +%s.%N)" | awk '{printf "%.1f", 3 * ($2 - $1) + 1.5}')
timeout --foreground --preserve-status -s INT "$delay" "$w2t" mc --samples 2000000 --format json >/tmp/w2t-cli.out 2>/tmp/w2t-cli.err
code=$?
[ "$code" -eq 130 ] && pass || fail "mc stopped by SIGINT exited $code, expected 130"
grep -q "interrupted: the bands above are of the" /tmp/w2t-cli.err && pass || fail "mc says it was interrupted"
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "an interrupted mc prints the finished blocks' bands"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["interrupted"] and d["requested"] == 2000000, d.get("requested")
assert d["samples"] % 256 == 0 and d["samples"] < 2000000, d["samples"]
PY
expect_code 2 "$w2t" mc --samples 0
grep -q -- "--samples: 0 samples" /tmp/w2t-cli.err && pass || fail "--samples 0 is bad input"
expect_code 2 "$w2t" mc --threads 0
grep -q -- "--threads: Value 0 not in range" /tmp/w2t-cli.err && pass || fail "--threads 0 is bad input"

expect_code 0 "$w2t" sensitivity --metric gw_online --top 5 --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "sensitivity --format json contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["metric"] == "gw_online" and len(d["tornado"]) == 5 and len(d["sobol"]) == 5
for b in d["tornado"]:
    for k in ["path", "low", "high", "delta_low", "delta_high"]:
        assert k in b, k
assert {s["path"] for s in d["sobol"]} == {b["path"] for b in d["tornado"]}
for s in d["sobol"]:
    assert -0.1 <= s["first"] <= 1.1 and -0.1 <= s["total"] <= 1.1, s
PY
expect_code 2 "$w2t" sensitivity --samples 1
grep -q -- "0 (no Sobol indices) or at least 2" /tmp/w2t-cli.err && pass || fail "sensitivity --samples 1 is bad input"
expect_code 2 "$w2t" sensitivity --metric gw_onlin
grep -q "did you mean 'gw_online'" /tmp/w2t-cli.err && pass || fail "an unknown metric suggests"

expect_code 0 "$w2t" sweep --axis "product.hbm4_12h.stack_layer_yield=0.95,0.99" --samples 20 --threads 2
head -1 /tmp/w2t-cli.out | grep -q '^product.hbm4_12h.stack_layer_yield,metric,value,unit,p5,p50,p95$' && pass || fail "sweep prints a tidy table"
expect_code 2 "$w2t" sweep --axis "no.such.path=1,2"

# HTML reports: one file holding the report script and the run's data.
expect_code 0 "$w2t" run --no-store --report "$store_dir/run.html"
grep -q "window.W2T_REPORT = {" "$store_dir/run.html" && pass || fail "run --report writes the page with its data"
expect_code 0 "$w2t" need --wafers 900k/month --no-store --report "$store_dir/need.html"
grep -q '"need":{' "$store_dir/need.html" && pass || fail "need --report holds the answer"
expect_code 0 "$w2t" sensitivity --top 3 --samples 0 --report "$store_dir/sens.html"
grep -q '"sensitivity":{' "$store_dir/sens.html" && pass || fail "sensitivity --report holds the tornado"
expect_code 0 "$w2t" ops --days 5 --replications 1 --serving-replicas 1 --quiet --no-store --report "$store_dir/ops.html"
grep -q '"ops":{' "$store_dir/ops.html" && pass || fail "ops --report holds the fleet's figures"
expect_code 1 "$w2t" run --no-store --report /nonexistent/folder/run.html
[ ! -e /nonexistent/folder/run.html ] && pass || fail "an unwritable report is an error"

# The run store: runs kept, listed, compared and exported; --no-store; a
# store that stays whole when runs are killed while they write.
rm -f "$W2T_DB" "$W2T_DB-wal" "$W2T_DB-shm"
expect_code 0 "$w2t" run
expect_code 0 "$w2t" run --format csv --no-store
cp /tmp/w2t-cli.out /tmp/w2t-run.csv
expect_code 0 "$w2t" run --set product.hbm4_12h.stack_layer_yield=0.95
expect_code 0 "$w2t" run --no-store
expect_code 0 "$w2t" runs list --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "runs list shows the two stored runs, newest first"
import json, sys
runs = json.load(open(sys.argv[1]))
assert [r["kind"] for r in runs] == ["run", "run"], runs
assert runs[0]["id"] > runs[1]["id"] and "--set product.hbm4_12h.stack_layer_yield=0.95" in runs[0]["command"]
PY
ids=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in reversed(json.load(open(sys.argv[1])))))' /tmp/w2t-cli.out)
expect_code 0 "$w2t" runs diff $ids --format json
/usr/bin/python3 - /tmp/w2t-cli.out <<'PY' && pass || fail "runs diff names the parameter and the figures that moved"
import json, sys
d = json.load(open(sys.argv[1]))
changed = {p["path"]: p for p in d["parameters"]}
assert "product.hbm4_12h.stack_layer_yield" in changed, list(changed)[:5]
assert changed["product.hbm4_12h.stack_layer_yield"]["new"] == 0.95
assert any(f["change"] != 0 for f in d["figures"]), "no figure moved"
PY
expect_code 0 "$w2t" runs export ${ids%% *} --format csv
cmp -s /tmp/w2t-cli.out /tmp/w2t-run.csv && pass || fail "runs export --format csv gives back the run's timeline"
expect_code 0 "$w2t" mc --samples 50
expect_code 0 "$w2t" runs show 3 --format json
grep -q '"kind": "mc"' /tmp/w2t-cli.out && pass || fail "mc runs are kept"
expect_code 2 "$w2t" runs show 999
grep -q "no run 999 in the store" /tmp/w2t-cli.err && pass || fail "an unknown run id is bad input"
for i in 1 2 3 4 5 6 7 8; do
  "$w2t" run >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$((i * 11 % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
/usr/bin/python3 - "$W2T_DB" <<'PY' && pass || fail "runs killed while writing leave a whole store"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
rows = db.execute("SELECT r.id, (SELECT count(*) FROM timeline t WHERE t.run_id = r.id), "
                  "(SELECT count(*) FROM parameters p WHERE p.run_id = r.id) FROM runs r WHERE command = 'w2t run'").fetchall()
assert len(rows) >= 1 and len({(t, p) for _, t, p in rows}) == 1, rows
PY

# Fleet operations: the JSON contract, the same figures for any thread count,
# kept in the store; bad input names its path.
expect_code 0 "$w2t" ops --days 20 --replications 2 --threads 1 --serving-replicas 2 --format json --quiet
cp /tmp/w2t-cli.out /tmp/w2t-ops-1.json
/usr/bin/python3 - /tmp/w2t-ops-1.json <<'PY' && pass || fail "ops --format json has the contract's figures"
import json, sys
d = json.load(open(sys.argv[1]))
for key in ["availability", "failures_by_component", "interruptions", "mtbi_hours", "goodput", "lost_gpu_hours",
            "serving", "events", "wall_seconds"]:
    assert key in d, key
assert 0.9 < d["availability"]["mean"] < 1.0, d["availability"]["mean"]
assert len(d["availability"]["by_site"]) >= 3
assert set(d["failures_by_component"]) == {"gpu", "hbm", "host", "network", "software", "sdc"}
assert d["interruptions"] > 0 and 0.0 < d["goodput"] < 1.0 and d["mtbi_hours"] > 0
s = d["serving"]
assert s["requests_simulated"] > 0 and 0.0 <= s["slo_attainment"] <= 1.0
assert 0 < s["ttft_ms"]["p50"] <= s["ttft_ms"]["p99"] and 0 < s["tpot_ms"]["p50"] <= s["tpot_ms"]["p99"]
assert len(d["availability"]["daily"]) == 20 and d["events"] > 0
PY
expect_code 0 "$w2t" ops --days 20 --replications 2 --threads 2 --serving-replicas 2 --format json --quiet
/usr/bin/python3 - /tmp/w2t-ops-1.json /tmp/w2t-cli.out <<'PY' && pass || fail "ops gives the same figures on 1 and 2 threads"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for d in (a, b):
    d.pop("wall_seconds")
assert a == b
PY
"$w2t" runs list 2>/dev/null | grep -q "ops" && pass || fail "ops runs are kept in the store"
expect_code 2 "$w2t" ops --days 0
grep -q -- "--days" /tmp/w2t-cli.err && pass || fail "--days 0 is bad input naming --days"
expect_code 2 "$w2t" ops --days 5 --set reliability.crews_per_accelerator=0
grep -q "reliability.crews_per_accelerator" /tmp/w2t-cli.err && pass || fail "zero crews is bad input naming the path"
expect_code 2 "$w2t" ops --days 5 --set reliability.training_job_accelerators=5000000
grep -q "reliability.training_job_accelerators" /tmp/w2t-cli.err && pass || fail "a job larger than its site is bad input"
expect_code 2 "$w2t" ops --days 5 --set reliability.host_failure_rate=-0.1
grep -q "reliability.host_failure_rate" /tmp/w2t-cli.err && pass || fail "a negative failure rate is bad input"
expect_code 2 "$w2t" ops --days 5 --failure-law gamma
grep -q "weibull" /tmp/w2t-cli.err && pass || fail "an unknown failure law lists the known ones"
expect_code 0 "$w2t" ops --days 10 --replications 1 --failure-law weibull --serving-replicas -1 --quiet
grep -q "Training job" /tmp/w2t-cli.out && pass || fail "ops prints the training job"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
