"""Runtime benchmark: `hbc serve` on the GitHub GHES 3.6 bundle (809 operations) and the acme bundle.

Reports the size of `tools/list` (constant whatever the API size), the size of names-only and summary search answers,
cold start to the first `tools/list` answer, search latency over stdio and over HTTP, search requests/s over HTTP with
several concurrent sessions, and resident memory. Raw JSON-RPC keeps client overhead out of the figures.

Run with `make bench`. Prints a report and writes bench/results/serve.json.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from bench_support import HBC, INITIALIZE, INITIALIZED, REPO, SHARED, memory_mb, open_sessions, percentile, post, \
    start_listening, stop

QUERIES = ["list pull requests of a repository", "create an issue", "get the authenticated user", "delete a branch",
           "add a label to an issue", "merge a pull request", "list workflow runs", "search code",
           "create a commit status", "list notifications for the user"]


class StdioClient:
    def __init__(self, bundle, env):
        self.process = subprocess.Popen([HBC, "serve", bundle], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        self.next_id = 1

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        while True:
            answer = json.loads(self.process.stdout.readline())
            if answer.get("id") == self.next_id:
                return answer

    def start(self):
        self.process.stdin.write(json.dumps(INITIALIZE) + "\n")
        self.process.stdin.flush()
        json.loads(self.process.stdout.readline())
        self.process.stdin.write(json.dumps(INITIALIZED) + "\n")
        self.process.stdin.flush()

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def tools_list_bytes(bundle, env):
    client = StdioClient(bundle, env)
    client.start()
    answer = client.request("tools/list")
    client.close()
    return len(answer["result"]["tools"]), len(json.dumps(answer["result"]))


def cold_start_ms(bundle, env, runs=10):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([HBC, "serve", bundle], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        lines = [INITIALIZE, INITIALIZED, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}]
        process.stdin.write("".join(json.dumps(line) + "\n" for line in lines))
        process.stdin.flush()
        while json.loads(process.stdout.readline()).get("id") != 1:
            pass
        samples.append((time.perf_counter() - start) * 1000)
        process.stdin.close()
        process.wait(timeout=30)
    return samples


def stdio_search(bundle, env, rounds=10):
    client = StdioClient(bundle, env)
    client.start()
    client.request("tools/call", {"name": "search", "arguments": {"query": "warm up"}})
    sizes = {}
    for detail in ("names", "summary"):
        answer = client.request("tools/call", {"name": "search", "arguments": {"query": QUERIES[0], "detail": detail}})
        sizes[detail] = len(json.dumps(answer["result"]["structuredContent"]))
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            client.request("tools/call", {"name": "search", "arguments": {"query": query, "detail": "summary"}})
            samples.append((time.perf_counter() - start) * 1000)
    rss = memory_mb(client.process.pid)["rss"]
    client.close()
    return samples, sizes, rss


def http_benchmark(bundle, env, sessions=4, seconds=10):
    process, port = start_listening([HBC, "serve", bundle, "--http", "127.0.0.1:{port}"], env)
    url = f"http://127.0.0.1:{port}/mcp"
    ids = open_sessions(url, sessions)
    post(url, {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
               "params": {"name": "search", "arguments": {"query": "warm up"}}}, ids[0])
    latencies = []
    lock = threading.Lock()
    deadline = time.time() + seconds

    def worker(session):
        counter = 0
        while time.time() < deadline:
            counter += 1
            start = time.perf_counter()
            post(url, {"jsonrpc": "2.0", "id": counter, "method": "tools/call", "params": {
                "name": "search", "arguments": {"query": QUERIES[counter % len(QUERIES)], "detail": "names"}}}, session)
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=worker, args=(session,)) for session in ids]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    rss = memory_mb(process.pid)["rss"]
    stop(process)
    return latencies, len(latencies) / elapsed, rss


def main():
    if not os.path.exists(HBC):
        sys.exit(f"{HBC} missing: run `make release` (make bench does)")
    env = dict(os.environ, ACME_TOKEN="bench")
    with tempfile.TemporaryDirectory() as scratch:
        ghes = os.path.join(scratch, "ghes.hb")
        acme = os.path.join(scratch, "acme.hb")
        subprocess.run([HBC, "build", "--spec", str(SHARED / "specs" / "github_ghes-3.6_3.0.3_via-jentic.json"), "-o", ghes],
                       check=True, capture_output=True)
        subprocess.run([HBC, "build", str(REPO / "handbooks" / "acme-analytics"), "-o", acme], check=True, capture_output=True)
        acme_tools, acme_bytes = tools_list_bytes(acme, env)
        ghes_tools, ghes_bytes = tools_list_bytes(ghes, env)
        cold = cold_start_ms(ghes, env)
        stdio, sizes, stdio_rss = stdio_search(ghes, env)
        http, throughput, http_rss = http_benchmark(ghes, env)
    report = {
        "tools_list": {"acme": {"tools": acme_tools, "bytes": acme_bytes, "tokens": acme_bytes // 4},
                       "ghes": {"tools": ghes_tools, "bytes": ghes_bytes, "tokens": ghes_bytes // 4}},
        "search_answer_bytes_ghes": sizes,
        "cold_start_to_tools_list_ms": {"p50": round(statistics.median(cold), 1), "max": round(max(cold), 1)},
        "search_stdio_ms": {"p50": round(statistics.median(stdio), 2), "p99": round(percentile(stdio, 0.99), 2),
                            "calls": len(stdio)},
        "search_http_ms": {"p50": round(statistics.median(http), 2), "p99": round(percentile(http, 0.99), 2),
                           "calls": len(http), "sessions": 4, "requests_per_s": round(throughput, 1)},
        "rss_mb": {"stdio_after_searches": stdio_rss, "http_after_load": http_rss},
    }
    print(f"tools/list: acme {acme_tools} tools, {acme_bytes} bytes (~{acme_bytes // 4} tokens); "
          f"GHES {ghes_tools} tools, {ghes_bytes} bytes (~{ghes_bytes // 4} tokens)")
    print(f"search answer on GHES (5 results): names {sizes['names']} bytes, summary {sizes['summary']} bytes")
    print(f"cold start to first tools/list (GHES): p50 {report['cold_start_to_tools_list_ms']['p50']} ms")
    print(f"search over stdio: p50 {report['search_stdio_ms']['p50']} ms, p99 {report['search_stdio_ms']['p99']} ms")
    print(f"search over HTTP, 4 sessions: p50 {report['search_http_ms']['p50']} ms, "
          f"p99 {report['search_http_ms']['p99']} ms, {report['search_http_ms']['requests_per_s']} requests/s")
    print(f"RSS: {report['rss_mb']['stdio_after_searches']} MB (stdio), {report['rss_mb']['http_after_load']} MB (HTTP)")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "serve.json").write_text(json.dumps({"benchmark": "serve", **report}, indent=2) + "\n")
    print(f"written to {out / 'serve.json'}")


if __name__ == "__main__":
    main()
