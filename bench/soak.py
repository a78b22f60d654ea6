#!/usr/bin/env python3
"""A bounded soak of w2t serve: normal and hostile clients at once, a fixed
count of requests each, while a probe measures GET /api/health.

    /usr/bin/python3 bench/soak.py [PATH/TO/w2t] [REQUESTS_PER_CLIENT]

Four normal clients (runs with and without overrides, the dataset, a small
Monte Carlo) and four hostile ones (slow headers, oversized chunked bodies,
bodies nested 100,000 deep, text/plain and foreign-origin POSTs, extends:
/dev/zero, 100,000-character paths, a 300-year span) run together. The probe
asks /api/health every 50 ms. A normal client asks again after a 503 (a study
was running), as a client would. Prints the answers by kind, the probe's median,
99th percentile and worst latency, and the server's memory before and after.
Exit 1 when a normal request failed, a hostile one was answered 2xx, or the
server stopped answering.
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

w2t = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else "build/release/w2t")
per_client = int(sys.argv[2]) if len(sys.argv) > 2 else 40


def exchange(port, data, timeout=120, slow=False):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            if slow:  # the request line, then a header byte a second: cut off by the request deadline
                s.sendall(data[:40])
                for byte in data[40:]:
                    s.sendall(bytes([byte]))
                    time.sleep(1)
            else:
                s.sendall(data)
        except OSError:
            pass
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError:
            pass
    m = re.match(rb"HTTP/1\.1 (\d+)", answer)
    return int(m.group(1)) if m else 0


def request(port, method, path, body=b"", headers=None, **kw):
    h = {"Host": f"127.0.0.1:{port}", "Connection": "close", "Content-Type": "application/json",
         "Content-Length": str(len(body))}
    h.update(headers or {})
    head = "".join(f"{k}: {v}\r\n" for k, v in h.items() if v is not None)
    return exchange(port, f"{method} {path} HTTP/1.1\r\n{head}\r\n".encode() + body, **kw)


def post(port, path, doc, **kw):
    return request(port, "POST", path, json.dumps(doc).encode(), **kw)


def chunked(port):
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(32)) + b"0\r\n\r\n"
    return exchange(port, (f"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
                           "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode() + body)


NORMAL = [
    lambda p: post(p, "/api/run", {}),
    lambda p: post(p, "/api/run", {"set": {"rack.vera_rubin_nvl72.power": "300"}}),
    lambda p: request(p, "GET", "/api/data"),
    lambda p: post(p, "/api/mc", {"samples": 50}),
]
HOSTILE = [
    lambda p: request(p, "POST", "/api/run", b"{}", {"Content-Type": "text/plain"}),
    lambda p: post(p, "/api/run", {}, headers={"Origin": "http://attacker.example"}),
    lambda p: request(p, "GET", "/api/data", headers={"Host": "attacker.example"}),
    chunked,
    lambda p: request(p, "POST", "/api/run", b'{"set": {"a": ' + b"[" * 100000 + b"]" * 100000 + b"}}"),
    lambda p: post(p, "/api/run", {"scenario_yaml": "scenario: x\nextends: /dev/zero\n"}),
    lambda p: post(p, "/api/run", {"set": {"x" * 100000: "1"}}),
    lambda p: post(p, "/api/run", {"scenario_yaml": "scenario: l\nextends: stargate-2025\nspan: {start: 2025-01, end: 2199-12}\n"}),
    lambda p: post(p, "/api/run", {"set": {"cost.depreciation_life_it": "0"}}),
]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


with tempfile.TemporaryDirectory() as folder:
    log = open(os.path.join(folder, "serve.log"), "w+")
    server = subprocess.Popen([w2t, "serve", "--port", "0", "--db", os.path.join(folder, "runs.db")], stderr=log)
    port = None
    for _ in range(200):
        log.seek(0)
        if m := re.search(r"127\.0\.0\.1:(\d+)", log.read()):
            port = int(m.group(1))
            break
        time.sleep(0.1)
    assert port, "w2t serve did not start"
    for warm in NORMAL:
        warm(port)
    rss_before = rss_mb(server.pid)
    results = {"normal": [], "hostile": []}
    lock = threading.Lock()

    def client(kind, actions, offset):
        for i in range(per_client):
            status = actions[(i + offset) % len(actions)](port)
            while kind == "normal" and status == 503:  # a study is running: come back, as a client would
                time.sleep(0.2)
                status = actions[(i + offset) % len(actions)](port)
            with lock:
                results[kind].append(status)

    def slow_client():  # one slow request at a time, the whole soak long
        while not done.is_set():
            status = request(port, "POST", "/api/run", b"{}", slow=True)
            with lock:
                results["hostile"].append(status)

    latencies = []
    done = threading.Event()

    def probe():
        while not done.is_set():
            t = time.monotonic()
            ok = request(port, "GET", "/api/health", timeout=30) == 200
            latencies.append((time.monotonic() - t) * 1000 if ok else float("inf"))
            time.sleep(0.05)

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=("normal", NORMAL, i)) for i in range(4)]
    threads += [threading.Thread(target=client, args=("hostile", HOSTILE, i * 2)) for i in range(3)]
    background = [threading.Thread(target=slow_client), threading.Thread(target=probe)]
    for t in threads + background:
        t.start()
    for t in threads:
        t.join()
    done.set()
    for t in background:
        t.join()
    wall = time.monotonic() - start
    rss_after = rss_mb(server.pid)
    alive = request(port, "GET", "/api/health") == 200
    server.terminate()
    server.wait(timeout=30)

normal_ok = sum(1 for s in results["normal"] if s == 200)
hostile_refused = sum(1 for s in results["hostile"] if 400 <= s < 600 or s == 0)
finite = sorted(x for x in latencies if x != float("inf"))
p99 = finite[min(len(finite) - 1, int(0.99 * len(finite)))] if finite else float("inf")
print(f"{len(results['normal'])} normal requests: {normal_ok} answered 200")
print(f"{len(results['hostile'])} hostile requests: {hostile_refused} refused (4xx, 503 or cut off)")
print(f"/api/health, {len(latencies)} probes: median {statistics.median(finite):.1f} ms, p99 {p99:.1f} ms, "
      f"worst {max(latencies):.1f} ms")
print(f"server memory: {rss_before:.0f} MB before, {rss_after:.0f} MB after; {wall:.0f} s on {os.cpu_count()} cores")
ok = normal_ok == len(results["normal"]) and hostile_refused == len(results["hostile"]) and alive
sys.exit(0 if ok else 1)
