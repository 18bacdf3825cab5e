"""Model memory benchmark: resident memory of `hbc serve` over Streamable HTTP on the GitHub GHES 3.6 bundle, lexical
(`--embedder none`) and with MiniLM vectors (the query encoder loaded), idle after start and after embedded searches.

For each server it reads /proc/<pid>/status (VmRSS, VmHWM: the peak) and /proc/<pid>/smaps_rollup (anonymous and
file-backed resident memory), and how much of the model's files is resident (the mappings of files under the model
directory, from /proc/<pid>/smaps). Measured three times per server (idle after listening, after one search, after
`--searches` searches with a new query each, so every one is encoded; the server's CPU time per such search is
reported too): the model's share is the difference between the two servers.

Usage: python3 bench/model_memory_bench.py [--searches 100] [--rounds 3]
Prints a table and writes bench/results/model_memory.json.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from bench_support import GHES_QUERIES, GHES_SPEC, HBC, REPO, cpu_seconds, open_sessions, post, start_listening, stop



def kilobytes(path, keys):
    """The `key: N kB` lines of a /proc file as MB."""
    values = {}
    for line in pathlib.Path(path).read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in keys:
            values[name] = round(int(rest.split()[0]) / 1024, 1)
    return values


def model_resident_mb(pid):
    """MB resident from mappings of files whose path contains `/models/` (the model's weights)."""
    total = 0
    current = None
    for line in pathlib.Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
            current = fields[5] if len(fields) > 5 else ""
        elif fields and fields[0] == "Rss:" and current and "/models/" in current:
            total += int(fields[1])
    return round(total / 1024, 1)


def snapshot(pid):
    status = kilobytes(f"/proc/{pid}/status", {"VmRSS", "VmHWM"})
    rollup = kilobytes(f"/proc/{pid}/smaps_rollup", {"Rss", "Anonymous", "Pss_Anon", "Pss_File"})
    return {"rss": status["VmRSS"], "peak": status["VmHWM"], "anonymous": rollup.get("Anonymous"),
            "file": rollup.get("Pss_File"), "model_files": model_resident_mb(pid)}


def search(url, session, query, counter):
    message = {"jsonrpc": "2.0", "id": counter, "method": "tools/call",
               "params": {"name": "search", "arguments": {"query": query, "detail": "summary"}}}
    answer, _, _ = post(url, message, session)
    if answer is None or "error" in answer or answer.get("result", {}).get("isError"):
        sys.exit(f"search failed: {json.dumps(answer)[:400]}")


def measure(bundle, searches):
    process, port = start_listening([HBC, "serve", bundle, "--http", "127.0.0.1:{port}"],
                                    dict(os.environ, GITHUB_TOKEN="bench"))
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        session = open_sessions(url, 1)[0]
        time.sleep(1)
        idle = snapshot(process.pid)
        search(url, session, GHES_QUERIES[0], 1)
        first = snapshot(process.pid)
        before = cpu_seconds(process.pid)
        for index in range(searches):
            search(url, session, f"{GHES_QUERIES[index % len(GHES_QUERIES)]} {index}", index + 2)
        cpu_ms = (cpu_seconds(process.pid) - before) * 1000 / searches
        after = snapshot(process.pid)
        return {"idle": idle, "after_first_search": first, f"after_{searches}_searches": after,
                "cpu_ms_per_search": cpu_ms}
    finally:
        stop(process)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--searches", type=int, default=100, help="embedded searches, each a new query (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="servers started per bundle; medians (default 3)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "model_memory.json"),
                        help="where the JSON report goes (default bench/results/model_memory.json)")
    args = parser.parse_args()
    if not os.path.exists(HBC):
        sys.exit(f"{HBC} missing: run `make release` (make bench does)")
    report = {"benchmark": "model_memory", "hbc": HBC, "spec": GHES_SPEC.name, "searches": args.searches,
              "rounds": args.rounds, "servers": {}}
    with tempfile.TemporaryDirectory() as scratch:
        bundles = {"lexical": os.path.join(scratch, "ghes-lexical.hb"), "model": os.path.join(scratch, "ghes.hb")}
        subprocess.run([HBC, "build", "--spec", str(GHES_SPEC), "-o", bundles["lexical"], "--embedder", "none"],
                       check=True, capture_output=True)
        subprocess.run([HBC, "build", "--spec", str(GHES_SPEC), "-o", bundles["model"]], check=True, capture_output=True)
        for name, bundle in bundles.items():
            runs = [measure(bundle, args.searches) for _ in range(args.rounds)]
            report["servers"][name] = {
                moment: {key: statistics.median(run[moment][key] for run in runs) for key in runs[0][moment]}
                for moment in runs[0] if moment != "cpu_ms_per_search"}
            report["servers"][name]["cpu_ms_per_search"] = round(
                statistics.median(run["cpu_ms_per_search"] for run in runs), 2)
    moments = [moment for moment in report["servers"]["lexical"] if moment != "cpu_ms_per_search"]
    print(f"{'server':8} {'moment':24} {'VmRSS':>7} {'VmHWM':>7} {'anon':>7} {'file':>7} {'model':>7}  (MB, medians)")
    for name, by_moment in report["servers"].items():
        for moment in moments:
            row = by_moment[moment]
            print(f"{name:8} {moment:24} {row['rss']:7.1f} {row['peak']:7.1f} {row['anonymous']:7.1f} "
                  f"{row['file']:7.1f} {row['model_files']:7.1f}")
    print("server CPU per search (a new query each, so the model encodes it): " + ", ".join(
        f"{name} {by_moment['cpu_ms_per_search']} ms" for name, by_moment in report["servers"].items()))
    report["model_share_mb"] = {
        moment: round(report["servers"]["model"][moment]["rss"] - report["servers"]["lexical"][moment]["rss"], 1)
        for moment in moments}
    print("model's share of VmRSS: " + ", ".join(f"{moment} {mb} MB" for moment, mb in report["model_share_mb"].items()))
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
