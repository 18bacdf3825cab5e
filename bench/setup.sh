#!/bin/sh
# Set-up for `make bench` only (CI does not run benchmarks): the wrk load generator from Debian, FastMCP (the peer
# bench/peer_bench.py compares against) and bpe-openai (cl100k_base token counts offline) from PyPI, each installed once.
set -eu
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi
python3 -c "import fastmcp" 2>/dev/null || python3 -m pip install --quiet "fastmcp>=4.2,<5"
python3 -c "import bpe_openai" 2>/dev/null || python3 -m pip install --quiet "bpe-openai>=0.1.4,<0.2"
