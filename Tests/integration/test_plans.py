"""Plans over MCP: the plan tool proposes lookup chains, execute runs stored and composed plans in one call."""

import json

import mcp.types as types
import pytest

from serve_support import stdio_session

pytestmark = pytest.mark.anyio


async def accept(context, params):
    return types.ElicitResult(action="accept", content={"confirm": True})


async def test_plan_tool_proposes_the_lookup_chain_with_inputs_and_guardrails(bundle):
    async with stdio_session(bundle) as session:
        result = await session.call_tool("plan", {"request": "raise the credit limit of Globex Corporation to 5000"})
        assert not result.is_error
        best = result.structured_content["plans"][0]
        assert best["planId"] == "chain:listCustomers>updateCustomer"
        assert best["operations"] == ["listCustomers", "updateCustomer"]
        assert {"name", "body"} <= set(best["inputs"]["properties"])
        assert "credit-limit-cap" in best["guardrails"]
        assert best["proposedInputs"] == {"name": "Globex Corporation", "body": {"credit_limit": 5000}}
        by_id = await session.call_tool("plan", {"request": "set the credit limit of customer C00002 to 5000"})
        assert by_id.structured_content["plans"][0]["planId"] == "op:updateCustomer"
        assert by_id.structured_content["plans"][0]["proposedInputs"]["customer_id"] == "C00002"


async def test_execute_runs_a_stored_plan_in_one_call(bundle, fake_api):
    async with stdio_session(bundle, elicitation_callback=accept) as session:
        result = await session.call_tool("execute", {"plan": "chain:listCustomers>updateCustomer",
                                                     "inputs": {"name": "globex", "body": {"credit_limit": 4500}}})
        assert not result.is_error, result.content[0].text
        data = result.structured_content
        assert data["outcome"] == "succeeded" and [s["step"] for s in data["steps"]] == ["find", "act"]
        assert data["output"]["credit_limit"] == 4500
        assert json.loads(fake_api.calls("PATCH", "/customers/C00002")[-1]["body"]) == {"credit_limit": 4500}


async def test_a_guardrail_stops_a_plan_midway(bundle, fake_api):
    async with stdio_session(bundle, elicitation_callback=accept) as session:
        before = len(fake_api.calls("PATCH"))
        result = await session.call_tool("execute", {"plan": "chain:listCustomers>updateCustomer",
                                                     "inputs": {"name": "globex", "body": {"credit_limit": 50000}}})
        assert result.is_error
        data = result.structured_content
        assert data["outcome"] == "failed"
        assert data["steps"][0]["outcome"] == "succeeded"
        assert data["steps"][1]["outcome"] == "denied" and data["steps"][1]["policy"] == "credit-limit-cap"
        assert len(fake_api.calls("PATCH")) == before


async def test_composed_plans_pass_values_between_steps(bundle):
    async with stdio_session(bundle) as session:
        plan = {"steps": [
            {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
            {"id": "get", "operation": "getCustomer",
             "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
        ]}
        result = await session.call_tool("execute", {"plan": plan})
        assert not result.is_error, result.content[0].text
        assert result.structured_content["output"]["id"] == "C00002"
        # A list that cannot filter by name: the item is chosen by the name input, and a name no item has stops
        # the plan rather than taking another item.
        chosen = {"steps": [
            {"id": "find", "operation": "listCustomers", "arguments": {}},
            {"id": "get", "operation": "getCustomer",
             "arguments": {"customer_id": "$steps.find.response.body#/items/[name=$inputs.customer_name]/id"}},
        ]}
        result = await session.call_tool("execute", {"plan": chosen, "inputs": {"customer_name": "globex corporation"}})
        assert not result.is_error, result.content[0].text
        assert result.structured_content["output"]["id"] == "C00002"
        missing = await session.call_tool("execute", {"plan": chosen, "inputs": {"customer_name": "Initech"}})
        assert missing.is_error and "no item" in missing.content[0].text and "Initech" in missing.content[0].text
        broken = await session.call_tool("execute", {"plan": {"steps": [
            {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "$steps.nope.response.body#/id"}}]}})
        assert broken.is_error and "names no earlier step" in broken.content[0].text
        unknown = await session.call_tool("execute", {"plan": "chain:nothing"})
        assert unknown.is_error and "plan tool" in unknown.content[0].text
