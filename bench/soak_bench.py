"""Soak benchmark: 16 concurrent Streamable HTTP sessions of the official MCP client against `hbc serve --http` on
the acme bundle with a loopback upstream, for N minutes, sampling the server's resident memory (VmRSS), open file
descriptors and sockets in CLOSE-WAIT.

Each worker opens a session, makes a few calls (search, describe, execute: a small answer, a large one, an upstream
error), and ends it; every fourth session is abandoned instead (no DELETE), as a client that went away would. A flat
RSS (within 10 % after warm-up), no fd growth and no CLOSE-WAIT pile-up are the pass marks.

Not part of `make test`. Usage: python3 bench/soak_bench.py [--minutes N] [--sessions 16] [--warmup SECONDS]
(HBC: the binary, default .build/release/hbc, else .build/debug/hbc). Writes bench/results/soak.json.
"""

import argparse
import asyncio
import contextlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

from bench_support import REPO, start_listening, stop
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(REPO / "Tests" / "integration"))
from fake_acme import TOKEN, FakeACME  # noqa: E402

RELEASE = REPO / ".build" / "release" / "hbc"
HBC = os.environ.get("HBC", str(RELEASE if RELEASE.exists() else REPO / ".build" / "debug" / "hbc"))
CALLS = [
    ("search", {"query": "revenue by country", "detail": "summary"}),
    ("describe", {"operations": ["getCustomer", "listOrders"]}),
    ("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}}),
    ("execute", {"operation": "listOrders", "arguments": {}}),
    ("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00500"}}),
]


def build_bundle(directory, upstream):
    root = pathlib.Path(directory) / "acme-analytics"
    subprocess.run(["cp", "-r", str(REPO / "handbooks" / "acme-analytics"), str(root)], check=True)
    manifest = root / "handbook.yaml"
    manifest.write_text(manifest.read_text().replace("http://127.0.0.1:8080", upstream))
    bundle = pathlib.Path(directory) / "acme.hb"
    subprocess.run([HBC, "build", str(root), "-o", str(bundle), "--embedder", "none"], check=True,
                   capture_output=True)
    return bundle


def sample(pid, port):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    close_wait = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in pathlib.Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].split(":")[1], 16) == port and fields[3] == "08":
                    close_wait += 1
    return {"t": round(time.monotonic(), 1), "rss_kb": rss, "fds": fds, "close_wait": close_wait}


async def worker(url, stop_at, counts, abandon_every=4):
    sessions = 0
    while time.monotonic() < stop_at:
        sessions += 1
        abandon = sessions % abandon_every == 0
        try:
            async with streamable_http_client(url, terminate_on_close=not abandon) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    await session.initialize()
                    for tool, arguments in CALLS:
                        result = await session.call_tool(tool, arguments)
                        counts["calls"] += 1
                        expected_error = arguments.get("arguments", {}).get("customer_id") == "C00500"
                        if result.is_error != expected_error:
                            counts["unexpected"] += 1
            counts["sessions"] += 1
            counts["abandoned"] += abandon
        except Exception as error:  # noqa: BLE001 - a soak counts failures instead of stopping
            counts["failures"] += 1
            counts["last_failure"] = repr(error)[:300]
            await asyncio.sleep(0.5)


def summarize(samples, key):
    values = [s[key] for s in samples]
    return {"first": values[0], "last": values[-1], "max": max(values),
            "min": min(values)}


async def soak(url, pid, port, minutes, sessions, warmup):
    counts = {"calls": 0, "sessions": 0, "abandoned": 0, "failures": 0, "unexpected": 0}
    samples = []
    stop_at = time.monotonic() + warmup + minutes * 60
    stopped = threading.Event()

    def sampler():
        while not stopped.wait(2):
            samples.append(sample(pid, port))

    thread = threading.Thread(target=sampler, daemon=True)
    started = time.monotonic()
    thread.start()
    await asyncio.gather(*(worker(url, stop_at, counts) for _ in range(sessions)))
    stopped.set()
    thread.join()
    measured = [s for s in samples if s["t"] - started >= warmup] or samples
    return counts, samples, measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2, help="measured minutes after the warm-up (default 2)")
    parser.add_argument("--sessions", type=int, default=16, help="concurrent sessions (default 16)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the first measured sample")
    parser.add_argument("--output", default=str(REPO / "bench" / "results" / "soak.json"))
    options = parser.parse_args()
    upstream = FakeACME().start()
    with tempfile.TemporaryDirectory(prefix="hbc-soak-") as directory:
        bundle = build_bundle(directory, upstream.url)
        env = dict(os.environ, ACME_TOKEN=TOKEN)
        server, port = start_listening(
            [HBC, "serve", str(bundle), "--env", "staging", "--http", "127.0.0.1:{port}", "--state", "none",
             "--session-idle-timeout", "20", "--log-level", "warning"], env)
        try:
            url = f"http://127.0.0.1:{port}/mcp"
            counts, samples, measured = asyncio.run(
                soak(url, server.pid, port, options.minutes, options.sessions, options.warmup))
            # Let abandoned sessions expire (idle timeout 20 s), then take the after-idle figure.
            time.sleep(30)
            after_idle = sample(server.pid, port)
        finally:
            stop(server)
    upstream.stop()
    rss, fds, close_wait = (summarize(measured, key) for key in ("rss_kb", "fds", "close_wait"))
    report = {
        "binary": HBC, "minutes": options.minutes, "warmup_s": options.warmup, "sessions": options.sessions,
        "counts": counts, "rss_kb": rss, "fds": fds, "close_wait": close_wait, "after_idle": after_idle,
        "rss_growth_after_warmup": round(rss["last"] / rss["first"] - 1, 3),
        "samples": samples,
    }
    pathlib.Path(options.output).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(options.output).write_text(json.dumps(report, indent=1) + "\n")
    print(f"{counts['calls']} calls in {counts['sessions']} sessions ({counts['abandoned']} abandoned), "
          f"{counts['failures']} failures, {counts['unexpected']} unexpected results")
    print(f"RSS KiB first/last/max after warm-up: {rss['first']}/{rss['last']}/{rss['max']} "
          f"({report['rss_growth_after_warmup']:+.1%}); fds {fds['first']}/{fds['last']}/{fds['max']}; "
          f"CLOSE-WAIT max {close_wait['max']}; after idle: RSS {after_idle['rss_kb']} KiB, {after_idle['fds']} fds")


if __name__ == "__main__":
    main()
