"""Several handbooks in one server (`hbc serve a.hb b.hb`), driven by the official MCP client: the acme handbook and
a small helpdesk handbook (Tests/fixtures/handbooks/helpdesk) with its own loopback API. Searches rank across both,
a group restricts, ids both handbooks have (`getCustomer`, `getHealth`) are shown qualified and resolve, an
ambiguous bare id is refused with the choices, and the single-bundle server is unchanged."""

import contextlib
import shutil
from urllib.parse import urlparse

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from loopback import LoopbackServer, QuietHandler
from serve_support import HBC, REPO, build_handbook, copy_acme, http_serving, http_session, server_env, stdio_session

pytestmark = pytest.mark.anyio

CONTACT = {"id": "C00002", "plan": "gold", "openTickets": 2}


class FakeHelpdesk(LoopbackServer):
    """The helpdesk API: tickets and the contact C00002."""

    def __init__(self):
        self.requests = []
        fake = self

        class Handler(QuietHandler):
            def do_GET(self):
                path = urlparse(self.path).path
                fake.requests.append(path)
                if path == "/tickets":
                    return self.send_body(200, [{"id": "T0001", "subject": "Printer on fire", "status": "open"}])
                if path == "/customers/C00002":
                    return self.send_body(200, CONTACT)
                return self.send_body(404, {"message": f"no route {path}"})

        super().__init__(Handler)


@pytest.fixture(scope="module")
def helpdesk_api():
    api = FakeHelpdesk().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def bundles(tmp_path_factory, fake_api, helpdesk_api):
    """The acme bundle (its API: the fake ACME API) and the helpdesk bundle (its API: the fake helpdesk)."""
    root = tmp_path_factory.mktemp("side-by-side")
    copy_acme(root / "acme-analytics", fake_api.url)
    acme = build_handbook(root / "acme-analytics", root / "acme.hb")
    shutil.copytree(REPO / "Tests" / "fixtures" / "handbooks" / "helpdesk", root / "helpdesk")
    manifest = root / "helpdesk" / "handbook.yaml"
    manifest.write_text(manifest.read_text().replace("http://127.0.0.1:8081", helpdesk_api.url))
    helpdesk = build_handbook(root / "helpdesk", root / "helpdesk.hb")
    return acme, helpdesk


@contextlib.asynccontextmanager
async def session(bundles):
    args = ["serve", *map(str, bundles), "--env", "staging", "--state", "none", "--request-timeout", "2",
            "--retries", "0"]
    async with stdio_client(StdioServerParameters(command=str(HBC), args=args, env=server_env())) as (read, write):
        async with ClientSession(read, write) as client:
            await client.initialize()
            yield client


async def call(client, tool, arguments):
    result = await client.call_tool(tool, arguments)
    return result, result.structured_content


async def test_the_groups_tool_lists_each_handbook_and_its_apis(bundles):
    async with session(bundles) as client:
        tools = [tool.name for tool in (await client.list_tools()).tools]
        assert tools[:4] == ["search", "describe", "plan", "execute"] and "groups" in tools
        result, groups = await call(client, "groups", {})
    assert not result.is_error
    by_id = {group["id"]: group for group in groups["groups"]}
    assert by_id["acme-analytics"]["kind"] == "handbook" and by_id["helpdesk"]["kind"] == "handbook"
    assert by_id["acme"]["kind"] == "api" and by_id["acme"]["handbook"] == "acme-analytics"
    assert by_id["tickets"]["handbook"] == "helpdesk" and by_id["tickets"]["operations"] == 4
    assert by_id["helpdesk"]["operations"] == 4
    assert by_id["acme-analytics"]["operations"] == by_id["acme"]["operations"] > 4


async def test_search_ranks_across_both_handbooks_and_a_group_restricts_it(bundles):
    async with session(bundles) as client:
        _, tickets = await call(client, "search", {"query": "list the open support tickets", "kind": "operation"})
        _, customers = await call(client, "search", {"query": "update the credit limit of a customer",
                                                     "kind": "operation"})
        _, within = await call(client, "search", {"query": "customer", "group": "helpdesk", "limit": 10})
        _, within_api = await call(client, "search", {"query": "customer", "group": "acme", "limit": 10})
        result, _ = await call(client, "search", {"query": "customer", "group": "billing"})
    assert tickets["results"][0]["id"] == "listTickets" and tickets["results"][0]["handbook"] == "helpdesk"
    assert customers["results"][0]["id"] == "updateCustomer"
    assert customers["results"][0]["handbook"] == "acme-analytics"
    assert {hit["handbook"] for hit in tickets["results"]} == {"helpdesk", "acme-analytics"}, "both are ranked"
    assert within["results"] and {hit["handbook"] for hit in within["results"]} == {"helpdesk"}
    assert within_api["results"] and {hit["handbook"] for hit in within_api["results"]} == {"acme-analytics"}
    assert result.is_error and "no group 'billing'" in result.content[0].text and "helpdesk" in result.content[0].text


async def test_colliding_ids_are_qualified_and_execute_resolves_them(bundles, fake_api, helpdesk_api):
    async with session(bundles) as client:
        _, found = await call(client, "search", {"query": "get a customer", "kind": "operation", "limit": 20})
        ids = [hit["id"] for hit in found["results"]]
        ambiguous, _ = await call(client, "execute", {"operation": "getCustomer",
                                                      "arguments": {"customer_id": "C00002"}})
        helpdesk, contact = await call(client, "execute", {"operation": "helpdesk/getCustomer",
                                                           "arguments": {"customer_id": "C00002"}})
        acme, customer = await call(client, "execute", {"operation": "acme-analytics/getCustomer",
                                                        "arguments": {"customer_id": "C00002"}})
        grouped, grouped_contact = await call(client, "execute", {"operation": "getCustomer", "group": "tickets",
                                                                  "arguments": {"customer_id": "C00002"}})
        bare, tickets = await call(client, "execute", {"operation": "listTickets", "arguments": {}})
        _, described = await call(client, "describe", {"operations": ["helpdesk/getCustomer", "listTickets",
                                                                      "getCustomer"]})
    assert "helpdesk/getCustomer" in ids and "acme-analytics/getCustomer" in ids and "getCustomer" not in ids
    assert "listTickets" in ids or "listCustomers" in ids, "ids only one handbook has stay bare"
    assert ambiguous.is_error
    assert "acme-analytics/getCustomer" in ambiguous.content[0].text
    assert "helpdesk/getCustomer" in ambiguous.content[0].text
    assert not helpdesk.is_error and contact["body"] == CONTACT
    assert not acme.is_error and customer["body"]["name"] == "Globex Corporation"
    assert not grouped.is_error and grouped_contact["body"] == CONTACT
    assert not bare.is_error and tickets["body"][0]["id"] == "T0001"
    assert helpdesk_api.requests.count("/customers/C00002") == 2
    assert [entry["id"] for entry in described["operations"]] == ["helpdesk/getCustomer", "listTickets"]
    assert described["operations"][0]["summary"] == "Get a helpdesk contact"
    assert described["ambiguous"][0]["id"] == "getCustomer"
    assert sorted(described["ambiguous"][0]["choices"]) == ["acme-analytics/getCustomer", "helpdesk/getCustomer"]
    assert "unknown" not in described


async def test_plans_come_from_the_handbook_the_request_is_about(bundles):
    async with session(bundles) as client:
        _, plans = await call(client, "plan", {"request": "list the open support tickets"})
        _, grouped = await call(client, "plan", {"request": "list the open support tickets", "group": "acme"})
        result, ran = await call(client, "execute", {"plan": "op:listTickets", "inputs": {}})
    assert plans["plans"][0]["handbook"] == "helpdesk"
    assert "listTickets" in plans["plans"][0]["operations"]
    assert grouped["plans"] and {plan["handbook"] for plan in grouped["plans"]} == {"acme-analytics"}
    assert not result.is_error and ran["body"][0]["subject"] == "Printer on fire"


async def test_streamable_http_serves_both_handbooks(bundles, helpdesk_api):
    args = ["serve", *map(str, bundles), "--env", "staging", "--state", "none"]
    with http_serving(args) as (url, _):
        async with http_session(url) as client:
            _, found = await call(client, "search", {"query": "list the open support tickets", "kind": "operation"})
            result, tickets = await call(client, "execute", {"operation": "listTickets", "arguments": {}})
            ambiguous, _ = await call(client, "execute", {"operation": "getHealth", "arguments": {}})
    assert found["results"][0]["id"] == "listTickets"
    assert not result.is_error and tickets["body"][0]["id"] == "T0001"
    assert ambiguous.is_error and "acme-analytics/getHealth" in ambiguous.content[0].text


async def test_one_bundle_is_served_as_before(bundles):
    acme, _ = bundles
    async with stdio_session(acme) as client:
        _, groups = await call(client, "groups", {})
        _, found = await call(client, "search", {"query": "get a customer", "kind": "operation"})
    assert [group["id"] for group in groups["groups"]] == ["acme"]
    assert all("handbook" not in hit for hit in found["results"])
    assert "getCustomer" in [hit["id"] for hit in found["results"]]


async def test_two_bundles_of_one_handbook_are_refused(bundles, tmp_path):
    acme, _ = bundles
    copy = tmp_path / "again.hb"
    shutil.copy(acme, copy)
    params = StdioServerParameters(command=str(HBC), args=["serve", str(acme), str(copy), "--env", "staging"],
                                   env=server_env())
    with pytest.raises(Exception):
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as client:
                await client.initialize()
