#!/usr/bin/python3
"""A second client's PING latency while one client floods pipelined INCRs,
for not_redis-server and redis-server in the same run.

    bench/fairness.py [path/to/not_redis-server] [--seconds S] [--json]

Each server is started on a free loopback port (redis-server with no
persistence). The flood is `redis-cli --pipe` streaming INCRs as fast as the
server takes them; meanwhile another connection sends one PING at a time and
times each round trip. A server that lets one connection run everything it
has read before serving the others shows it here as milliseconds of PING
latency.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCR = b"*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


def measure(port, flood_file, seconds):
    flood = subprocess.Popen(["redis-cli", "-p", str(port), "--pipe"], stdin=open(flood_file, "rb"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)  # the flood is under way
        ping = socket.create_connection(("127.0.0.1", port))
        ping.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        latencies = []
        end = time.time() + seconds
        while time.time() < end and flood.poll() is None:
            start = time.perf_counter()
            ping.sendall(b"PING\r\n")
            reply = b""
            while not reply.endswith(b"\r\n"):
                reply += ping.recv(64)
            latencies.append((time.perf_counter() - start) * 1000)
        ping.close()
    finally:
        flood.kill()
        flood.wait()
    latencies.sort()
    if not latencies:
        raise RuntimeError("no PING answered during the flood")
    return {"pings": len(latencies), "p50_ms": latencies[len(latencies) // 2],
            "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]}


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    seconds = 3.0
    if "--seconds" in args:
        seconds = float(args[args.index("--seconds") + 1])
    paths = [a for a in args if not a.startswith("--") and a != str(seconds)]
    not_redis = paths[0] if paths else os.path.join(ROOT, "build", "demo", "not_redis-server")

    with tempfile.TemporaryDirectory() as work:
        # Enough INCRs that the flood outlasts the measurement.
        flood_file = os.path.join(work, "incr.resp")
        with open(flood_file, "wb") as f:
            f.write(INCR * 8_000_000)
        results = {}
        for name, command in (
            ("not_redis", lambda p: [not_redis, "--port", str(p), "--bind", "127.0.0.1"]),
            ("redis", lambda p: ["redis-server", "--port", str(p), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no"]),
        ):
            port = free_port()
            server = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for(port)
                results[name] = measure(port, flood_file, seconds)
            finally:
                server.terminate()
                server.wait()

    if as_json:
        print(json.dumps({f"flood_ping_{k}_{name}": v for name, r in results.items() for k, v in r.items()}))
        return
    print(f"a second client's PING during a pipelined INCR flood, {seconds:g} s each")
    print(f"{'server':<12} {'PINGs':>7} {'p50 (ms)':>9} {'p99 (ms)':>9}")
    for name, r in results.items():
        print(f"{name:<12} {r['pings']:>7} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f}")


if __name__ == "__main__":
    main()
