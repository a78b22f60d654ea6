#!/usr/bin/env python3
"""w2t serve against hostile requests: each hole a hostile test found, kept shut.

    /usr/bin/python3 tests/hostile/http_test.py PATH/TO/w2t

A page on another origin, DNS rebinding, bodies that read files or never end,
requests that crash or hang the model, a store that cannot store: each gets a
4xx or 503 with a JSON error, and the server keeps answering. Raw sockets,
so that every header and byte is the one written here.
"""
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

w2t = os.path.realpath(sys.argv[1])
failed = 0


def check(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed += 0 if ok else 1


class Server:
    def __init__(self, folder, *args, name="serve"):
        self.log_path = os.path.join(folder, name + ".log")
        self.log = open(self.log_path, "w+")
        self.process = subprocess.Popen([w2t, "serve", *args], stderr=self.log)
        self.port = None
        for _ in range(200):
            self.log.seek(0)
            m = re.search(r"127\.0\.0\.1:(\d+)/(#token=(\w+))?", self.log.read())
            if m:
                self.port, self.token = int(m.group(1)), m.group(3)
                return
            if self.process.poll() is not None:
                return
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None


def exchange(port, data, timeout=30):
    """Sends raw bytes; the status and body of the answer (0 when none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before the body is sent
        answer = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
                head, _, rest = answer.partition(b"\r\n\r\n")
                m = re.search(rb"Content-Length: (\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
        except (ConnectionResetError, socket.timeout):
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.1 (\d+)", head)
    return (int(m.group(1)) if m else 0), head.decode("latin-1"), body


def request(port, method, path, body=b"", headers=None, token=None, timeout=60):
    h = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    if body or method == "POST":
        h["Content-Type"] = "application/json"
        h["Content-Length"] = str(len(body))
    if token:
        h["Authorization"] = f"Bearer {token}"
    h.update(headers or {})
    lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in h.items() if v is not None]
    return exchange(port, ("\r\n".join(lines) + "\r\n\r\n").encode() + body, timeout)


def post(port, path, doc, **kw):
    return request(port, "POST", path, json.dumps(doc).encode(), **kw)


def error_of(body):
    try:
        return json.loads(body)
    except ValueError:
        return {}


def healthy(port):
    return request(port, "GET", "/api/health", timeout=10)[0] == 200


with tempfile.TemporaryDirectory() as folder:
    db = os.path.join(folder, "runs.db")
    server = Server(folder, "--port", "0", "--db", db)
    port = server.port
    check(port is not None, "w2t serve starts")
    try:
        # 1. The server trusts no page.
        status, head, _ = request(port, "GET", "/")
        check(status == 200 and "default-src 'self'" in head and "frame-ancestors 'none'" in head
              and "X-Content-Type-Options: nosniff" in head, "the dashboard comes with its security headers")
        status, _, body = request(port, "POST", "/api/run", b'{"store": true}', {"Content-Type": "text/plain"})
        check(status == 415 and error_of(body).get("message"), "a text/plain POST (no preflight) is a 415")
        status, _, _ = request(port, "POST", "/api/run", b"store=true",
                               {"Content-Type": "application/x-www-form-urlencoded"})
        check(status == 415, "a form POST is a 415")
        status, _, _ = request(port, "POST", "/api/run", b"{}", {"Content-Type": None})
        check(status == 415, "a POST without a Content-Type is a 415")
        status, _, _ = post(port, "/api/run", {}, headers={"Origin": "http://attacker.example"})
        check(status == 403, "a POST from a foreign Origin is a 403")
        status, _, _ = post(port, "/api/run", {}, headers={"Origin": "null"})
        check(status == 403, "a POST from Origin: null (a sandboxed page) is a 403")
        status, _, _ = request(port, "GET", "/api/runs", headers={"Origin": "http://attacker.example"})
        check(status == 403, "a GET from a foreign Origin is a 403")
        status, _, _ = request(port, "GET", "/api/runs", headers={"Sec-Fetch-Site": "cross-site"})
        check(status == 403, "a cross-site fetch without Origin is a 403")
        status, _, _ = post(port, "/api/run", {}, headers={"Origin": f"http://127.0.0.1:{port}"})
        check(status == 200, "a POST from the server's own Origin is answered")
        status, _, body = request(port, "GET", "/api/data", headers={"Host": "attacker.example"})
        check(status == 403 and b"parameters" not in body, "Host: attacker.example (DNS rebinding) is a 403")
        status, _, _ = request(port, "GET", "/api/data", headers={"Host": f"attacker.example:{port}"})
        check(status == 403, "Host: attacker.example with the right port is a 403")
        status, _, _ = request(port, "GET", "/api/health", headers={"Host": f"localhost:{port}"})
        check(status == 200, "Host: localhost is answered")
        status, _, _ = request(port, "GET", "/api/health", headers={"Host": f"127.0.0.1:{port + 1}"})
        check(status == 403, "a Host with another port is a 403")
        status, _, _ = request(port, "GET", "/api/health", headers={"Host": None})
        check(status in (400, 403), "a request without Host is refused")

        # 2. No file is read on a request's behalf.
        passwd = post(port, "/api/run", {"scenario_yaml": "scenario: x\nextends: /etc/passwd\n"})
        absent = post(port, "/api/run", {"scenario_yaml": "scenario: x\nextends: /no/such/file\n"})
        check(passwd[0] == 400 and b"root:" not in passwd[2] and b"root" not in passwd[2],
              "extends: /etc/passwd is a 400 that quotes nothing of the file")
        strip = lambda body: error_of(body).get("message", "").replace("/etc/passwd", "PATH").replace("/no/such/file", "PATH")
        check(strip(passwd[2]) == strip(absent[2]) and strip(passwd[2]),
              "an existing file and a missing one get the same answer (no probing)")
        fifo = os.path.join(folder, "fifo.yaml")
        os.mkfifo(fifo)
        for target in ["/dev/zero", fifo, "../../etc/passwd", "stargate-2025/../../etc/passwd"]:
            t = time.monotonic()
            status, _, body = post(port, "/api/run", {"scenario_yaml": f"scenario: x\nextends: {target}\n"})
            check(status == 400 and time.monotonic() - t < 5, f"extends: {target} is a 400 within seconds")
        status, _, body = post(port, "/api/run", {"scenario_yaml": "scenario: x\nextends: stargate-2025\n"})
        check(status == 200, "extends: an embedded scenario still works")

        # 4. Every request costs a bounded amount.
        chunk = b"x" * 65536
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(32)) + b"0\r\n\r\n"
        status, _, body = exchange(port, (f"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
                                   + chunked)
        check(status == 413 and error_of(body).get("code"), "a 2 MiB chunked body is a 413")
        status, _, _ = request(port, "POST", "/api/run", b"{" + b" " * (2 << 20) + b"}")
        check(status == 413, "a 2 MiB body with Content-Length is a 413")
        deep = b'{"set": {"a": ' + b"[" * 100000 + b"]" * 100000 + b"}}"
        status, _, body = request(port, "POST", "/api/run", deep)
        check(status == 400 and "deeper" in error_of(body).get("message", ""), "a set value nested 100,000 deep is a 400")
        check(healthy(port), "the server answers the next request")
        status, _, body = request(port, "POST", "/api/run", b'{"set": {"cost.depreciation_life_it": 5, "cost.depreciation_life_it": 6}}')
        check(status == 400 and "twice" in error_of(body).get("message", ""), "a key twice in a body is a 400")
        status, _, _ = post(port, "/api/run", {"set": {"cost.depreciation_life_it": {"value": 5}}})
        check(status == 400, "a set value that is an object is a 400")
        t = time.monotonic()
        status, _, body = post(port, "/api/run", {"set": {"x" * 100000: "1"}})
        check(status == 400 and time.monotonic() - t < 2 and len(body) < 4000,
              "a 100,000-character unknown path is a short 400 within 2 s")
        many = "\n".join(["scenario: many", "extends: stargate-2025", "sites: [" + ", ".join(["abilene"] * 2000) + "]"])
        status, _, _ = post(port, "/api/run", {"scenario_yaml": many})
        check(status == 400, "a site listed 2,000 times is a 400")
        t = time.monotonic()
        status, _, _ = post(port, "/api/run", {"scenario_yaml": "scenario: long\nextends: stargate-2025\nspan: {start: 2025-01, end: 2324-12}\n"})
        check(status == 400 and time.monotonic() - t < 5, "a 300-year span is a 400 within seconds")
        status, _, _ = post(port, "/api/run", {"scenario_yaml": "scenario: s\nextends: stargate-2025\nspan: 2025\n"})
        check(status == 400, "span: 2025 is a 400")

        # Slow clients: each holds a connection, none holds the server.
        slow = []
        for _ in range(10):
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(f"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            slow.append(s)
        t = time.monotonic()
        check(healthy(port) and time.monotonic() - t < 1, "ten slow clients do not delay /api/health")
        time.sleep(11)
        closed = 0
        for s in slow:
            s.settimeout(3)
            try:
                while s.recv(4096):
                    pass
                closed += 1  # an answer, if any, then the end of the connection
            except socket.timeout:
                pass  # still open
            except OSError:
                closed += 1
            s.close()
        check(closed == 10, "a request that does not arrive whole within its deadline is cut off")

        # 5. No input crashes, hangs or yields a silent non-number.
        status, _, body = post(port, "/api/run", {"scenario_yaml": "scenario: s\nextends: stargate-2025\nsites: []\n"})
        check(status == 400, "sites: [] is a 400 (it crashed the server)")
        for setting, value in [("cost.depreciation_life_it", "0"), ("world.wafer_diameter", "1e308"),
                               ("cost.accelerator_price", "1e200")]:
            t = time.monotonic()
            status, _, body = post(port, "/api/run", {"set": {setting: value}})
            check(status == 400 and error_of(body).get("path") == setting and time.monotonic() - t < 5,
                  f"run with {setting}={value} is a 400 naming it")
        status, _, body = post(port, "/api/mc", {"samples": 50, "set": {"cost.accelerator_price": "1e200"}})
        check(status == 400, "mc with accelerator_price=1e200 is a 400 (it corrupted the heap)")
        status, _, body = post(port, "/api/run", {"set": {"world.wafer_diameter": "300 mm^99"}})
        check(status == 400, "a unit exponent beyond range is a 400")
        status, _, body = post(port, "/api/run", {"set": {"cost.depreciation_life_it": "1,5 year"}})
        check(status == 400, "'1,5' is a 400")
        status, _, body = post(port, "/api/run", {"scenario_yaml": "scenario: a\nextends: stargate-2025\n---\nscenario: b\n"})
        check(status == 400, "a second YAML document is a 400")
        check(healthy(port), "the server is up after every hostile request")
    finally:
        code = server.stop()
    check(code == 0, f"w2t serve ends cleanly on SIGTERM (exit {code})")

    # 7. The store tells the truth: a store that cannot store is a 503, never "kept".
    foreign = os.path.join(folder, "foreign.db")
    with sqlite3.connect(foreign) as c:
        c.execute("create table notes(text)")
        c.execute("insert into notes values ('mine')")
    before = open(foreign, "rb").read()
    s = Server(folder, "--port", "0", "--db", foreign, name="foreign")
    try:
        status, _, body = post(s.port, "/api/run", {"store": True})
        check(status == 503 and "not stored" in error_of(body).get("message", ""),
              "a run into a SQLite file that is not a run store is a 503 saying it was not stored")
        check(post(s.port, "/api/run", {})[0] == 200, "a run not asked to be stored is still answered")
    finally:
        s.stop()
    full = os.path.join(folder, "full.db")
    s = Server(folder, "--port", "0", "--db", full, "--max-store-mb", "1", name="full")
    try:
        first, second = (post(s.port, "/api/run", {"store": True}) for _ in range(2))
        kept = json.loads(request(s.port, "GET", "/api/runs")[2])
        check(first[0] == 200 and second[0] == 503 and "not stored" in error_of(second[2]).get("message", "")
              and len(kept) == 1, "a store at its size limit refuses the next run with a 503, and keeps the first")
    finally:
        s.stop()
    refused = subprocess.run([w2t, "serve", "--port", "0", "--db", folder], capture_output=True, timeout=60)
    check(refused.returncode == 2, "a store path that is a folder is refused at start (exit 2)")
    check(open(foreign, "rb").read() == before, "the foreign SQLite file is left untouched")
    s = Server(folder, "--port", "0", "--db", os.path.join(folder, "absent.db"), name="absent")
    try:
        status, _, body = request(s.port, "GET", "/api/runs")
        check(status == 200 and json.loads(body) == [], "a store not yet made lists no runs")
        check(not os.path.exists(os.path.join(folder, "absent.db")), "listing does not create the store")
    finally:
        s.stop()

    # The token: required beyond loopback, and on loopback when asked.
    token_file = os.path.join(folder, "token")
    with open(token_file, "w") as f:
        f.write("0123456789abcdef0123456789abcdef\n")
    s = Server(folder, "--port", "0", "--db", db, "--token-file", token_file, "--require-token", name="token")
    try:
        check(s.token == "0123456789abcdef0123456789abcdef", "the address printed carries the token")
        check(request(s.port, "GET", "/api/runs")[0] == 401, "without the token: 401")
        check(request(s.port, "GET", "/api/runs", token="0123456789abcdef0123456789abcdeX")[0] == 401,
              "with a wrong token: 401")
        check(request(s.port, "GET", "/api/runs", token=s.token)[0] == 200, "with the token: 200")
        check(request(s.port, "GET", "/api/health")[0] == 200, "health needs no token")
        check(request(s.port, "GET", "/")[0] == 200, "the dashboard's page needs no token")
        # 4. A second server on the same port fails instead of sharing it.
        second = subprocess.run([w2t, "serve", "--port", str(s.port), "--db", db], capture_output=True, timeout=60)
        check(second.returncode != 0, f"a second w2t serve on the same port exits non-zero ({second.returncode})")
    finally:
        s.stop()
    with open(token_file, "w") as f:
        f.write("short\n")
    bad = subprocess.run([w2t, "serve", "--port", "0", "--token-file", token_file], capture_output=True, timeout=60)
    check(bad.returncode == 2, "a token file with too short a token is exit 2")
    s = Server(folder, "--port", "0", "--db", db, "--host", "0.0.0.0", name="wide")
    try:
        check(s.token is not None and len(s.token) >= 32, "serving beyond loopback generates and prints a token")
        check(request(s.port, "GET", "/api/runs")[0] == 401, "beyond loopback, the API needs the token")
    finally:
        s.stop()

print(f"{'all' if failed == 0 else failed} hostile HTTP checks {'passed' if failed == 0 else 'failed'}")
sys.exit(1 if failed else 0)
