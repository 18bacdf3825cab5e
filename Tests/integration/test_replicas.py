"""Replicas (#15): several `hbc serve --http` processes on one PostgreSQL state database (`--state postgres://…`)
behind a load balancer share learned plans and sessions. A plan learned through one replica is offered by another
with the other request's values; a session started on one continues on another (also after the first drained on
SIGTERM, its call in flight finished); killing a replica mid-load loses no plan a client was told was learned."""

import asyncio
import contextlib
import json
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from replica_support import Balancer, postgres_server, state_url  # noqa: F401
from serve_support import HBC, http_serving, http_session

pytestmark = pytest.mark.anyio

DETAILS = {"steps": [
    {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
    {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
]}


def replica(bundle, state, *extra):
    # The fake API's /products answers after 3 s: calls to it must fit the time limit.
    return http_serving(
        ["serve", str(bundle), "--env", "staging", "--request-timeout", "10", "--retries", "0", "--state", state,
         *extra])


def learned(state):
    listed = subprocess.run([str(HBC), "plans", "list", "--state", state, "--json"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


async def test_a_plan_learned_through_one_replica_is_offered_by_the_other_with_its_values(bundle, fake_api, state_url):
    with replica(bundle, state_url) as (a, _), replica(bundle, state_url) as (b, _):
        async with http_session(a) as session:
            stored = await session.call_tool(
                "execute", {"plan": DETAILS, "request": "show me the account details of Globex"})
            assert not stored.is_error, stored.content[0].text
            learned_id = stored.structured_content["cachedAs"]
        async with http_session(b) as session:
            offered = await session.call_tool("plan", {"request": "show me the account details of Initech"})
            best = offered.structured_content["plans"][0]
            assert best["planId"] == learned_id and best["cached"] is True
            assert best["proposedInputs"] == {"name": "Initech"}
            await session.call_tool("execute", {"plan": learned_id, "inputs": best["proposedInputs"]})
            assert fake_api.calls("GET", "/customers")[-1]["query"]["name"] == ["Initech"]
    counts = learned(state_url)
    assert counts["hits"] == 1 and [p["id"] for p in counts["plans"]] == [learned_id]
    # The URL's password never shows: hbc plans names the database with it masked.
    masked = subprocess.run(
        [str(HBC), "plans", "show", "cached:000000000000", "--state", state_url.replace("postgres@", "postgres:s3cr3t@")],
        capture_output=True, text=True)
    assert masked.returncode == 1 and "s3cr3t" not in masked.stderr and "postgres:***@" in masked.stderr


async def test_a_session_continues_on_another_replica_after_the_first_drains_its_call(bundle, fake_api, state_url):
    with replica(bundle, state_url, "--shutdown-grace", "15") as (a, process_a), \
            replica(bundle, state_url) as (b, _), Balancer(a) as balancer:
        async with http_session(balancer.url) as session:
            listed = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
            assert not listed.is_error, listed.content[0].text
            # A slow call is in flight on A when A is told to stop: A finishes it before exiting.
            slow = asyncio.create_task(session.call_tool("execute", {"operation": "listProducts", "arguments": {}}))
            before = len(fake_api.calls("GET", "/products"))
            for _ in range(100):
                if len(fake_api.calls("GET", "/products")) > before:
                    break
                await asyncio.sleep(0.05)
            process_a.send_signal(signal.SIGTERM)
            balancer.target = b  # the load balancer takes A out: the session's next requests go to B
            result = await asyncio.wait_for(slow, timeout=15)
            assert not result.is_error and result.structured_content["status"] == 200
            assert process_a.wait(timeout=15) == 0
            # The same session, on B, which never saw its initialize.
            again = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
            assert not again.is_error, again.content[0].text
            assert again.structured_content["status"] == 200
            tools = await session.list_tools()
            assert any(tool.name == "execute" for tool in tools.tools)
        assert balancer.forwarded.get(b, 0) >= 2


def post(url, message, session=None, method="POST"):
    """Sends one JSON-RPC message (or DELETE) over plain HTTP: (status, session id header, body text)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2025-06-18"}
    if session:
        headers["Mcp-Session-Id"] = session
    data = json.dumps(message).encode() if message else None
    request = urllib.request.Request(url, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Mcp-Session-Id"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, None, error.read().decode()


async def test_a_session_ended_by_its_client_or_never_started_is_unknown_on_every_replica(bundle, state_url):
    with replica(bundle, state_url) as (a, _), replica(bundle, state_url) as (b, _), \
            replica(bundle, state_url) as (c, _):
        status, session, _ = post(a, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}})
        assert status == 200 and session
        assert post(a, {"jsonrpc": "2.0", "method": "notifications/initialized"}, session)[0] == 202
        listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
        status, _, body = post(b, listing, session)
        assert status == 200 and '"execute"' in body, body
        assert post(b, listing, "not-a-session")[0] == 404
        assert post(a, None, session, method="DELETE")[0] == 200
        assert post(c, listing, session)[0] == 404, "ended on A: no other replica adopts it any more"


async def test_killing_a_replica_mid_load_loses_no_learned_plan(bundle, state_url):
    with replica(bundle, state_url) as (a, process_a), replica(bundle, state_url) as (b, _):
        acknowledged = []

        async def learn(url, indices):
            with contextlib.suppress(Exception):  # calls on the killed replica fail: they were never acknowledged
                async with http_session(url) as session:
                    for index in indices:
                        plan = json.loads(json.dumps(DETAILS))
                        plan["steps"][0]["arguments"]["limit"] = index + 1  # a different plan each time
                        stored = await session.call_tool(
                            "execute", {"plan": plan, "request": "show me the account details of Globex"})
                        if not stored.is_error and "cachedAs" in stored.structured_content:
                            acknowledged.append(stored.structured_content["cachedAs"])

        async def kill_a_soon():
            while len(acknowledged) < 3:
                await asyncio.sleep(0.02)
            process_a.send_signal(signal.SIGKILL)

        await asyncio.gather(learn(a, range(0, 40)), learn(b, range(40, 52)), kill_a_soon())
        assert process_a.wait(timeout=5) == -signal.SIGKILL
    stored = {p["id"] for p in learned(state_url)["plans"] if p["valid"]}
    assert len(acknowledged) >= 12 and set(acknowledged) <= stored
