"""Transcripts of tool calls (#15): kept in the state database, read by trace id with `hbc trace` and as the MCP
resource hbc://traces/{id}, secrets masked as in results, bodies left out."""

import json
import subprocess
import time

import pytest
from mcp.shared.exceptions import MCPError

from fake_acme import TOKEN
from serve_support import HBC, http_server, http_session, stdio_session

pytestmark = pytest.mark.anyio


def trace(*args):
    """Runs `hbc trace ARGS`."""
    return subprocess.run([str(HBC), "trace", *args], capture_output=True, text=True, timeout=30)


def shown(trace_id, state, *options):
    """`hbc trace show TRACE_ID --state STATE`, waiting briefly for the server's background writer."""
    deadline = time.time() + 10
    while True:
        result = trace("show", trace_id, "--state", str(state), *options)
        if result.returncode == 0 or time.time() > deadline:
            return result
        time.sleep(0.1)


async def test_trace_show_prints_a_multi_step_execute_with_its_calls_and_secrets_masked(bundle, tmp_path):
    state = tmp_path / "acme.state.sqlite"
    async with stdio_session(bundle, "--state", str(state)) as session:
        composed = await session.call_tool("execute", {
            "plan": {"steps": [
                {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
                {"id": "get", "operation": "getCustomer",
                 "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
            ]},
            "request": f"look up globex with key {TOKEN}",
        })
        assert not composed.is_error, composed.content[0].text
        denied = await session.call_tool("execute", {
            "plan": "chain:listCustomers>updateCustomer",
            "inputs": {"name": "globex", "body": {"credit_limit": 50000}},
        })
        assert denied.is_error
    composed_id = composed.structured_content["traceId"]
    denied_id = denied.structured_content["traceId"]

    text = shown(composed_id, state)
    assert text.returncode == 0, text.stderr
    assert f"trace {composed_id}  execute  succeeded" in text.stdout
    assert "  1. find: listCustomers → succeeded 200 · " in text.stdout
    assert "  2. get: getCustomer → succeeded 200 · " in text.stdout
    assert "evaluation: conforms" in text.stdout
    assert "look up globex with key ***" in text.stdout
    assert TOKEN not in text.stdout

    as_json = json.loads(shown(composed_id, state, "--json").stdout)
    assert as_json["traceId"] == composed_id and as_json["tool"] == "execute"
    assert [(c["step"], c["operation"], c["status"]) for c in as_json["calls"]] == [
        ("find", "listCustomers", 200), ("get", "getCustomer", 200)]
    assert all(call["durationMs"] >= 0 for call in as_json["calls"])
    assert "not kept in transcripts" in as_json["calls"][1]["body"], "response bodies are left out"
    assert "accounts@globex.example" not in json.dumps(as_json)
    assert TOKEN not in json.dumps(as_json)

    guarded = shown(denied_id, state)
    assert guarded.returncode == 0, guarded.stderr
    assert "  2. act: updateCustomer → denied" in guarded.stdout
    assert "guardrail: denied by policy credit-limit-cap" in guarded.stdout

    listed = json.loads(trace("list", "--state", str(state), "--json").stdout)
    assert [entry["traceId"] for entry in listed][:2] == [denied_id, composed_id]
    errors = json.loads(trace("list", "--state", str(state), "--errors", "--json").stdout)
    assert [entry["traceId"] for entry in errors] == [denied_id]

    missing = trace("show", "00000000-0000-0000-0000-000000000000", "--state", str(state))
    assert missing.returncode == 1 and "no transcript of trace" in missing.stderr


async def test_a_transcript_is_an_mcp_resource_by_its_trace_id(bundle, tmp_path):
    state = tmp_path / "acme.state.sqlite"
    with http_server(bundle, "--state", str(state)) as (url, _):
        async with http_session(url) as session:
            templates = await session.list_resource_templates()
            assert "hbc://traces/{traceId}" in [t.uri_template for t in templates.resource_templates]
            result = await session.call_tool("execute", {"operation": "getCustomer",
                                                         "arguments": {"customer_id": "C00002"}})
            assert not result.is_error, result.content[0].text
            trace_id = result.structured_content["traceId"]
            read = await session.read_resource(f"hbc://traces/{trace_id}")
            transcript = json.loads(read.contents[0].text)
            assert read.contents[0].mime_type == "application/json"
            assert transcript["traceId"] == trace_id and transcript["outcome"] == "succeeded"
            assert transcript["calls"][0]["operation"] == "getCustomer" and transcript["calls"][0]["status"] == 200
            assert transcript["request"] == {"arguments": {"customer_id": "C00002"}, "operation": "getCustomer"}
            with pytest.raises(MCPError, match="no transcript for trace"):
                await session.read_resource("hbc://traces/0000-ffff")
            with pytest.raises(MCPError, match="not a trace id"):
                await session.read_resource("hbc://traces/../../etc/passwd")


async def test_no_transcripts_keeps_nothing(bundle, tmp_path):
    state = tmp_path / "acme.state.sqlite"
    async with stdio_session(bundle, "--state", str(state), "--no-transcripts") as session:
        result = await session.call_tool("search", {"query": "customers"})
        with pytest.raises(MCPError, match="transcripts are not kept"):
            await session.read_resource(f"hbc://traces/{result.structured_content['traceId']}")
        templates = await session.list_resource_templates()
        assert templates.resource_templates == []
    listed = trace("list", "--state", str(state), "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
