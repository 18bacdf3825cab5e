"""Release benchmark: `hbc diff` on real API version pairs, `hbc promote` into a store, and how long a server following
the store takes to hand new sessions the promoted bundle.

- diff: Stripe 2022-04-12 → 2023-09-12 (both ways) and GHES 3.6 against itself, bundles built with `--embedder none`;
  median of 5 runs, with the change counts of the last run.
- promote: the GHES bundle (about 10 MB) into staging of a fresh store (copy, verify, pointer switch, log), median
  of 5 fresh stores.
- switch: `hbc serve --store S --env staging --http` (follow interval 0.2 s) while `hbc promote` swaps two acme
  bundles; the time from the promote command's exit to the first new session that reports the new version, median
  of 5 switches.

Run with `make bench`. Prints a report and writes bench/results/release.json.
"""

import json
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
RUNS = 5


def run(*args, env=None):
    result = subprocess.run([HBC, *map(str, args)], capture_output=True, text=True, env=env)
    if result.returncode not in (0, 1):
        sys.exit(f"hbc {' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result


def timed(*args):
    start = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - start, result


def build_spec(spec, out):
    run("build", "--spec", spec, "-o", out, "--embedder", "none")
    return out


def diff_rows(scratch):
    stripe22 = build_spec(SHARED / "specs" / "stripe_spec3_2022-04-12.json", scratch / "stripe22.hb")
    stripe23 = build_spec(SHARED / "specs" / "stripe_spec3_2023-09-12.yaml", scratch / "stripe23.hb")
    ghes = build_spec(SHARED / "specs" / "github_ghes-3.6_3.0.3_via-jentic.json", scratch / "ghes.hb")
    rows = []
    for name, old, new in [("Stripe 2022-04-12 → 2023-09-12", stripe22, stripe23),
                           ("Stripe 2023-09-12 → 2022-04-12", stripe23, stripe22),
                           ("GHES 3.6 → itself", ghes, ghes)]:
        times, report = [], None
        for _ in range(RUNS):
            seconds, result = timed("diff", old, new, "--json")
            times.append(seconds)
            report = json.loads(result.stdout)
        summary = report["summary"]
        rows.append({"case": name, "median_s": round(statistics.median(times), 3), "runs": RUNS,
                     "operations_added": summary["operationsAdded"], "operations_removed": summary["operationsRemoved"],
                     "operations_changed": summary["operationsChanged"], "breaking": summary["breaking"],
                     "compatible": summary["compatible"]})
    return rows, ghes


def promote_row(ghes, scratch):
    times = []
    for index in range(RUNS):
        store = scratch / f"store-{index}"
        seconds, result = timed("promote", ghes, "--to", "staging", "--store", store)
        if result.returncode != 0:
            sys.exit(result.stdout + result.stderr)
        times.append(seconds)
    return {"case": "promote GHES bundle into staging", "bundle_bytes": os.path.getsize(ghes),
            "median_s": round(statistics.median(times), 3), "runs": RUNS}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_version(url):
    """Opens an MCP session over HTTP and returns the server's version (the handbook's), then ends the session."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
    with urllib.request.urlopen(request, timeout=10) as response:
        session = response.headers.get("Mcp-Session-Id")
        text = response.read().decode()
    # JSON, or an SSE stream whose data lines carry the answer (an empty priming event may come first).
    payloads = [line[5:] for line in text.splitlines() if line.startswith("data:") and line[5:].strip()] or [text]
    answer = next(json.loads(p) for p in payloads if "result" in json.loads(p))
    version = answer["result"]["serverInfo"]["version"]
    delete = urllib.request.Request(url, method="DELETE", headers={"Mcp-Session-Id": session})
    urllib.request.urlopen(delete, timeout=10).close()
    return version


def switch_row(scratch):
    bundles = {}
    for version in ["1.0.0", "1.1.0"]:
        root = scratch / f"acme-{version}"
        shutil.copytree(REPO / "handbooks" / "acme-analytics", root)
        manifest = root / "handbook.yaml"
        manifest.write_text(manifest.read_text().replace("version: 1.0.0", f"version: {version}"))
        bundles[version] = scratch / f"acme-{version}.hb"
        run("build", root, "-o", bundles[version])
    store = scratch / "switch-store"
    run("promote", bundles["1.0.0"], "--to", "staging", "--store", store)
    port = free_port()
    env = dict(os.environ, ACME_TOKEN="bench")
    server = subprocess.Popen([HBC, "serve", "--store", store, "--env", "staging", "--follow-interval", "0.2",
                               "--http", f"127.0.0.1:{port}"], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                session_version(url)
                break
            except OSError:
                time.sleep(0.05)
        delays = []
        current = "1.0.0"
        for _ in range(RUNS):
            target = "1.1.0" if current == "1.0.0" else "1.0.0"
            run("promote", bundles[target], "--to", "staging", "--store", store)
            promoted = time.perf_counter()
            while session_version(url) != target:
                time.sleep(0.01)
            delays.append(time.perf_counter() - promoted)
            current = target
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"case": "serve --store: promote → first new session on the new bundle (follow interval 0.2 s)",
            "median_s": round(statistics.median(delays), 3), "max_s": round(max(delays), 3), "runs": RUNS}


def main():
    with tempfile.TemporaryDirectory() as directory:
        scratch = pathlib.Path(directory)
        diffs, ghes = diff_rows(scratch)
        rows = diffs + [promote_row(ghes, scratch), switch_row(scratch)]
    for row in rows:
        details = ", ".join(f"{key} {value}" for key, value in row.items() if key not in ("case", "median_s"))
        print(f"{row['case']:<90} {row['median_s']:>7.3f} s  ({details})")
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "release.json").write_text(json.dumps(
        {"benchmark": "release", "hbc": HBC, "cpus": os.cpu_count(), "rows": rows}, indent=2) + "\n")
    print(f"written to {results / 'release.json'}")


if __name__ == "__main__":
    main()
