"""Attacks on what `hbc serve` shows. An agent that sends a secret back (as an operation id, a plan id, a tool name,
an enum value, a resource URI, an argument) never sees it quoted in a result, an error, a resource error or the log.
A response body that redaction cannot reach (cut at the size limit, malformed, nested too deep, not one JSON
document) is withheld whole instead of shown with the redacted fields in it.
"""

import json
import os

import pytest

from echoing_api import BEARER, SCHEMES, build, leaks
from loopback import LoopbackServer, QuietHandler
from serve_support import stdio_session

pytestmark = pytest.mark.anyio

SENT_BACK = [
    ("execute", {"operation": BEARER, "arguments": {}}),
    ("execute", {"plan": BEARER, "inputs": {}}),
    ("execute", {"plan": "op:" + BEARER}),
    ("execute", {"plan": "cached:" + BEARER}),
    ("execute", {"operation": "getEcho", "arguments": {"id": "a", BEARER: 1}}),
    ("execute", {"operation": "getEcho", "arguments": {"id": "../" + BEARER}}),
    ("describe", {"operations": [BEARER]}),
    ("search", {"query": "echo", "detail": BEARER}),
    ("search", {"query": "echo", "kind": BEARER.upper()}),
    ("search", {"query": "echo", BEARER: True}),
    (BEARER, {}),
]


async def test_a_secret_sent_back_by_the_agent_is_never_quoted(tmp_path, echo_api):
    bundle = build(tmp_path, echo_api.url, SCHEMES["bearer"][0])
    log = tmp_path / "serve.log"
    env = dict(os.environ, ECHO_TOKEN=BEARER)
    texts = []
    async with stdio_session(bundle, "--log-file", str(log), "--log-level", "trace", env=env) as session:
        for tool, arguments in SENT_BACK:
            result = await session.call_tool(tool, arguments)
            assert result.is_error or result.structured_content.get("unknown"), (tool, arguments, result)
            texts.append(json.dumps(result.structured_content) + result.content[0].text)
        with pytest.raises(Exception) as refused:
            await session.read_resource("handbook://docs/" + BEARER)
        texts.append(str(refused.value))
    texts.append(log.read_text())
    for text in texts:
        assert leaks(text, [BEARER]) == [], text
    assert any("***" in text for text in texts)


SSN = "123-45-6789"
UNPARSED_BODIES = {
    "cut": json.dumps({"items": [{"name": "x" * 50, "ssn": SSN} for _ in range(40)]}).encode(),
    "malformed": b'{"ssn": "123-45-6789", "note": "a",}',
    "prefixed": b")]}',\n{\"ssn\": \"123-45-6789\"}",
    "too-deep": b"[" * 600 + b'{"ssn": "123-45-6789"}' + b"]" * 600,
    "lines": b'{"a": 1}\n{"ssn": "123-45-6789"}',
}


class UnparsedHandler(QuietHandler):
    """Answers `/echo/NAME` with the JSON-typed body UNPARSED_BODIES[NAME], which no JSON parser reads whole."""

    def do_GET(self):
        self.send_body(200, UNPARSED_BODIES.get(self.path.rsplit("/", 1)[-1], b"{}"))


async def test_a_body_redaction_cannot_reach_is_withheld_whole(tmp_path):
    api = LoopbackServer(UnparsedHandler).start()
    try:
        bundle = build(tmp_path, api.url, SCHEMES["bearer"][0])
        env = dict(os.environ, ECHO_TOKEN=BEARER)
        async with stdio_session(bundle, "--max-response-bytes", "1000", env=env) as session:
            for name in sorted(UNPARSED_BODIES):
                result = await session.call_tool("execute", {"operation": "getEcho", "arguments": {"id": name}})
                text = json.dumps(result.structured_content) + result.content[0].text
                assert "123-45" not in text, (name, text)
                assert result.structured_content["body"].startswith("[withheld"), (name, text)
    finally:
        api.stop()


async def test_huge_numbers_are_refused_and_the_server_lives_on(tmp_path, echo_api):
    """A number past what an index can hold (an `offset` of 2^63 - 1, a `limit` of 1e300) is an invalid argument,
    never a crash of the server every other session shares."""
    bundle = build(tmp_path, echo_api.url, SCHEMES["bearer"][0])
    async with stdio_session(bundle, env=dict(os.environ, ECHO_TOKEN=BEARER)) as session:
        for arguments in ({"query": "echo", "offset": 9223372036854775807}, {"query": "echo", "limit": 1e300},
                          {"query": "echo", "offset": -1}):
            result = await session.call_tool("search", arguments)
            assert result.is_error, (arguments, result)
        result = await session.call_tool("search", {"query": "echo"})
        assert not result.is_error
        assert result.structured_content["results"]
