#!/usr/bin/python3
"""The JSON API of `w2t serve` against docs/api.yaml: answers, errors as
{code, message, path} with 4xx/5xx statuses, limits, the run store, and that
no path reaches the file system.  Usage: tests/api_test.py PATH/TO/w2t"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

w2t = sys.argv[1]
failed = 0


def check(ok, what):
    global failed
    print(("ok: " if ok else "FAIL: ") + what)
    failed += 0 if ok else 1


def call(method, path, body=None, raw=None):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def doc(answer):
    return json.loads(answer[1])


def cli_json(*args):
    out = subprocess.run([w2t, *args, "--format", "json", "--no-store"], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)


with tempfile.TemporaryDirectory() as folder:
    log = open(os.path.join(folder, "serve.log"), "w+")
    server = subprocess.Popen([w2t, "serve", "--port", "0", "--db", os.path.join(folder, "runs.db"), "--max-samples", "20000"],
                              stderr=log)
    try:
        port = None
        for _ in range(150):
            log.seek(0)
            m = re.search(r"127\.0\.0\.1:(\d+)", log.read())
            if m:
                port = m.group(1)
                break
            time.sleep(0.2)
        check(port is not None, "w2t serve starts and says where")
        base = f"http://127.0.0.1:{port}"

        check(call("GET", "/api/health")[0] == 200, "GET /api/health")
        status, body = call("GET", "/api/data")
        check(status == 200 and len(json.loads(body)["parameters"]) > 900, "GET /api/data lists the parameters")

        status, body = call("POST", "/api/run", {})
        view = json.loads(body)
        check(status == 200 and len(view["months"]) == 72 and len(view["series"]) > 100 and len(view["flows"]["links"]) > 20,
              "POST /api/run answers months, series and flows")
        # A run with an override equals `w2t run --set` with the same override.
        setting = "rack.vera_rubin_nvl72.power"
        status, body = call("POST", "/api/run", {"set": {setting: "300"}})
        api = json.loads(body)["summary"]
        cli = cli_json("run", "--set", f"{setting}=300")["summary"]
        check(status == 200 and api["accelerators_installed"] == cli["accelerators_installed"]
              and api["tokens_per_day_served"] == cli["tokens_per_day_served"]
              and api["tokens_per_day_served"] != view["summary"]["tokens_per_day_served"],
              "an override through the API gives what --set gives")
        # A derived parameter overridden: the scenario is loaded again with it.
        status, body = call("POST", "/api/run", {"set": {"product.hbm4_12h.die_area": "150 mm^2"}})
        cli = cli_json("run", "--set", "product.hbm4_12h.die_area=150 mm^2")["summary"]
        check(status == 200 and json.loads(body)["summary"]["tokens_per_day_served"] == cli["tokens_per_day_served"],
              "an override of a derived parameter gives what --set gives")

        status, body = call("POST", "/api/run", {"set": {"product.hbm4_12h.stack_layer_yeld": "0.9"}})
        e = json.loads(body)
        check(status == 400 and e["code"] == "bad_reference" and e["path"] == "product.hbm4_12h.stack_layer_yeld"
              and "did you mean" in e["message"], "an unknown path is a 400 naming it")
        status, body = call("POST", "/api/run", {"set": {setting: "-5"}})
        check(status == 400 and json.loads(body)["path"] == setting, "a value outside physical bounds is a 400 naming the path")
        status, body = call("POST", "/api/run", raw=b"{not json")
        check(status == 400 and json.loads(body)["code"] == "bad_input", "a body that is not JSON is a 400")
        status, body = call("POST", "/api/run", raw=b"{\"set\": {}, \"pad\": \"" + b"x" * (2 << 20) + b"\"}")
        check(status == 413 and "code" in json.loads(body), "a body over the limit is a 413 in JSON")

        own = "scenario: my-variant\nextends: stargate-2025\nset:\n  rack.vera_rubin_nvl72.power: 300\n"
        status, body = call("POST", "/api/run", {"scenario_yaml": own})
        check(status == 200 and json.loads(body)["scenario"]["id"] == "my-variant"
              and json.loads(body)["summary"]["tokens_per_day_served"] == api["tokens_per_day_served"],
              "a scenario of the user's runs, with its own settings")
        status, body = call("POST", "/api/run", {"scenario_yaml": "scenario: x\nspan: [oops\n"})
        check(status == 400 and json.loads(body).get("where", "").startswith("scenario.yaml:"),
              "a broken scenario is a 400 with its file and line")

        status, body = call("POST", "/api/mc", {"samples": 60, "seed": 3})
        mc = json.loads(body)
        check(status == 200 and mc["samples"] == 60 and "gw_online" in mc["metrics"], "POST /api/mc answers bands")
        status, body = call("POST", "/api/mc", {"samples": 10 ** 9})
        check(status == 413 and json.loads(body)["path"] == "samples", "too many samples is a 413 naming samples")

        status, body = call("POST", "/api/ops", {"days": 5, "replications": 2, "serving_replicas": 1, "seed": 4})
        ops = json.loads(body)
        cli = cli_json("ops", "--days", "5", "--replications", "2", "--serving-replicas", "1", "--seed", "4", "--quiet")
        for d in (ops, cli):
            d.pop("wall_seconds", None)
        check(status == 200 and ops == cli, "POST /api/ops equals w2t ops")
        status, body = call("POST", "/api/ops", {"days": 5000})
        check(status == 413 and json.loads(body)["path"] == "days", "a simulation longer than a year is a 413 naming days")
        status, body = call("POST", "/api/ops", {"days": 5, "set": {"reliability.crews_per_accelerator": "0"}})
        check(status == 400 and json.loads(body)["path"] == "reliability.crews_per_accelerator",
              "zero crews is a 400 naming the path")

        status, body = call("POST", "/api/need", {"wafers": "900k/month"})
        cli = cli_json("need", "--wafers", "900k/month")
        check(status == 200 and json.loads(body)["accelerators_per_year"] == cli["accelerators_per_year"],
              "POST /api/need gives what w2t need gives")
        status, body = call("POST", "/api/need", {"wafers": "900k/month", "target": "1 GW/week"})
        check(status == 400, "two questions at once are a 400")
        status, body = call("POST", "/api/infer", {"model": "llama3_70b", "accelerator": "b200", "input": 2048,
                                                   "output": 128, "tpot_ms": 40})
        cli = json.loads(subprocess.run([w2t, "infer", "--model", "llama3_70b", "--accelerator", "b200", "--input", "2048",
                                         "--output", "128", "--tpot", "40", "--format", "json"],
                                        capture_output=True, check=True, text=True).stdout)
        check(status == 200 and json.loads(body)["at_target"] == cli["at_target"]
              and len(json.loads(body)["pareto"]) == len(cli["pareto"]), "POST /api/infer gives what w2t infer gives")
        status, body = call("POST", "/api/infer", {"model": "llama3_70b", "accelerator": "h100", "tpot_ms": 1})
        check(status == 400 and "physical floor" in json.loads(body)["message"], "a target below the floor is a 400 naming it")
        status, body = call("POST", "/api/sensitivity", {"metric": "gw_online", "top": 3})
        check(status == 200 and len(json.loads(body)["tornado"]) == 3, "POST /api/sensitivity answers a tornado")

        # One study at a time: a second is told to come back.
        answers = []
        first = threading.Thread(target=lambda: answers.append(call("POST", "/api/mc", {"samples": 20000})[0]))
        first.start()
        time.sleep(0.3)
        second = call("POST", "/api/mc", {"samples": 10})
        first.join()
        check(answers == [200] and second[0] == 503 and json.loads(second[1])["code"], "a study beyond the limit is a 503")

        status, body = call("POST", "/api/run", {"set": {setting: "250"}, "store": True})
        runs = doc(call("GET", "/api/runs"))
        check(status == 200 and len(runs) == 1 and runs[0]["kind"] == "run", "a run kept through the API is listed")
        check(call("GET", f"/api/runs/{runs[0]['id']}")[0] == 200, "GET /api/runs/ID")
        check(call("GET", "/api/runs/999")[0] == 404, "an unknown run is a 404")
        check(call("GET", f"/api/runs/{runs[0]['id']}/diff/{runs[0]['id']}")[0] == 200, "GET /api/runs/A/diff/B")
        status, body = call("GET", "/api/nothing")
        check(status == 404 and json.loads(body)["code"], "an unknown API is a 404 in JSON")

        status, body = call("GET", "/")
        check(status == 200 and b"wafer2token" in body, "GET / serves the dashboard")
        for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/app/../../../etc/passwd"]:
            status, body = call("GET", path)
            check(status in (400, 404) and b"root:" not in body, f"{path} does not reach the file system")
        check(server.poll() is None, "the server is still up after bad requests")
    finally:
        server.terminate()
        server.wait(timeout=30)
    check(server.returncode == 0, f"w2t serve ends cleanly on SIGTERM (exit {server.returncode})")

print(f"{'all' if failed == 0 else failed} API checks {'passed' if failed == 0 else 'failed'}")
sys.exit(1 if failed else 0)
