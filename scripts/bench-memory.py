#!/usr/bin/env python3
"""Peak memory of a release twofold-local under concurrent sign-ins.

Starts target/release/twofold-local on a free loopback port with a fresh data
folder, signs one account up, then fires N correct sign-ins at once and reads
the process's peak resident memory (VmHWM) from /proc. Every sign-in must
succeed: the bound on concurrent Argon2id hashes queues them, it refuses none.

Usage: scripts/bench-memory.py [N ...]   (default: 64 500)
Prints one line per run on stderr (N, permits, peak RSS, seconds, failures)
and, on stdout, one JSON line per N for scripts/bench-report.py: the peak
with the default permits against the unbounded one of the same run, and
the target 64 MiB + 19 MiB per permit.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BINARY = os.path.join(os.path.dirname(__file__), "..", "target", "release", "twofold-local")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, body):
    request = urllib.request.Request(
        f"{base}/1.0/users/authentication/rest/{method}",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())["result"]
    except urllib.error.HTTPError as error:
        return json.loads(error.read()).get("result")


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(concurrent, permits):
    port = free_port()
    env = dict(os.environ, RUST_LOG="warn", TWOFOLD_SIGN_UP_MAX_PER_ADDRESS="10")
    if permits:
        env["TWOFOLD_PASSWORD_HASH_CONCURRENCY"] = str(permits)
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen(
            [BINARY, "--port", str(port), "--data-dir", data, "--dist", data],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            server.stdout.readline()
            base = f"http://127.0.0.1:{port}"
            credentials = {"login": "ada", "password": "correct horse battery"}
            assert call(base, "signup", credentials) == 0
            idle = peak_rss_mib(server.pid)
            results = []
            lock = threading.Lock()
            barrier = threading.Barrier(concurrent)

            def sign_in():
                barrier.wait()
                result = call(base, "signin", credentials)
                with lock:
                    results.append(result)

            threads = [threading.Thread(target=sign_in) for _ in range(concurrent)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - started
            peak = peak_rss_mib(server.pid)
            failures = sum(1 for r in results if r != 0)
            return idle, peak, seconds, failures
        finally:
            server.terminate()
            server.wait()


def main():
    counts = [int(n) for n in sys.argv[1:]] or [64, 500]
    cpus = os.cpu_count() or 1
    print(f"release twofold-local, {cpus} CPUs; peak RSS (VmHWM) after N concurrent correct sign-ins",
          file=sys.stderr)
    for concurrent in counts:
        runs = {}
        for permits in (None, 256):
            label = f"{cpus} (default)" if permits is None else f"{permits} (unbounded)"
            idle, peak, seconds, failures = run(concurrent, permits)
            runs[permits] = (idle, peak, seconds, failures)
            print(
                f"N={concurrent:<4} permits={label:<15} idle {idle:6.1f} MiB  peak {peak:7.1f} MiB"
                f"  {seconds:6.2f} s  failures {failures}",
                file=sys.stderr,
            )
        idle, peak, seconds, failures = runs[None]
        bound = 64 + 19 * cpus
        unbounded = runs[256]
        met = peak <= bound and failures == 0
        figure = {
            "figure": f"Peak RSS, {concurrent} concurrent sign-ins",
            "value": round(peak, 1),
            "unit": "MiB",
            "baseline": round(unbounded[1], 1),
            "baseline_label": "the same with 256 password permits (unbounded), this run",
            "target": bound,
            "met": met,
            "how": f"VmHWM of a release twofold-local (fresh data folder, default permits = {cpus} cores) "
                   f"after {concurrent} correct SignIns released at once; target 64 MiB + 19 MiB x {cpus}",
            "detail": f"idle {idle:.1f} MiB · {seconds:.1f} s for all · {failures} failed "
                      f"(unbounded: {unbounded[2]:.1f} s, {unbounded[3]} failed)",
        }
        if not met:
            figure["why"] = ((f"{failures} sign-ins failed; " if failures else "")
                   + f"the peak is {peak - bound:.0f} MiB over 64 MiB + 19 MiB per password thread: memory "
                   "beyond the threads' Argon2 blocks (allocator arenas keeping freed blocks, request buffers). "
                   "What would fix it: fewer allocator arenas (MALLOC_ARENA_MAX) or an allocator that returns "
                   "freed large blocks, or fewer password permits")
        print(json.dumps(figure))


if __name__ == "__main__":
    main()
