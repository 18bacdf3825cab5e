"""OpenTelemetry and Prometheus: `hbc serve --http` exports the span tree of a multi-step plan execute over OTLP/HTTP
(protobuf, decoded with the OpenTelemetry definitions) under the parent the client sent in `_meta.traceparent`, and
serves its metrics at /metrics; with no OTEL_* variables it exports nothing and has no /metrics."""

import contextlib
import re
import secrets
import time
import urllib.error
import urllib.request

import pytest

from otlp_receiver import OTLPReceiver
from prometheus_text import parse, total
from serve_support import http_serving, http_session, serve_args, server_env, stdio_session

pytestmark = pytest.mark.anyio

SERVER, CLIENT = 2, 3  # OTLP span kinds
ERROR = 2  # OTLP status code

PLAN = {"steps": [
    {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
    {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
]}


@pytest.fixture
def receiver():
    otlp = OTLPReceiver().start()
    yield otlp
    otlp.stop()


@contextlib.contextmanager
def serving(bundle, env):
    """`hbc serve BUNDLE --http` on a free port with `env`; yields the base URL and the process (stopped with SIGTERM,
    which flushes telemetry)."""
    with http_serving(serve_args(bundle), env=env, stop_timeout=15) as (url, process):
        yield url.removesuffix("/mcp"), process


def scrape(base):
    with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        return parse(response.read().decode())


def children(spans, parent):
    return [span for span in spans if span.parent_span_id == parent.span_id]


async def test_plan_execute_span_tree_and_metrics(bundle, fake_api, receiver):
    env = server_env(OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, OTEL_METRICS_EXPORTER="otlp,prometheus",
                     OTEL_SERVICE_NAME="hbc-under-test", OTEL_BSP_SCHEDULE_DELAY="100",
                     OTEL_METRIC_EXPORT_INTERVAL="300")
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    with serving(bundle, env) as (base, _):
        before, types = scrape(base)
        async with http_session(base + "/mcp") as session:
            result = await session.call_tool("execute", {"plan": PLAN},
                                             meta={"traceparent": f"00-{trace_id}-{parent_id}-01"})
            assert not result.is_error, result.content[0].text
            trace_of_result = result.structured_content["traceId"]
            denied = await session.call_tool("execute", {"operation": "updateCustomer", "arguments": {
                "customer_id": "C00002", "body": {"credit_limit": 50000}}})
            assert denied.is_error
            made_up = await session.call_tool("no_such_tool_4711", {})
            assert made_up.is_error
            planned = await session.call_tool(
                "plan", {"request": "raise the credit limit of Globex Corporation to 5000"})
            assert not planned.is_error
        spans = receiver.wait_for_spans(trace_id, ["tools/call execute", "plan.run", "GET /customers",
                                                   "GET /customers/{customer_id}", "evaluation", "guardrail.check"])
        after, types = scrape(base)

    # The server span: MCP semantic conventions, parented by the client's traceparent.
    [server] = [span for span in spans if span.name == "tools/call execute"]
    assert server.kind == SERVER and server.parent_span_id == parent_id
    assert server.attributes["mcp.method.name"] == "tools/call"
    assert server.attributes["gen_ai.tool.name"] == "execute"
    assert re.fullmatch(r"[0-9A-Fa-f-]{36}", server.attributes["mcp.session.id"])
    assert server.attributes["jsonrpc.request.id"]
    assert "error.type" not in server.attributes and server.status_code != ERROR
    assert "gen_ai.tool.call.arguments" not in server.attributes  # content is recorded only when enabled
    assert server.resource["service.name"] == "hbc-under-test"
    assert server.attributes["hbc.trace_id"] == trace_of_result  # the result's traceId, also in the log line

    # plan.run → one operation span per step → guardrail, upstream call (HTTP client conventions), evaluation.
    [plan] = children(spans, server)
    assert plan.name == "plan.run" and plan.attributes["hbc.plan.steps"] == 2 and plan.attributes["hbc.plan.succeeded"]
    steps = children(spans, plan)
    assert [span.name for span in steps] == ["operation listCustomers", "operation getCustomer"]
    upstream_paths = {"operation listCustomers": "/customers", "operation getCustomer": "/customers/{customer_id}"}
    for step in steps:
        assert step.attributes["hbc.outcome"] == "succeeded"
        assert step.attributes["hbc.trace_id"].startswith(trace_of_result)  # a plan step's is the call's + "-N"
        names = [span.name for span in children(spans, step)]
        assert names == ["guardrail.check", f"GET {upstream_paths[step.name]}", "evaluation"], names
        [guardrail, call, evaluation] = children(spans, step)
        assert guardrail.attributes["hbc.guardrail.decision"] == "allow"
        assert call.kind == CLIENT
        assert call.attributes["http.request.method"] == "GET"
        assert call.attributes["server.address"] == "127.0.0.1"
        assert call.attributes["http.response.status_code"] == 200
        assert call.attributes["url.template"] == upstream_paths[step.name]
        assert evaluation.attributes["hbc.evaluation.conforms"] is True
        # The API got the client span's trace context.
        sent = [r for r in fake_api.calls("GET") if r["headers"].get("traceparent", "").startswith(f"00-{trace_id}-")]
        assert any(r["headers"]["traceparent"].split("-")[2] == call.span_id for r in sent)

    # The denied call: its own trace, error.type tool_error, the guardrail's decision recorded.
    denial_checks = [span for span in receiver.spans if span.name == "guardrail.check"
                     and span.attributes.get("hbc.guardrail.decision") == "deny"]
    assert denial_checks and denial_checks[-1].attributes["hbc.guardrail.policy"] == "credit-limit-cap"
    [denied_server] = [span for span in receiver.spans if span.trace_id == denial_checks[-1].trace_id
                       and span.kind == SERVER]
    assert denied_server.attributes["error.type"] == "tool_error" and denied_server.status_code == ERROR

    # Requests the SDK answers get a span named after the method.
    [initialize] = [span for span in receiver.spans if span.name == "initialize"]
    assert initialize.kind == SERVER and initialize.attributes["mcp.method.name"] == "initialize"
    assert initialize.attributes["mcp.session.id"] == server.attributes["mcp.session.id"]
    assert "jsonrpc.request.id" in initialize.attributes

    # Prometheus: the same metrics, counters moved.
    assert types["mcp_server_operation_duration_seconds"] == "histogram"
    duration = "mcp_server_operation_duration_seconds_count"
    assert total(after, duration, gen_ai_tool_name="execute") - total(before, duration, gen_ai_tool_name="execute") == 2
    assert total(after, duration, gen_ai_tool_name="execute", error_type="tool_error") == 1
    assert total(after, duration, gen_ai_tool_name="plan") == 1
    # A tool name a client made up is in no metric dimension and no span name.
    assert total(after, duration, gen_ai_tool_name="_OTHER", error_type="tool_error") == 1
    assert not any("no_such_tool_4711" in str(labels) for _, labels, _ in after)
    assert not any("no_such_tool_4711" in span.name for span in receiver.spans)
    calls = "http_client_request_duration_seconds_count"
    assert total(after, calls, url_template="/customers", http_response_status_code="200") == 1
    assert total(after, "hbc_guardrail_denials", hbc_guardrail_policy="credit-limit-cap") == 1
    assert total(after, "hbc_plan_cache_hits") + total(after, "hbc_plan_cache_misses") >= 1

    # OTLP metrics arrived too (flushed at the latest when the server stopped).
    receiver.wait_for_metrics({"mcp.server.operation.duration", "http.client.request.duration"})
    assert receiver.content_types == {"application/x-protobuf"}


async def test_stdio_tool_calls_are_traced_under_the_given_parent(bundle, receiver):
    env = server_env(OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, OTEL_METRICS_EXPORTER="none",
                     OTEL_BSP_SCHEDULE_DELAY="100")
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    async with stdio_session(bundle, env=env) as session:
        result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {
            "customer_id": "C00002"}}, meta={"traceparent": f"00-{trace_id}-{parent_id}-01"})
        assert not result.is_error
    spans = receiver.wait_for_spans(trace_id, ["tools/call execute", "operation getCustomer"])
    [server] = [span for span in spans if span.name == "tools/call execute"]
    assert server.kind == SERVER and server.parent_span_id == parent_id
    assert server.attributes["network.transport"] == "pipe" and "mcp.session.id" not in server.attributes
    [operation] = children(spans, server)
    assert operation.name == "operation getCustomer"
    assert "GET /customers/{customer_id}" in [span.name for span in children(spans, operation)]
    listed = [span for span in receiver.spans if span.name == "initialize"]
    assert listed and listed[0].attributes["network.transport"] == "pipe"


async def test_tool_content_is_recorded_only_when_enabled_and_masked(bundle, receiver):
    env = server_env(OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, OTEL_METRICS_EXPORTER="none",
                     OTEL_BSP_SCHEDULE_DELAY="100", HBC_OTEL_CAPTURE_CONTENT="true")
    trace_id = secrets.token_hex(16)
    with serving(bundle, env) as (base, _):
        async with http_session(base + "/mcp") as session:
            result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {
                "customer_id": "C00002"}}, meta={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
            assert not result.is_error
            leak_trace = secrets.token_hex(16)
            await session.call_tool(
                "execute", {"operation": "getCustomer", "arguments": {"customer_id": server_env()["ACME_TOKEN"]}},
                meta={"traceparent": f"00-{leak_trace}-{secrets.token_hex(8)}-01"})
        [server] = [s for s in receiver.wait_for_spans(trace_id, ["tools/call execute"]) if s.kind == SERVER]
        [leaking] = [s for s in receiver.wait_for_spans(leak_trace, ["tools/call execute"]) if s.kind == SERVER]
        with pytest.raises(urllib.error.HTTPError) as missing:  # metrics are off: no /metrics route
            urllib.request.urlopen(base + "/metrics", timeout=10)
        assert missing.value.code == 404
    assert '"customer_id":"C00002"' in server.attributes["gen_ai.tool.call.arguments"]
    recorded = server.attributes["gen_ai.tool.call.result"]
    assert '"status":200' in recorded
    assert server_env()["ACME_TOKEN"] not in recorded
    # A secret an agent sends back is masked in the recorded arguments and result, as in results.
    assert server_env()["ACME_TOKEN"] not in leaking.attributes["gen_ai.tool.call.arguments"]
    assert "***" in leaking.attributes["gen_ai.tool.call.arguments"]
    assert server_env()["ACME_TOKEN"] not in leaking.attributes["gen_ai.tool.call.result"]


async def test_nothing_is_exported_without_otel_variables(bundle, receiver):
    env = server_env()
    for name in [name for name in env if name.startswith("OTEL_")]:
        del env[name]
    env["HBC_OTEL_CAPTURE_CONTENT"] = "true"  # alone it turns nothing on
    with serving(bundle, env) as (base, _):
        async with http_session(base + "/mcp") as session:
            result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {
                "customer_id": "C00002"}}, meta={"traceparent": f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"}
            )
            assert not result.is_error
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/metrics", timeout=10)
        assert missing.value.code == 404
    time.sleep(0.5)
    assert receiver.spans == [] and receiver.metric_names == set()
