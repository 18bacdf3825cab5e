"""The plan cache: composed plans that ran are offered again for paraphrases, not for other intents; a rebuilt
bundle re-validates the plans whose operations changed compatibly and invalidates exactly those whose operations
changed incompatibly."""

import json
import subprocess

import pytest

from serve_support import HBC, build_handbook, copy_acme, stdio_session

pytestmark = pytest.mark.anyio

DETAILS = {"steps": [
    {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
    {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
]}
ORDERS = {"steps": [
    {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
    {"id": "orders", "operation": "listOrders", "arguments": {"customer_id": "$steps.find.response.body#/items/0/id"}},
]}


def plans(state):
    listed = subprocess.run([str(HBC), "plans", "list", "--state", str(state), "--json"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


async def test_cached_plans_are_reused_for_paraphrases_and_invalidated_precisely(tmp_path, fake_api):
    root = tmp_path / "acme"
    copy_acme(root, fake_api.url)
    bundle, state = tmp_path / "acme.hb", tmp_path / "state.sqlite"
    build_handbook(root, bundle)

    async with stdio_session(bundle, "--state", str(state)) as session:
        stored = await session.call_tool("execute", {"plan": DETAILS, "request": "show me the account details of Globex"})
        assert not stored.is_error, stored.content[0].text
        details_id = stored.structured_content["cachedAs"]
        stored = await session.call_tool("execute", {"plan": ORDERS, "request": "list the orders Globex placed"})
        orders_id = stored.structured_content["cachedAs"]

        similar = await session.call_tool("plan", {"request": "show the account details for Globex"})
        best = similar.structured_content["plans"][0]
        assert best["planId"] == details_id and best["cached"] is True
        # The learned plan takes the request's name as an input: run without it, it asks for it.
        assert best["inputs"]["required"] == ["name"]
        missing = await session.call_tool("execute", {"plan": details_id})
        assert missing.is_error and "name" in missing.content[0].text
        rerun = await session.call_tool("execute", {"plan": details_id, "inputs": best["proposedInputs"]})
        assert not rerun.is_error and rerun.structured_content["output"]["id"] == "C00002"

        # The same request about another customer is offered the same plan, with that customer's name.
        other_customer = await session.call_tool("plan", {"request": "show me the account details of Initech"})
        offered = other_customer.structured_content["plans"][0]
        assert offered["planId"] == details_id and offered["proposedInputs"] == {"name": "Initech"}
        await session.call_tool("execute", {"plan": details_id, "inputs": offered["proposedInputs"]})
        assert fake_api.calls("GET", "/customers")[-1]["query"]["name"] == ["Initech"]

        other = await session.call_tool("plan", {"request": "raise the credit limit of Globex to 5000"})
        assert not other.structured_content["plans"][0].get("cached")

    counts = plans(state)
    assert counts["hits"] >= 1 and counts["misses"] >= 1
    assert {p["id"] for p in counts["plans"] if p["valid"]} == {details_id, orders_id}

    # A compatible change (a summary) re-validates the plan that calls getCustomer.
    spec = root / "openapi" / "acme-analytics.yaml"
    spec.write_text(spec.read_text().replace("summary: Get a customer\n", "summary: Get one customer by id\n", 1))
    build_handbook(root, bundle)
    async with stdio_session(bundle, "--state", str(state)) as session:
        kept = await session.call_tool("execute", {"plan": details_id, "inputs": {"name": "globex"}})
        assert not kept.is_error, kept.content[0].text
    revalidated = plans(state)
    assert all(p["valid"] for p in revalidated["plans"])
    assert revalidated["revalidations"] == 1 and revalidated["invalidations"] == 0

    # A breaking change (a new required parameter) invalidates it, and only it.
    spec.write_text(spec.read_text().replace(
        "          example: C00002\n      responses:",
        "          example: C00002\n        - {name: fields, in: query, required: true, schema: {type: string}}\n      responses:", 1))
    build_handbook(root, bundle)
    async with stdio_session(bundle, "--state", str(state)) as session:
        again = await session.call_tool("plan", {"request": "list the orders that Globex placed"})
        assert again.structured_content["plans"][0]["planId"] == orders_id
        gone = await session.call_tool("execute", {"plan": details_id})
        assert gone.is_error

    after = plans(state)
    by_id = {p["id"]: p for p in after["plans"]}
    assert by_id[details_id]["valid"] is False
    assert "getCustomer changed incompatibly" in by_id[details_id]["invalidatedBecause"]
    assert by_id[orders_id]["valid"] is True
    assert after["invalidations"] == 1
    cleared = subprocess.run([str(HBC), "plans", "clear", "--state", str(state)], capture_output=True, text=True)
    assert cleared.returncode == 0 and plans(state)["plans"] == []
