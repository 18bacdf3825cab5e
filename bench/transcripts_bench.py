"""Transcripts benchmark: what keeping a transcript of every tool call costs a call. `hbc serve --http` on the acme
bundle (lexical) with transcripts (the default) and with `--no-transcripts`, rounds interleaved, each answering the
same `execute` calls (getCustomer, then a two-step composed plan) sent against `hbc mock`; reports client-side latency
p50/p99 and the server's CPU per call, and checks that every traced call was written (`hbc trace list`).

Usage: python3 bench/transcripts_bench.py [--calls 400] [--rounds 3]   (HBC=path/to/hbc; default the release build)
Prints a table and writes bench/results/transcripts.json.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

from bench_support import HBC, REPO, cpu_seconds, listening, open_sessions, percentile, post

CALLS = [
    {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}},
    {"plan": {"steps": [
        {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
        {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "C00002"}}]}},
]


def measure(bundle, mock_url, state, calls, transcripts):
    options = [] if transcripts else ["--no-transcripts"]
    command = [HBC, "serve", str(bundle), "--base-url", mock_url, "--state", str(state), "--http", "127.0.0.1:{port}",
               *options]
    with listening(command, env=dict(os.environ, ACME_TOKEN="bench-token-0042")) as (process, port):
        url = f"http://127.0.0.1:{port}/mcp"
        session = open_sessions(url, 1)[0]
        for index in range(20):  # warm-up
            post(url, call(index), session)
        latencies = []
        cpu_before = cpu_seconds(process.pid)
        for index in range(calls):
            started = time.perf_counter()
            answer, _, _ = post(url, call(index), session)
            latencies.append((time.perf_counter() - started) * 1000)
            assert not answer["result"]["isError"], answer
        cpu = (cpu_seconds(process.pid) - cpu_before) / calls * 1000
    return {"p50_ms": round(statistics.median(latencies), 3), "p99_ms": round(percentile(latencies, 0.99), 3),
            "cpu_ms_per_call": round(cpu, 3)}


def call(index):
    return {"jsonrpc": "2.0", "id": index + 1, "method": "tools/call",
            "params": {"name": "execute", "arguments": CALLS[index % len(CALLS)]}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="transcripts-bench-"))
    bundle = work / "acme.hb"
    subprocess.run([HBC, "build", str(REPO / "handbooks" / "acme-analytics"), "-o", str(bundle), "--embedder", "none"],
                   check=True, capture_output=True)
    runs = {"transcripts": [], "no-transcripts": []}
    with listening([HBC, "mock", str(bundle), "--port", "{port}"]) as (_, mock_port):
        mock_url = f"http://127.0.0.1:{mock_port}"
        for round_number in range(arguments.rounds):
            for mode in ("transcripts", "no-transcripts") if round_number % 2 == 0 else ("no-transcripts", "transcripts"):
                state = work / f"{mode}-{round_number}.state.sqlite"
                runs[mode].append(measure(bundle, mock_url, state, arguments.calls, mode == "transcripts"))
                if mode == "transcripts":
                    listed = subprocess.run([HBC, "trace", "list", "--state", str(state), "--limit", "100000",
                                             "--json"], capture_output=True, text=True, check=True)
                    written = len(json.loads(listed.stdout))
                    assert written == arguments.calls + 20, f"{written} transcripts written"
    summary = {mode: {key: round(statistics.median(run[key] for run in values), 3) for key in values[0]}
               for mode, values in runs.items()}
    result = {"binary": HBC, "calls_per_round": arguments.calls, "rounds": arguments.rounds, "median_of_rounds": summary,
              "runs": runs}
    print(f"{'mode':16} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/call':>12}")
    for mode, values in summary.items():
        print(f"{mode:16} {values['p50_ms']:8.3f} {values['p99_ms']:8.3f} {values['cpu_ms_per_call']:12.3f}")
    output = REPO / "bench" / "results" / "transcripts.json"
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {output}")


if __name__ == "__main__":
    main()
