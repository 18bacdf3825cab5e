"""Peer benchmark: `hbc serve` against FastMCP (`FastMCP.from_openapi` with its BM25 search transform) on the same
OpenAPI spec (GitHub GHES 3.6, 809 operations), over Streamable HTTP, interleaved path by path in one run.

Load comes from `wrk` (a C load generator that leaves the cores to the servers) posting JSON-RPC on sessions
initialized beforehand, one session per connection (bench/jsonrpc_post.lua). For each path and server it reports
requests/s, p50/p99 latency, and the server's CPU per call (the process's utime+stime delta from /proc over the calls
served), then the ratio FastMCP/hbc. Also: resident memory idle, right after each server's last load and 3 s
after all loads (with what it is made of: the executable's code and data, Swift runtime libraries, other libraries,
anonymous memory; bench/rss_breakdown.py), and `tools/list` size in tokens.

Paths: `tools/list`; lexical search (hbc on a bundle built with `--embedder none`, FastMCP `search_tools`; the same
query repeated, so hbc answers from its kept ranking, as for a next page or another detail level; and hbc with a new
query each call, an unused word appended, which ranks every time); hbc search
with the query embedded (hybrid, on a bundle with MiniLM vectors, server "hbc+model"; the same query repeated, so
a cache of query embeddings shows); hbc search for a task ("list the open pull requests of octocat/hello-world": a
query that states a value is planned, and the planned calls lead the answer; server "hbc planning", on the lexical
bundle, so that its memory shows what planning adds), repeated (the planned calls are kept) and new each call (planned
each time); hbc `describe` of a large operation;
`execute` of a simple GET against `hbc mock` (and the same GET sent to the mock directly, for the upstream's share).

Set-up (`make bench` does it): `apt-get install -y wrk`, `pip install fastmcp`, release build, model (tokens are counted
with tiktoken when it is installed, else as characters/4).
Usage: python3 bench/peer_bench.py [--seconds 8] [--peer-seconds 20] [--connections 8] [--rounds 2] [--only hbc]
Prints a table and writes bench/results/peer.json.
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

from bench_support import GHES_SPEC, HBC, REPO, cpu_seconds, memory_mb, open_sessions, post, require_load_tools, start_listening, stop
from rss_breakdown import breakdown

STARTED = []  # every process this run starts, ended when it exits
SPEC = GHES_SPEC
LUA = REPO / "bench" / "jsonrpc_post.lua"
QUERY = "list pull requests of a repository"
TASK = "list the open pull requests of octocat/hello-world"
DESCRIBED = "repos/create-or-update-file-contents"
GET_OPERATION = "meta/root"
QUIET_SECONDS = 3  # memory is measured again this long after the load (a server may give freed memory back)


def tool_call(name, arguments):
    return {"jsonrpc": "2.0", "id": "__ID__", "method": "tools/call", "params": {"name": name, "arguments": arguments}}


class Server:
    """A server under test: its process, URL, sessions and the calls of each path."""

    def __init__(self, name, command, env, calls):
        self.name = name
        self.process, self.port = start_listening(command, env)
        STARTED.append(self.process)
        self.url = f"http://127.0.0.1:{self.port}/mcp"
        self.calls = calls
        self.sessions = []

    def prepare(self, connections):
        self.sessions = open_sessions(self.url, connections)
        for message in self.calls.values():
            answer, _, _ = post(self.url, json.loads(json.dumps(message).replace('"__ID__"', "1")), self.sessions[0])
            if answer is None or "error" in answer or answer.get("result", {}).get("isError"):
                sys.exit(f"{self.name}: warm-up call failed: {json.dumps(message)[:200]} -> {json.dumps(answer)[:400]}")


def run_wrk(url, sessions, body, seconds, connections, pid):
    env = dict(os.environ, MCP_SESSIONS=",".join(sessions), MCP_BODY=json.dumps(body).replace('"__ID__"', "__ID__") if body else "")
    before = cpu_seconds(pid) if pid else 0
    output = subprocess.run(
        ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s", "--latency", "-s", str(LUA), url],
        env=env, capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(pid) if pid else 0
    line = next(line for line in output.splitlines() if line.startswith("WRKJSON "))
    result = json.loads(line[len("WRKJSON "):])
    calls = max(result["requests"], 1)
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    result["server_cpu_ms_per_call"] = round((after - before) * 1000 / calls, 3) if pid else None
    return result


def tokens(text):
    """Tokens of `text` in cl100k_base: from tiktoken, else from bpe-openai (which ships the encoding, so it works
    offline), else estimated as characters/4."""
    try:
        import tiktoken
        return len(tiktoken.get_encoding("cl100k_base").encode(text)), "cl100k_base"
    except Exception:  # not installed, or its encoding file cannot be fetched offline
        pass
    try:
        import bpe_openai
        return len(bpe_openai.get_encoding("cl100k_base").encode(text)), "cl100k_base (bpe-openai)"
    except Exception:
        return len(text) // 4, "chars/4"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8, help="seconds of load per hbc path and round (default 8)")
    parser.add_argument("--connections", type=int, default=8,
                        help="wrk connections, each on its own initialized session (default 8)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all paths; medians are reported (default 2)")
    parser.add_argument("--peer-seconds", type=int, default=20,
                        help="seconds per FastMCP path (its searches and calls take seconds each under load)")
    parser.add_argument("--only", choices=["hbc", "fastmcp"], help="measure one server only (HBC=BINARY picks hbc's)")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "peer.json"),
                        help="where the JSON report goes (default bench/results/peer.json)")
    args = parser.parse_args()
    require_load_tools()
    env = dict(os.environ, GITHUB_TOKEN="bench")
    with tempfile.TemporaryDirectory() as scratch:
        bundle = os.path.join(scratch, "ghes.hb")
        lexical_bundle = os.path.join(scratch, "ghes-lexical.hb")
        started = time.perf_counter()
        subprocess.run([HBC, "build", "--spec", str(SPEC), "-o", bundle], check=True, capture_output=True)
        build_seconds = time.perf_counter() - started
        subprocess.run([HBC, "build", "--spec", str(SPEC), "-o", lexical_bundle, "--embedder", "none"], check=True,
                       capture_output=True)
        mock, mock_port = start_listening([HBC, "mock", bundle, "--port", "{port}"])
        STARTED.append(mock)
        base = f"http://127.0.0.1:{mock_port}"
        servers = []
        if args.only != "fastmcp":
            servers.append(Server("hbc", [HBC, "serve", lexical_bundle, "--http", "127.0.0.1:{port}", "--base-url", base],
                                  env, {
                "tools/list": {"jsonrpc": "2.0", "id": "__ID__", "method": "tools/list"},
                "search lexical": tool_call("search", {"query": QUERY, "detail": "summary"}),
                "search lexical, new query each call": tool_call("search", {"query": QUERY + " __N__", "detail": "summary"}),
                "describe": tool_call("describe", {"operations": [DESCRIBED]}),
                "execute GET": tool_call("execute", {"operation": GET_OPERATION, "arguments": {}}),
            }))
            servers.append(Server("hbc+model", [HBC, "serve", bundle, "--http", "127.0.0.1:{port}", "--base-url", base],
                                  env, {"search embedded": tool_call("search", {"query": QUERY, "detail": "summary"})}))
            servers.append(Server("hbc planning", [HBC, "serve", lexical_bundle, "--http", "127.0.0.1:{port}",
                                                   "--base-url", base], env, {
                "search a task": tool_call("search", {"query": TASK, "detail": "summary"}),
                "search a task, new each call": tool_call("search", {"query": TASK + " __N__", "detail": "summary"}),
            }))
        if args.only != "hbc":
            fastmcp_name = GET_OPERATION.replace("/", "")  # FastMCP drops the slash: "metaroot"
            servers.append(Server("fastmcp", [sys.executable, str(REPO / "bench" / "peer_fastmcp_server.py"),
                                              str(SPEC), "{port}", base], env, {
                "tools/list": {"jsonrpc": "2.0", "id": "__ID__", "method": "tools/list"},
                "search lexical": tool_call("search_tools", {"query": QUERY}),
                "execute GET": tool_call("call_tool", {"name": fastmcp_name, "arguments": {}}),
            }))
        report = {"benchmark": "peer", "spec": SPEC.name, "connections": args.connections, "seconds": args.seconds,
                  "rounds": args.rounds, "hbc_build_seconds": round(build_seconds, 2), "servers": {}, "paths": {}}
        for server in servers:
            server.prepare(args.connections)
            answer, _, size = post(server.url, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, server.sessions[0])
            # Counted on the compact JSON the server sends (the form a client hands on).
            count, tokenizer = tokens(json.dumps(answer["result"], separators=(",", ":"), ensure_ascii=False))
            report["servers"][server.name] = {"tools_list_bytes": size, "tools_list_tokens": count,
                                              "tokenizer": tokenizer, "memory_idle_mb": memory_mb(server.process.pid),
                                              "memory_idle_breakdown_mb": breakdown(server.process.pid)}
        samples = {}
        for _ in range(args.rounds):
            direct = run_wrk(f"{base}/", ["none"], "", args.seconds, args.connections, mock.pid)
            samples.setdefault(("upstream GET (direct)", "mock"), []).append(direct)
            for path in ["tools/list", "search lexical", "search lexical, new query each call", "search embedded",
                         "search a task", "search a task, new each call", "describe", "execute GET"]:
                for server in servers:
                    if path in server.calls:
                        seconds = args.peer_seconds if server.name == "fastmcp" else args.seconds
                        result = run_wrk(server.url, server.sessions, server.calls[path], seconds,
                                         args.connections, server.process.pid)
                        samples.setdefault((path, server.name), []).append(result)
                        # Read right after each run, so that what stays is the reading after the server's last.
                        report["servers"][server.name]["memory_after_load_mb"] = memory_mb(server.process.pid)
                        report["servers"][server.name]["memory_after_load_breakdown_mb"] = breakdown(
                            server.process.pid)
        time.sleep(QUIET_SECONDS)
        for server in servers:
            report["servers"][server.name]["memory_quiet_mb"] = memory_mb(server.process.pid)
            report["servers"][server.name]["memory_quiet_breakdown_mb"] = breakdown(server.process.pid)
            stop(server.process)
        stop(mock)
    for (path, name), runs in samples.items():
        best = {key: statistics.median(run[key] for run in runs)
                for key in ["requests_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_call"] if runs[0][key] is not None}
        best["errors"] = sum(run["non_2xx"] + run["socket_errors"] + run["answer_errors"] for run in runs)
        report["paths"].setdefault(path, {})[name] = best
    print(f"{'path':24} {'server':8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/call':>12} {'errors':>7}")
    for path, by_server in report["paths"].items():
        for name, row in by_server.items():
            print(f"{path:24} {name:8} {row['requests_per_s']:9.1f} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f} "
                  f"{row.get('server_cpu_ms_per_call', 0):12.3f} {row['errors']:7d}")
        if "hbc" in by_server and "fastmcp" in by_server:
            hbc, peer = by_server["hbc"], by_server["fastmcp"]
            ratios = {"throughput_hbc_over_fastmcp": round(hbc["requests_per_s"] / max(peer["requests_per_s"], 0.1), 2),
                      "cpu_fastmcp_over_hbc": round(peer["server_cpu_ms_per_call"]
                                                    / max(hbc["server_cpu_ms_per_call"], 1e-6), 2)}
            by_server["ratios"] = ratios
            print(f"{'':24} ratios: hbc throughput ×{ratios['throughput_hbc_over_fastmcp']}, "
                  f"FastMCP CPU per call ×{ratios['cpu_fastmcp_over_hbc']} of hbc's")
    if "execute GET" in report["paths"] and "upstream GET (direct)" in report["paths"]:
        upstream = report["paths"]["upstream GET (direct)"]["mock"]["server_cpu_ms_per_call"]
        for name, row in report["paths"]["execute GET"].items():
            if name != "ratios":
                row["cpu_above_upstream_ms"] = round(row["server_cpu_ms_per_call"], 3)
        report["upstream_cpu_ms_per_call"] = upstream
    for name, server in report["servers"].items():
        print(f"{name}: tools/list {server['tools_list_bytes']} bytes, {server['tools_list_tokens']} tokens "
              f"({server['tokenizer']}); memory idle {server['memory_idle_mb']}, after load "
              f"{server['memory_after_load_mb']}, {QUIET_SECONDS} s later {server['memory_quiet_mb']} MB")
        for moment in ["idle", "after_load", "quiet"]:
            parts = server[f"memory_{moment}_breakdown_mb"]
            print(f"  RSS {moment.replace('_', ' ')}: " + ", ".join(f"{name} {parts[name]}" for name in parts
                                                                   if name != "total"))
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    try:
        main()
    finally:
        for process in STARTED:
            if process.poll() is None:
                process.kill()
