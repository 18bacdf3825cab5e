"""The `run` tool and `hbc run`: requests done end to end by the orchestrator, driven with the official MCP client
against `hbc serve` and the real acme-analytics-server (seeded SQLite) on loopback, behind a logging proxy that shows
what reached the API."""

import contextlib
import json
import os
import subprocess

import mcp.types as types
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from run_support import TOKEN, acme, acme_bundle, api_get, proxy  # noqa: F401
from serve_support import HBC

pytestmark = pytest.mark.anyio


@contextlib.asynccontextmanager
async def session(bundle, base_url, tmp_path, elicitation_callback=None):
    env = dict(os.environ, ACME_TOKEN=TOKEN)
    args = ["serve", str(bundle), "--base-url", base_url, "--request-timeout", "5", "--retries", "0",
            "--state", str(tmp_path / "state.sqlite")]
    params = StdioServerParameters(command=str(HBC), args=args, env=env)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicitation_callback) as client:
            await client.initialize()
            yield client


async def run(client, request, **arguments):
    result = await client.call_tool("run", {"request": request, **arguments})
    return result, result.structured_content


def calls(outcome):
    return [call for attempt in outcome["transcript"]["attempts"] for call in attempt["calls"]]


async def test_the_run_tool_is_listed_with_a_short_description(acme_bundle, acme, tmp_path):
    async with session(acme_bundle, acme, tmp_path) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert "run" in tools
        assert tools["run"].input_schema["required"] == ["request"]
        assert len(tools["run"].description.split()) < 50


async def test_a_single_call_request_answers_with_the_api_data(acme_bundle, acme, tmp_path):
    async with session(acme_bundle, acme, tmp_path) as client:
        result, outcome = await run(client, "show customer C00042")
    assert not result.is_error, result.content[0].text
    assert outcome["outcome"] == "succeeded"
    expected = api_get(acme, "/customers/C00042")
    assert outcome["answer"]["name"] == expected["name"]
    assert "phone" not in outcome["answer"], "redaction applies to runs too"
    assert [call["operation"] for call in calls(outcome)] == ["getCustomer"]
    assert calls(outcome)[0]["evaluation"]["conforms"] is True
    transcript = outcome["transcript"]
    assert transcript["context"] and transcript["plans"][0]["operations"] == ["getCustomer"]
    assert outcome["traceId"] and outcome["traceId"] in result.content[0].text


async def test_a_multi_step_request_looks_up_then_answers(acme_bundle, acme, tmp_path):
    async with session(acme_bundle, acme, tmp_path) as client:
        result, outcome = await run(client, "show the sales summary of customer Globex")
    assert not result.is_error, result.content[0].text
    operations = [call["operation"] for call in calls(outcome)]
    assert operations == ["listCustomers", "getCustomerSummary"], result.content[0].text
    found = api_get(acme, "/customers?name=Globex")["items"][0]
    assert outcome["answer"] == api_get(acme, f"/customers/{found['id']}/summary")


async def test_a_guarded_write_is_sent_only_when_the_person_confirms(acme_bundle, acme, tmp_path):
    asked = []

    async def answer(decision):
        async def callback(context, params):
            asked.append(params.message)
            return types.ElicitResult(action="accept", content={"confirm": decision})
        return callback

    customer = api_get(acme, "/customers?name=Initech")["items"][0]
    request = "set the credit limit of Initech to 7000"
    async with session(acme_bundle, acme, tmp_path, elicitation_callback=await answer(False)) as client:
        result, outcome = await run(client, request)
    assert result.is_error and outcome["outcome"] == "refused", result.content[0].text
    assert len(outcome["transcript"]["attempts"]) == 1, "a refusal is never re-planned"
    assert api_get(acme, f"/customers/{customer['id']}")["credit_limit"] == customer["credit_limit"]

    async with session(acme_bundle, acme, tmp_path, elicitation_callback=await answer(True)) as client:
        result, outcome = await run(client, request)
    assert not result.is_error, result.content[0].text
    assert outcome["outcome"] == "succeeded"
    assert len(asked) == 2 and "updateCustomer" in asked[-1]
    assert api_get(acme, f"/customers/{customer['id']}")["credit_limit"] == 7000
    assert outcome["answer"]["credit_limit"] == 7000


async def test_a_guarded_write_without_elicitation_is_refused_and_not_sent(acme_bundle, proxy, tmp_path):
    async with session(acme_bundle, proxy.url, tmp_path) as client:
        result, outcome = await run(client, "set the credit limit of Umbrella to 6000")
    assert result.is_error and outcome["outcome"] == "refused"
    assert "PATCH" not in [method for method, _ in proxy.requests()]


async def test_a_missing_input_is_listed_with_its_schema_then_given(acme_bundle, acme, tmp_path):
    async with session(acme_bundle, acme, tmp_path) as client:
        result, outcome = await run(client, "get the order with its lines")
        assert not result.is_error
        assert outcome["outcome"] == "needs_inputs", result.content[0].text
        missing = {entry["name"]: entry["schema"] for entry in outcome["missingInputs"]}
        assert list(missing) == ["order_id"]
        assert missing["order_id"]["type"] == "string" and missing["order_id"]["pattern"]
        assert outcome["transcript"]["attempts"] == [], "nothing is sent before the inputs are known"
        result, outcome = await run(client, "get the order with its lines", inputs={"order_id": "O000011"})
    assert outcome["outcome"] == "succeeded", result.content[0].text
    assert outcome["answer"]["id"] == "O000011"


async def test_a_missing_input_is_asked_for_with_elicitation(acme_bundle, acme, tmp_path):
    asked = []

    async def give(context, params):
        asked.append(params.requested_schema)
        return types.ElicitResult(action="accept", content={"order_id": "O000012"})

    async with session(acme_bundle, acme, tmp_path, elicitation_callback=give) as client:
        result, outcome = await run(client, "get the order with its lines")
    assert outcome["outcome"] == "succeeded", result.content[0].text
    assert outcome["answer"]["id"] == "O000012"
    assert "order_id" in asked[0]["properties"]


async def test_a_failing_call_triggers_a_replan_without_it(acme_bundle, acme, tmp_path):
    async with session(acme_bundle, acme, tmp_path) as client:
        result, outcome = await run(client, "show customer C99999")
    attempts = outcome["transcript"]["attempts"]
    assert len(attempts) >= 2, result.content[0].text
    first = attempts[0]["calls"][-1]
    assert first["operation"] == "getCustomer" and first["status"] == 404
    assert attempts[0]["decision"].startswith("re-plan")
    assert all("getCustomer" not in [call["operation"] for call in attempt["calls"]] for attempt in attempts[1:])


async def test_progress_notifications_arrive_per_step(acme_bundle, acme, tmp_path):
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, total, message))

    async with session(acme_bundle, acme, tmp_path) as client:
        result = await client.call_tool("run", {"request": "show the sales summary of customer Globex"},
                                        progress_callback=on_progress)
    assert not result.is_error
    messages = [message for _, _, message in progress]
    assert messages[0] == "planning" and messages[-1] == "done"
    assert any("listCustomers" in message for message in messages)
    assert any("getCustomerSummary" in message for message in messages)
    values = [value for value, _, _ in progress]
    assert values == sorted(set(values)), "progress only grows"


async def test_a_dry_run_shows_the_exact_requests_and_sends_nothing(acme_bundle, proxy, tmp_path):
    before = len(proxy.requests())
    async with session(acme_bundle, proxy.url, tmp_path) as client:
        result, outcome = await run(client, "update customer C00007", dryRun=True,
                                    inputs={"body": {"credit_limit": 2500}})
    assert not result.is_error
    assert outcome["outcome"] == "dry_run"
    [call] = outcome["calls"]
    assert (call["method"], call["url"]) == ("PATCH", f"{proxy.url}/customers/C00007")
    assert call["body"] == {"credit_limit": 2500}
    assert "Authorization" not in call["headers"]
    assert call["guardrail"].startswith("confirm")
    assert len(proxy.requests()) == before, "the API saw nothing"


def test_hbc_run_dry_run_sends_nothing_and_a_real_run_does(acme_bundle, proxy, tmp_path):
    env = dict(os.environ, ACME_TOKEN=TOKEN)
    command = [str(HBC), "run", str(acme_bundle), "show the sales summary of customer Globex", "--base-url", proxy.url,
               "--state", "none", "--json"]
    before = len(proxy.requests())
    dry = subprocess.run(command + ["--dry-run"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert dry.returncode == 0, dry.stderr
    outcome = json.loads(dry.stdout)
    assert outcome["outcome"] == "dry_run"
    assert outcome["calls"][0]["url"] == f"{proxy.url}/customers?name=Globex"
    assert outcome["calls"][1]["waitsFor"]
    assert len(proxy.requests()) == before

    real = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    assert real.returncode == 0, real.stderr
    assert json.loads(real.stdout)["outcome"] == "succeeded"
    sent = proxy.requests()[before:]
    assert [method for method, _ in sent] == ["GET", "GET"]
    assert sent[0][1] == "/customers?name=Globex" and sent[1][1].endswith("/summary")


def test_hbc_run_reports_missing_inputs_with_exit_status_3(acme_bundle, acme):
    result = subprocess.run([str(HBC), "run", str(acme_bundle), "get the order with its lines", "--base-url", acme,
                             "--state", "none"], capture_output=True, text=True,
                            env=dict(os.environ, ACME_TOKEN=TOKEN), stdin=subprocess.DEVNULL)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "needs order_id" in result.stdout
