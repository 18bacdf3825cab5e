"""Graceful lifecycle of `hbc serve --http` (#15): /healthz and /readyz; SIGTERM refuses new sessions, lets the call
in flight finish and exits 0."""

import asyncio
import contextlib
import json
import signal
import time
import urllib.error
import urllib.request

import pytest

from serve_support import http_serving, http_session

pytestmark = pytest.mark.anyio


def get(url):
    """GET `url`: (status, JSON body)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def initialize(url):
    """POSTs an `initialize` request (a new session): (status, body text)."""
    request = urllib.request.Request(url, method="POST", data=json.dumps({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "late", "version": "1"}},
    }).encode(), headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def serve(bundle, *extra):
    # A slow upstream call (the fake API's /products answers after 3 s) must fit the call's time limit.
    return http_serving(["serve", str(bundle), "--env", "staging", "--request-timeout", "10", "--retries", "0", *extra])


async def test_healthz_and_readyz_answer_without_a_session(bundle):
    with serve(bundle) as (url, _):
        base = url.removesuffix("/mcp")
        assert get(base + "/healthz") == (200, {"status": "ok"})
        status, ready = get(base + "/readyz")
        assert status == 200 and ready["status"] == "ready"
        assert ready["handbook"] == "acme-analytics" and ready["contentHash"].startswith("sha256:")
        assert ready["environment"] == "staging"


async def test_sigterm_finishes_the_call_in_flight_refuses_new_sessions_and_exits_0(bundle, fake_api):
    seen = {}
    with serve(bundle, "--shutdown-grace", "15") as (url, process):
        base = url.removesuffix("/mcp")
        try:
            async with http_session(url) as session:
                before = len(fake_api.calls("GET", "/products"))
                call = asyncio.create_task(session.call_tool("execute", {"operation": "listProducts", "arguments": {}}))
                deadline = time.time() + 5
                while len(fake_api.calls("GET", "/products")) == before and time.time() < deadline:
                    await asyncio.sleep(0.05)
                seen["reached"] = len(fake_api.calls("GET", "/products")) > before
                process.send_signal(signal.SIGTERM)
                await asyncio.sleep(0.3)
                seen["readyz"] = await asyncio.to_thread(get, base + "/readyz")
                seen["healthz"] = await asyncio.to_thread(get, base + "/healthz")
                seen["initialize"] = await asyncio.to_thread(initialize, url)
                seen["result"] = await asyncio.wait_for(call, timeout=15)
        except Exception:
            # Ending the client session fails once the server is gone; anything before that is a failure.
            if "result" not in seen:
                raise
        assert process.wait(timeout=15) == 0
        log = process.stderr.read()
    assert seen["reached"], "the slow call reached the API before SIGTERM"
    status, body = seen["readyz"]
    assert (status, body["status"]) == (503, "draining")
    assert seen["healthz"][0] == 200, "alive while draining"
    assert seen["initialize"][0] == 503 and "shutting down" in seen["initialize"][1]
    result = seen["result"]
    assert not result.is_error, result.content[0].text
    assert result.structured_content["outcome"] == "succeeded" and result.structured_content["status"] == 200
    assert '"calls_in_flight":1' in log and "drained: no call in flight" in log


async def test_the_shutdown_grace_bounds_the_wait(bundle, fake_api):
    with serve(bundle, "--shutdown-grace", "0.5") as (url, process):
        async with http_session(url) as session:
            before = len(fake_api.calls("GET", "/products"))
            call = asyncio.create_task(session.call_tool("execute", {"operation": "listProducts", "arguments": {}}))
            while len(fake_api.calls("GET", "/products")) == before:
                await asyncio.sleep(0.05)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 15)
            assert code == 0
            assert time.monotonic() - started < 2.5, "stopped at the grace, before the 3 s call ended"
            call.cancel()
            with contextlib.suppress(BaseException):
                await call
