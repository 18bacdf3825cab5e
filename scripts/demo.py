"""The one-command demo: start the ACME Analytics server and `hbc serve` on the acme bundle, print the MCP client
configuration, and show a scripted agent session (search → describe → execute) through the official MCP client.

Run by `make demo` after the release build. Keeps serving until Ctrl-C when run in a terminal; exits after the
transcript otherwise (or with --once).
"""

import argparse
import asyncio
import contextlib
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

REPO = pathlib.Path(__file__).resolve().parents[1]
TOKEN = "demo-token"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, name, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with status {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{name} did not start within {seconds} s")


def show(title, value):
    text = json.dumps(value, indent=2, ensure_ascii=False)
    lines = text.splitlines()
    if len(lines) > 24:
        text = "\n".join(lines[:24] + [f"  … ({len(lines) - 24} more lines)"])
    print(f"\n── {title}\n{text}")


async def transcript(url):
    async with streamable_http_client(url) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            info = await session.initialize()
            tools = await session.list_tools()
            print(f"\nconnected to {info.server_info.name} {info.server_info.version}; tools: "
                  + ", ".join(tool.name for tool in tools.tools))
            request = "raise the credit limit of Globex Corporation"
            found = await session.call_tool("search", {"query": request, "detail": "names", "limit": 3})
            show(f'search "{request}" (detail: names)', found.structured_content["results"])
            described = await session.call_tool("describe", {"operations": ["updateCustomer"]})
            contract = described.structured_content["operations"][0]
            show("describe updateCustomer → guardrails", contract["guardrails"])
            customers = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {"name": "globex"}})
            body = customers.structured_content.get("body", {})
            show("execute listCustomers {name: globex}", {"status": customers.structured_content.get("status"),
                                                          "items": body.get("items", [])[:1],
                                                          "redacted": customers.structured_content.get("redacted")})
            denied = await session.call_tool("execute", {"operation": "updateCustomer", "arguments": {
                "customer_id": "C00002", "body": {"credit_limit": 50000}}})
            show("execute updateCustomer {credit_limit: 50000}", {
                "outcome": denied.structured_content["outcome"], "message": denied.structured_content.get("message")})
            sales = await session.call_tool("execute", {"operation": "querySales", "arguments": {"body": {
                "group_by": ["year"], "aggregates": [{"fn": "sum", "field": "revenue", "as": "revenue"}],
                "sort": [{"field": "year", "direction": "asc"}]}}})
            show("execute querySales revenue by year", sales.structured_content.get("body"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", default=str(REPO / "out" / "acme-analytics.hb"))
    parser.add_argument("--bin", default=str(REPO / ".build" / "release"))
    parser.add_argument("--once", action="store_true", help="exit after the transcript")
    args = parser.parse_args()
    hbc = pathlib.Path(args.bin) / "hbc"
    server = pathlib.Path(args.bin) / "acme-analytics-server"
    acme_port, mcp_port = free_port(), free_port()
    env = dict(os.environ, ACME_TOKEN=TOKEN)
    processes = []
    try:
        acme = subprocess.Popen([str(server), "--port", str(acme_port), "--token", TOKEN], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(acme)
        wait_for(f"http://127.0.0.1:{acme_port}/health", acme, "acme-analytics-server")
        log = REPO / "out" / "serve.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        serve = subprocess.Popen([str(hbc), "serve", args.bundle, "--http", f"127.0.0.1:{mcp_port}",
                                  "--base-url", f"http://127.0.0.1:{acme_port}", "--log-file", str(log)],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(serve)
        url = f"http://127.0.0.1:{mcp_port}/mcp"
        wait_for(url, serve, "hbc serve")
        print(f"ACME Analytics API  http://127.0.0.1:{acme_port}  (token {TOKEN})")
        print(f"MCP (Streamable HTTP)  {url}")
        print("\nMCP client configuration (stdio):")
        print(json.dumps({"mcpServers": {"acme-analytics": {
            "command": str(hbc), "args": ["serve", args.bundle, "--base-url", f"http://127.0.0.1:{acme_port}"],
            "env": {"ACME_TOKEN": TOKEN}}}}, indent=2))
        print("\nMCP client configuration (HTTP):")
        print(json.dumps({"mcpServers": {"acme-analytics": {"url": url}}}, indent=2))
        asyncio.run(transcript(url))
        print(f"\nlogs: {log}")
        if args.once or not sys.stdin.isatty():
            return
        print("\nserving; press Ctrl-C to stop")
        with contextlib.suppress(KeyboardInterrupt):
            while all(process.poll() is None for process in processes):
                time.sleep(1)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
