"""`hbc serve` driven by the official MCP Python SDK over stdio and Streamable HTTP, against a fake API."""

import json
import subprocess

import urllib.error
import urllib.request
import mcp.types as types
import pytest

from serve_support import HBC, http_server, http_session, server_env, serve_args, stdio_session
from fake_acme import TOKEN

pytestmark = pytest.mark.anyio


async def test_tools_are_few_and_self_describing(bundle):
    async with stdio_session(bundle) as session:
        tools = (await session.list_tools()).tools
        # The four of the flow first; tools for other tasks (run, groups) may follow.
        assert [tool.name for tool in tools][:4] == ["search", "describe", "plan", "execute"]
        for tool in tools:
            assert tool.description and tool.input_schema["type"] == "object"
        # The agent reads the list before every conversation: at most 600 tokens, counted as characters/4 of the
        # compact JSON (cl100k_base counts fewer on this text).
        listed = [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools]
        assert len(json.dumps({"tools": listed}, separators=(",", ":"), ensure_ascii=False)) <= 2400


async def test_search_detail_levels_grow_progressively(bundle):
    async with stdio_session(bundle) as session:
        sizes = {}
        for detail in ("names", "summary", "detailed", "full"):
            result = await session.call_tool("search", {"query": "update the credit limit of a customer",
                                                        "kind": "operation", "detail": detail, "limit": 3})
            assert not result.is_error
            hits = result.structured_content["results"]
            assert len(hits) == 3 and result.structured_content["traceId"]
            sizes[detail] = len(json.dumps(result.structured_content))
            ids = [hit["id"] for hit in hits]
            assert "updateCustomer" in ids
            if detail == "names":
                assert set(hits[0]) <= {"kind", "id", "method", "path", "uri"}
            if detail == "detailed":
                update = next(hit for hit in hits if hit["id"] == "updateCustomer")
                assert any(p["name"] == "customer_id" for p in update["parameters"])
                assert "credit_limit" in json.dumps(update["body"])
            if detail == "full":
                update = next(hit for hit in hits if hit["id"] == "updateCustomer")
                assert "$defs" in json.dumps(update["arguments"]) or "properties" in update["arguments"]
                assert update["responses"]
        assert sizes["names"] < sizes["summary"] < sizes["detailed"] < sizes["full"]
        assert sizes["names"] < 600


async def test_a_task_searched_lists_its_planned_calls_first(bundle):
    async with stdio_session(bundle) as session:
        task = "raise the credit limit of Initech to 7000"
        planned = await session.call_tool("plan", {"request": task, "limit": 1})
        calls = planned.structured_content["plans"][0]["operations"]
        assert len(calls) == 2, calls
        found = await session.call_tool("search", {"query": task, "kind": "operation", "detail": "names", "limit": 3})
        # The best textual match stays first; the lookup the plan needs follows, though it matches few of the words.
        ids = [hit["id"] for hit in found.structured_content["results"]]
        assert ids[0] == "updateCustomer" and set(ids[:2]) == set(calls), ids
        # Words alone are looked up, not planned: the same words without the name rank by text.
        words = await session.call_tool("search", {"query": "raise the credit limit of a customer", "kind": "operation",
                                                   "detail": "names", "limit": 3})
        assert words.structured_content["results"][0]["id"] == "updateCustomer"


async def test_describe_gives_contract_guardrails_and_docs(bundle):
    async with stdio_session(bundle) as session:
        result = await session.call_tool("describe", {"operations": ["updateCustomer", "nope"]})
        described = result.structured_content["operations"][0]
        assert described["method"] == "PATCH" and described["path"] == "/customers/{customer_id}"
        assert "body" in described["arguments"]["properties"]
        assert "credit_limit" in json.dumps(described["arguments"]["$defs"])
        assert "customer_id" in described["arguments"]["required"]
        policies = {policy["id"] for policy in described["guardrails"]}
        assert {"credit-limit-cap", "confirm-customer-writes"} <= policies
        assert described["docs"] and described["auth"]["type"] == "bearer"
        assert result.structured_content["unknown"] == ["nope"]


async def test_execute_success_redacts_and_conforms(bundle, fake_api):
    async with stdio_session(bundle) as session:
        result = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {"name": "globex"}})
        assert not result.is_error, result.content[0].text
        data = result.structured_content
        assert data["outcome"] == "succeeded" and data["status"] == 200
        assert data["body"]["items"][0]["id"] == "C00002"
        assert "phone" not in json.dumps(data["body"])
        assert data["redacted"] == ["/items/0/phone"]
        assert data["evaluation"]["conforms"] is True
        sent = fake_api.calls("GET", "/customers")[-1]
        assert sent["headers"]["Authorization"] == f"Bearer {TOKEN}"
        assert sent["query"]["name"] == ["globex"]
        assert TOKEN not in json.dumps(data) and TOKEN not in result.content[0].text


async def test_schema_violation_is_reported_before_any_io(bundle, fake_api):
    async with stdio_session(bundle) as session:
        before = len(fake_api.requests)
        result = await session.call_tool("execute", {"operation": "getCustomer",
                                                     "arguments": {"customer_id": "../../admin", "extra": 1}})
        assert result.is_error
        data = result.structured_content
        assert data["outcome"] == "invalid_arguments"
        paths = {violation["path"] for violation in data["violations"]}
        assert "/customer_id" in paths and "/extra" in paths
        assert len(fake_api.requests) == before


async def test_guardrail_denial_names_the_policy_and_sends_nothing(bundle, fake_api):
    async with stdio_session(bundle) as session:
        before = len(fake_api.calls("PATCH"))
        result = await session.call_tool("execute", {"operation": "updateCustomer", "arguments": {
            "customer_id": "C00002", "body": {"credit_limit": 50000}}})
        assert result.is_error
        assert result.structured_content["outcome"] == "denied"
        assert result.structured_content["policy"] == "credit-limit-cap"
        assert "credit-limit-cap" in result.content[0].text
        assert len(fake_api.calls("PATCH")) == before


async def test_confirmation_without_elicitation_is_refused(bundle, fake_api):
    async with stdio_session(bundle) as session:
        before = len(fake_api.calls("PATCH"))
        result = await session.call_tool("execute", {"operation": "updateCustomer", "arguments": {
            "customer_id": "C00002", "body": {"credit_limit": 4000}}})
        assert result.structured_content["outcome"] == "confirmation_required"
        assert "elicitation" in result.structured_content["message"]
        assert len(fake_api.calls("PATCH")) == before


async def test_confirmation_through_elicitation_sends_the_call(bundle, fake_api):
    asked = []

    async def accept(context, params):
        asked.append(params.message)
        return types.ElicitResult(action="accept", content={"confirm": True})

    async with stdio_session(bundle, elicitation_callback=accept) as session:
        result = await session.call_tool("execute", {"operation": "updateCustomer", "arguments": {
            "customer_id": "C00002", "body": {"credit_limit": 5000}}})
        assert not result.is_error, result.content[0].text
        assert result.structured_content["body"]["credit_limit"] == 5000
        assert asked and "updateCustomer" in asked[0]
        assert json.loads(fake_api.calls("PATCH")[-1]["body"]) == {"credit_limit": 5000}


async def test_upstream_errors_timeouts_and_drift_are_reported(bundle):
    async with stdio_session(bundle) as session:
        failed = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00500"}})
        assert failed.is_error
        assert failed.structured_content["outcome"] == "upstream_error" and failed.structured_content["status"] == 500
        assert failed.structured_content["body"]["message"] == "database unavailable"

        slow = await session.call_tool("execute", {"operation": "listProducts", "arguments": {}})
        assert slow.is_error and slow.structured_content["outcome"] == "unreachable"
        assert "did not answer" in slow.structured_content["message"]

        drift = await session.call_tool("execute", {"operation": "getOrder", "arguments": {"order_id": "O000001"}})
        evaluation = drift.structured_content["evaluation"]
        assert evaluation["conforms"] is False
        assert any(v["path"] == "/status" for v in evaluation["violations"])

        echoed = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00401"}})
        assert TOKEN not in json.dumps(echoed.structured_content) and TOKEN not in echoed.content[0].text
        assert "***" in echoed.structured_content["body"]["message"]


async def test_docs_are_resources(bundle):
    async with stdio_session(bundle) as session:
        resources = (await session.list_resources()).resources
        assert len(resources) > 10
        uri = next(str(r.uri) for r in resources if "customers.md" in str(r.uri))
        contents = await session.read_resource(uri)
        assert contents.contents[0].text.startswith("#")


async def test_http_transport_sessions_and_origin_check(bundle, fake_api):
    with http_server(bundle) as (url, _):
        async with http_session(url) as session:
            tools = (await session.list_tools()).tools
            assert [tool.name for tool in tools][:4] == ["search", "describe", "plan", "execute"]
            result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
            assert result.structured_content["status"] == 200
            found = await session.call_tool("search", {"query": "revenue by country", "detail": "names"})
            assert found.structured_content["results"]
        initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
        assert post_status(url, initialize, {"Origin": "http://evil.example"}) == 403
        assert post_status(url, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
                           {"Mcp-Session-Id": "no-such-session"}) == 404
        assert post_status(url, {"jsonrpc": "2.0", "id": 3, "method": "tools/list"}, {}) == 400
        huge = {"jsonrpc": "2.0", "id": 4, "method": "initialize", "params": {"padding": "x" * (5 << 20)}}
        assert post_status(url, huge, {}) == 413
        async with http_session(url) as session:
            tools = (await session.list_tools()).tools
            assert [tool.name for tool in tools][:4] == ["search", "describe", "plan", "execute"]


def post_status(url, message, headers):
    request = urllib.request.Request(url, data=json.dumps(message).encode(), method="POST", headers={
        "Accept": "application/json, text/event-stream", "Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_stdio_answers_everything_before_exiting_on_eof(bundle):
    requests = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "pipe", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "search", "arguments": {"query": "orders"}}},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {
            "name": "execute", "arguments": {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}}}},
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in requests)
    for _ in range(3):
        done = subprocess.run([str(HBC), *serve_args(bundle)], input=stdin, capture_output=True, text=True,
                              env=server_env(), timeout=60)
        answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
        assert sorted(a["id"] for a in answers) == [1, 2, 3, 4], done.stderr
        assert all(line.startswith("{") for line in done.stderr.splitlines())


def test_missing_secrets_are_named_and_not_started_when_required(bundle):
    env = server_env()
    env.pop("ACME_TOKEN")
    done = subprocess.run([str(HBC), *serve_args(bundle, "--require-credentials")], input="", capture_output=True,
                          text=True, env=env, timeout=30)
    assert done.returncode == 1
    assert "ACME_TOKEN" in done.stderr
