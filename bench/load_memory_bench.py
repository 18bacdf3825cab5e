"""Memory under load, path by path: a fresh release `hbc serve` of the GHES lexical bundle per path, `wrk` posting
that path's call on 8 initialized sessions in rounds, the server's resident memory and the calls served after each
round. A path whose memory keeps climbing round after round, or whose calls per round keep falling, holds something
per call; one that levels off shows its working set under load.

This is how the timers that outlived their calls were found (#17): `execute` grew about 5 MB per 7,000 calls and
slowed round by round until the per-call deadline's sleep released its timer when cancelled.

Set-up as for bench/peer_bench.py (`wrk`, a release build). Usage:
python3 bench/load_memory_bench.py [--rounds 6] [--seconds 4] [--connections 8]
Prints a table and writes bench/results/load_memory.json.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time

import peer_bench
from bench_support import GHES_SPEC, HBC, REPO, memory_mb, require_load_tools, start_listening, stop

PATHS = {
    "tools/list": {"jsonrpc": "2.0", "id": "__ID__", "method": "tools/list"},
    "search lexical, new query each call": peer_bench.tool_call(
        "search", {"query": peer_bench.QUERY + " __N__", "detail": "summary"}),
    "describe": peer_bench.tool_call("describe", {"operations": [peer_bench.DESCRIBED]}),
    "execute GET": peer_bench.tool_call("execute", {"operation": peer_bench.GET_OPERATION, "arguments": {}}),
    # The first plan builds the planning catalog (every operation's inputs, terms and response fields), kept after.
    "plan, new request each call": peer_bench.tool_call(
        "plan", {"request": "Which files does the newest open pull request in acme/web-__N__ change?"}),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6, help="rounds of load per path (default 6)")
    parser.add_argument("--seconds", type=int, default=4, help="seconds per round (default 4)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections, one session each (default 8)")
    args = parser.parse_args()
    require_load_tools()
    env = dict(os.environ, GITHUB_TOKEN="bench")
    report = {"benchmark": "load_memory", "hbc": HBC, "rounds": args.rounds, "seconds": args.seconds,
              "connections": args.connections, "paths": {}}
    with tempfile.TemporaryDirectory() as scratch:
        bundle = os.path.join(scratch, "ghes-lexical.hb")
        subprocess.run([HBC, "build", "--spec", str(GHES_SPEC), "-o", bundle, "--embedder", "none"], check=True,
                       capture_output=True)
        mock, mock_port = start_listening([HBC, "mock", bundle, "--port", "{port}"])
        try:
            for path, call in PATHS.items():
                # A state database of its own per path, so transcripts of earlier paths are not part of this one.
                state = os.path.join(scratch, path.replace("/", "-").replace(" ", "-") + ".state.sqlite")
                server = peer_bench.Server(
                    "hbc", [HBC, "serve", bundle, "--http", "127.0.0.1:{port}",
                            "--base-url", f"http://127.0.0.1:{mock_port}", "--state", state], env, {path: call})
                try:
                    server.prepare(args.connections)
                    rows = [{"round": 0, "calls": 0, "rss_mb": memory_mb(server.process.pid)["rss"]}]
                    for number in range(1, args.rounds + 1):
                        result = peer_bench.run_wrk(server.url, server.sessions, call, args.seconds,
                                                    args.connections, None)
                        rows.append({"round": number, "calls": result["requests"],
                                     "rss_mb": memory_mb(server.process.pid)["rss"]})
                    time.sleep(3)
                    rows.append({"round": "idle 3 s", "calls": 0, "rss_mb": memory_mb(server.process.pid)["rss"]})
                finally:
                    stop(server.process)
                report["paths"][path] = rows
                print(f"{path:38} " + "  ".join(f"{row['rss_mb']:.1f}" for row in rows) + " MB   calls/round "
                      + " ".join(str(row["calls"]) for row in rows[1:-1]))
        finally:
            stop(mock)
    out = REPO / "bench" / "results" / "load_memory.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"(RSS idle, after each round, then 3 s after the load)\nwritten to {out}")


if __name__ == "__main__":
    main()
