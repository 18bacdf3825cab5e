"""Response shaping over MCP with the official client: handbook shapes and jq programs on `execute` and plan steps,
results that always fit (a 50 MB upstream body), runaway programs stopped, and guardrail redaction through shapes."""

import json
import time

import pytest

from loopback import LoopbackServer, QuietHandler
from serve_support import build_handbook, http_serving, http_session, stdio_session

pytestmark = pytest.mark.anyio

PHONE = "+15555550199"
CUSTOMERS = [{"id": f"C{n:05d}", "name": f"Customer {n}", "phone": PHONE, "country": "US", "segment": "smb",
              "credit_limit": 1000 + n, "notes": "x" * 200} for n in range(300)]
HUGE_BYTES = 50 * 1024 * 1024

SPEC = """
openapi: 3.1.0
info: {title: Shaping API, version: '1'}
paths:
  /customers:
    get:
      operationId: listCustomers
      tags: [customers]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {items: {type: array, items: {type: object}}, total: {type: integer}}}
              example: {items: [{id: C00001, name: Globex, phone: '+15555550102', credit_limit: 3000}], total: 1}
  /customers/{customer_id}:
    get:
      operationId: getCustomer
      tags: [customers]
      parameters: [{name: customer_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /huge:
    get:
      operationId: hugeList
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array}}}}}
"""

SHAPES = """
shapes:
  - operation: listCustomers
    name: credit
    description: Customers as id, name and credit limit.
    jq: '[.items[] | {id, name, credit_limit}]'
    output:
      type: array
      items:
        type: object
        required: [id, name, credit_limit]
        additionalProperties: false
        properties: {id: {type: string}, name: {type: string}, credit_limit: {type: number}}
"""

POLICIES = """
policies:
  - id: mask-phones
    match: { tags: [customers] }
    redact: [phone]
"""


class ShapingHandler(QuietHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.startswith("/customers/"):
            self.send_body(200, CUSTOMERS[1])
        elif self.path.startswith("/customers"):
            self.send_body(200, {"items": CUSTOMERS, "total": len(CUSTOMERS)})
        elif self.path == "/huge":
            self._huge()
        else:
            self.send_body(200, {})

    def _huge(self):
        item = json.dumps({"id": 0, "name": "item", "text": "y" * 100}).encode()
        count = HUGE_BYTES // (len(item) + 1)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(2 + count * (len(item) + 1) - 1))
        self.end_headers()
        try:
            self.wfile.write(b"[")
            chunk = b",".join([item] * 1000)
            written = 0
            while written < count:
                n = min(1000, count - written)
                self.wfile.write((chunk if n == 1000 else b",".join([item] * n)) + (b"," if written + n < count else b""))
                written += n
            self.wfile.write(b"]")
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def shaping_bundle(tmp_path_factory):
    api = LoopbackServer(ShapingHandler).start()
    root = tmp_path_factory.mktemp("shaping") / "handbook"
    yield build_handbook(root, root.parent / "shaping.hb", files={
        "openapi/api.yaml": SPEC,
        "shapes/customers.yaml": SHAPES,
        "guardrails/policies.yaml": POLICIES,
        "handbook.yaml": f"""
handbook: shaping
version: 1.0.0
apis:
  - id: shaping
    spec: openapi/api.yaml
    environments: {{staging: "{api.url}"}}
""",
    })
    api.stop()


async def test_a_handbook_shape_returns_the_shaped_json(shaping_bundle):
    async with stdio_session(shaping_bundle) as session:
        plain = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {}})
        shaped = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {}, "shape": "credit"})
    assert not shaped.is_error, shaped.content[0].text
    data = shaped.structured_content
    assert data["shape"] == "credit"
    assert data["body"][0] == {"id": "C00000", "name": "Customer 0", "credit_limit": 1000}
    assert len(data["body"]) == len(CUSTOMERS)
    plain_size = len(json.dumps(plain.structured_content))
    assert len(json.dumps(data)) < plain_size / 3
    # The text stays short and points to the structured content.
    assert len(shaped.content[0].text) < 2000
    assert "structured content" in shaped.content[0].text


async def test_a_jq_program_given_with_the_call_shapes_the_result(shaping_bundle):
    async with stdio_session(shaping_bundle) as session:
        result = await session.call_tool("execute", {
            "operation": "listCustomers", "arguments": {},
            "shape": "{count: (.items | length), top: (.items | max_by(.credit_limit) | .id)}"})
        bad = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {}, "shape": "credt"})
    assert result.structured_content["body"] == {"count": 300, "top": "C00299"}
    assert result.structured_content["shape"] == "jq"
    assert bad.is_error and bad.structured_content["outcome"] == "shape_failed"
    assert "credit" in bad.structured_content["message"]  # names the operation's shapes


async def test_describe_lists_an_operations_shapes(shaping_bundle):
    async with stdio_session(shaping_bundle) as session:
        result = await session.call_tool("describe", {"operations": ["listCustomers"]})
    shapes = result.structured_content["operations"][0]["shapes"]
    assert [shape["name"] for shape in shapes] == ["credit"]
    assert shapes[0]["outputSchema"]["type"] == "array"
    assert shapes[0]["description"].startswith("Customers")


async def test_redaction_holds_through_shaping(shaping_bundle):
    async with stdio_session(shaping_bundle) as session:
        for program in ["[.items[] | .phone]", "[.. | strings] | join(\" \")", "tostring", "[paths] | tostring"]:
            result = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {},
                                                          "shape": program})
            assert not result.is_error, result.content[0].text
            everything = json.dumps(result.structured_content) + result.content[0].text
            assert PHONE not in everything and "5555550199" not in everything


async def test_a_runaway_program_is_stopped_and_the_server_goes_on(shaping_bundle):
    async with stdio_session(shaping_bundle) as session:
        for program in ["def f: f; f", "repeat(1)", "[range(1e9)] | length"]:
            started = time.monotonic()
            result = await session.call_tool("execute", {"operation": "getCustomer",
                                                          "arguments": {"customer_id": "C1"}, "shape": program})
            assert time.monotonic() - started < 15
            assert result.is_error
            assert result.structured_content["outcome"] == "shape_failed"
            assert "stopped" in result.structured_content["message"]
        after = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C1"},
                                                    "shape": "{id}"})
        assert after.structured_content["body"] == {"id": "C00001"}


async def test_plan_steps_read_a_shaped_output(shaping_bundle):
    plan = {"steps": [
        {"id": "find", "operation": "listCustomers", "arguments": {}, "shape": "credit"},
        {"id": "get", "operation": "getCustomer", "arguments": {"customer_id": "$steps.find.shaped#/1/id"}},
    ]}
    async with stdio_session(shaping_bundle) as session:
        result = await session.call_tool("execute", {"plan": plan})
    data = result.structured_content
    assert not result.is_error, result.content[0].text
    assert data["steps"][0]["shape"] == "credit"
    assert data["steps"][0]["body"][1] == {"id": "C00001", "name": "Customer 1", "credit_limit": 1001}
    assert data["output"]["id"] == "C00001"


def peak_rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


async def test_a_50_mb_upstream_body_arrives_as_a_valid_truncated_result(shaping_bundle):
    with http_serving(["serve", str(shaping_bundle), "--env", "staging", "--request-timeout", "30"]) as (url, process):
        async with http_session(url) as session:
            result = await session.call_tool("execute", {"operation": "hugeList", "arguments": {}})
            data = result.structured_content
            assert data["truncated"] is True
            assert data["omitted"], data.keys()
            assert "shape" in data["hint"] and "page" in data["hint"]
            assert len(json.dumps(data).encode()) <= 256 * 1024
            assert len(result.content[0].text.encode()) <= 64 * 1024
            shaped = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {},
                                                         "shape": "credit"})
            assert not shaped.is_error
            peak = peak_rss_kib(process.pid)
    print(f"peak RSS of hbc serve after a 50 MB upstream body: {peak / 1024:.0f} MiB")
    assert peak < 1024 * 1024  # well under 1 GiB
