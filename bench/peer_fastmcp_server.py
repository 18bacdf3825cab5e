"""FastMCP peer for bench/peer_bench.py: a server built with `FastMCP.from_openapi` from one OpenAPI spec, with the
BM25 search transform (so `tools/list` is search + call, like hbc's discovery tools), over Streamable HTTP.

Usage: python3 bench/peer_fastmcp_server.py SPEC.json PORT [BASE_URL]
"""

import json
import sys

import httpx2
from fastmcp import FastMCP
from fastmcp.server.transforms.search import BM25SearchTransform


def main():
    spec_path, port = sys.argv[1], int(sys.argv[2])
    base_url = sys.argv[3] if len(sys.argv) > 3 else "http://127.0.0.1:9"
    with open(spec_path) as handle:
        spec = json.load(handle)
    client = httpx2.AsyncClient(base_url=base_url, timeout=30)
    server = FastMCP.from_openapi(openapi_spec=spec, client=client, name="peer")
    server.add_transform(BM25SearchTransform(max_results=5))
    server.run(transport="http", host="127.0.0.1", port=port, show_banner=False, log_level="ERROR")


if __name__ == "__main__":
    main()
