"""Response shaping: result sizes with and without the handbook's shapes.

For the acme handbook (against acme-analytics-server's seeded data) and for GitHub GHES 3.6 with the shapes of
bench/data/github-shapes (against `hbc mock`, which answers the spec's examples), it calls each shaped operation through
`hbc serve` with the official MCP client, once plain and once with its shape, and records the bytes of the structured
result (and bytes/4 as a rough token count). Writes bench/results/shaping.json.
"""

import asyncio
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

from bench_support import HBC, REPO, listening
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ACME_SERVER = os.environ.get("ACME_SERVER", str(pathlib.Path(HBC).parent / "acme-analytics-server"))

ACME_CALLS = [
    ("listCustomers", {"limit": 200}, "credit"),
    ("listCustomers", {"limit": 50, "sort": "-credit_limit"}, "names"),
    ("getCustomer", {"customer_id": "C00002"}, "credit"),
    ("listOrders", {"limit": 200}, "totals"),
    ("listOrders", {"limit": 100, "status": "shipped"}, "totals"),
]

GITHUB_CALLS = [
    ("repos/list-for-org", {"org": "octo-org"}, "summary"),
    ("repos/get", {"owner": "octocat", "repo": "hello-world"}, "summary"),
    ("repos/list-commits", {"owner": "octocat", "repo": "hello-world"}, "summary"),
    ("issues/list-for-repo", {"owner": "octocat", "repo": "hello-world"}, "summary"),
    ("issues/get", {"owner": "octocat", "repo": "hello-world", "issue_number": 1347}, "summary"),
    ("pulls/list", {"owner": "octocat", "repo": "hello-world"}, "summary"),
    ("pulls/get", {"owner": "octocat", "repo": "hello-world", "pull_number": 1347}, "summary"),
]


async def measure(bundle, base_url, calls, env):
    params = StdioServerParameters(command=HBC, args=["serve", str(bundle), "--base-url", base_url], env=env)
    rows = []
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for operation, arguments, shape in calls:
                sizes = {}
                for label, extra in [("plain", {}), ("shaped", {"shape": shape})]:
                    started = time.perf_counter()
                    result = await session.call_tool("execute", {"operation": operation, "arguments": arguments,
                                                                 **extra})
                    elapsed = (time.perf_counter() - started) * 1000
                    if result.is_error:
                        raise RuntimeError(f"{operation} {label}: {result.content[0].text}")
                    sizes[label] = len(json.dumps(result.structured_content, separators=(",", ":")).encode())
                    sizes[label + "_ms"] = round(elapsed, 1)
                    sizes[label + "_truncated"] = bool(result.structured_content.get("truncated"))
                rows.append({"operation": operation, "arguments": arguments, "shape": shape, **sizes})
    return rows


def summary(rows):
    plain = [row["plain"] for row in rows]
    shaped = [row["shaped"] for row in rows]
    return {
        "calls": len(rows),
        "median_bytes_plain": statistics.median(plain),
        "median_bytes_shaped": statistics.median(shaped),
        "median_tokens_plain": round(statistics.median(plain) / 4),
        "median_tokens_shaped": round(statistics.median(shaped) / 4),
        "median_reduction": round(1 - statistics.median(s / p for s, p in zip(shaped, plain)), 3),
        "median_shaping_overhead_ms": round(statistics.median(row["shaped_ms"] - row["plain_ms"] for row in rows), 1),
    }


def measure_against(upstream, bundle, calls, env):
    """Measures `calls` through `bundle` against the upstream `upstream` starts (listening on its `{port}`)."""
    with listening(upstream) as (_, port):
        rows = asyncio.run(measure(bundle, f"http://127.0.0.1:{port}", calls, env))
    return {"summary": summary(rows), "calls": rows}


def build(source, out, *extra):
    result = subprocess.run([HBC, "build", str(source), "-o", str(out), "--embedder", "none", *extra],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)


def main():
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        temporary = pathlib.Path(temporary)
        env = dict(os.environ, ACME_TOKEN="bench-token")

        acme = temporary / "acme.hb"
        build(REPO / "handbooks" / "acme-analytics", acme)
        upstream = [ACME_SERVER, "--port", "{port}", "--token", "bench-token"]
        results["acme"] = measure_against(upstream, acme, ACME_CALLS, env)

        github = temporary / "github.hb"
        build(REPO / "bench" / "data" / "github-shapes", github)
        upstream = [HBC, "mock", str(github), "--port", "{port}"]
        results["github_ghes_3_6"] = measure_against(upstream, github, GITHUB_CALLS, env)

    out = REPO / "bench" / "results" / "shaping.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for name, result in results.items():
        print(name, json.dumps(result["summary"]))


if __name__ == "__main__":
    main()
