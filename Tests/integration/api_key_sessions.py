"""MCP sessions over Streamable HTTP as users of an `--access` file with static API keys (one key per user), for the
memory and connect-flow tests."""

import contextlib

import httpx2
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

KEYS = {"alice": "key-alice-0123456789", "bob": "key-bob-0123456789", "carol": "key-carol-0123456789",
        "mallory": "key-mallory-0123456789"}


@contextlib.asynccontextmanager
async def session_as(url, user):
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {KEYS[user]}"}, timeout=30) as client:
        async with streamable_http_client(url, http_client=client) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                yield session
