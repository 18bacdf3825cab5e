"""The runtime against misbehaving upstreams and clients: one total deadline per call (trickling bodies included),
honest reports of connections closed mid-response, a bounded connection pool whose waits count against the deadline,
results cut to a byte budget as valid JSON, bounded confirmations, and a session table that abandoned sessions
cannot fill for long.

Time limits in these tests (`anyio.fail_after`) only catch hangs: each is several times what the call may take.
"""

import json
import pathlib
import socket
import time
import urllib.error
import urllib.request

import anyio
import mcp.types as types
import pytest

from misbehaving_api import BIG_ITEMS, BIG_TEXT, MisbehavingAPI, handbook_files
from serve_support import build_handbook, http_server, http_session, stdio_session

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def bad_api():
    api = MisbehavingAPI().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def bad_bundle(tmp_path_factory, bad_api):
    root = tmp_path_factory.mktemp("misbehaving") / "handbook"
    return build_handbook(root, root.parent / "misbehaving.hb", "--embedder", "none", files=handbook_files(bad_api.url))


async def test_a_trickling_body_ends_at_the_total_deadline_across_retries(bad_bundle):
    # Per-attempt timeouts would take (1 + 3 retries) × 2 s plus backoff; the total deadline is 2 s.
    async with stdio_session(bad_bundle, "--request-timeout", "2", "--retries", "3") as session:
        started = time.monotonic()
        with anyio.fail_after(7):
            result = await session.call_tool("execute", {"operation": "trickle", "arguments": {}})
        assert time.monotonic() - started >= 2
        data = result.structured_content
        assert result.is_error and data["outcome"] == "unreachable"
        assert "did not answer completely within the call's total time limit of 2 s" in data["message"]
        assert "body was still arriving" in data["message"]


async def test_a_reset_mid_body_says_the_connection_closed_and_the_call_may_have_applied(bad_bundle):
    async with stdio_session(bad_bundle) as session:
        result = await session.call_tool("execute", {"operation": "resetWhileAnswering", "arguments": {"body": {}}})
        message = result.structured_content["message"]
        assert result.is_error
        assert "closed the connection while sending its response (status 200" in message
        assert "could not be reached" not in message
        assert "may have been applied" in message and "check its effect before repeating it" in message


async def test_a_refused_connection_says_nothing_was_sent_and_is_retried_whatever_the_method(bad_bundle):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    async with stdio_session(bad_bundle, "--base-url", f"http://127.0.0.1:{closed_port}", "--retries", "2",
                             "--request-timeout", "10") as session:
        with anyio.fail_after(9):
            result = await session.call_tool("execute", {"operation": "resetWhileAnswering", "arguments": {"body": {}}})
        message = result.structured_content["message"]
        assert result.is_error and "could not be reached" in message and "refused" in message
        assert "nothing was sent" in message and "(3 attempts)" in message


async def test_calls_waiting_for_a_pooled_connection_count_against_the_deadline(bad_bundle, bad_api):
    # Two connections, six calls of 1.5 s each: the third wave would finish at 4.5 s, past the 3 s deadline.
    async with stdio_session(bad_bundle, "--max-connections-per-host", "2", "--request-timeout", "3") as session:
        results = [None] * 6

        async def call(index):
            results[index] = await session.call_tool("execute", {"operation": "slowAnswer", "arguments": {}})

        bad_api.most_concurrent = 0
        with anyio.fail_after(12):
            async with anyio.create_task_group() as group:
                for index in range(6):
                    group.start_soon(call, index)
        assert bad_api.most_concurrent < 6  # the pool held calls back (its limit is soft: AsyncHTTPClient may overflow)
        timed_out = [r for r in results if r.is_error]
        assert timed_out, [r.structured_content for r in results]
        assert all("no response headers arrived" in r.structured_content["message"] for r in timed_out)


async def test_a_larger_pool_serves_concurrent_slow_calls(bad_bundle, bad_api):
    async with stdio_session(bad_bundle, "--request-timeout", "3") as session:
        results = [None] * 6

        async def call(index):
            results[index] = await session.call_tool("execute", {"operation": "slowAnswer", "arguments": {}})

        with anyio.fail_after(12):
            async with anyio.create_task_group() as group:
                for index in range(6):
                    group.start_soon(call, index)
        assert all(not r.is_error for r in results), [r.structured_content for r in results]


async def test_results_over_the_budget_arrive_cut_as_valid_json_over_http(bad_bundle):
    with http_server(bad_bundle) as (url, _):
        async with http_session(url) as session:
            result = await session.call_tool("execute", {"operation": "bigList", "arguments": {}})
            data = result.structured_content
            assert not result.is_error
            assert len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()) <= 256 << 10
            assert data["truncated"] is True
            items = data["body"]["items"]
            assert 0 < len(items) < BIG_ITEMS and items[0] == {"id": 0, "name": "item 0", "tags": ["a", "b"]}
            note = next(n for n in data["omitted"] if n["path"] == "/body/items")
            assert note == {"path": "/body/items", "kept": len(items), "omitted": BIG_ITEMS - len(items), "unit": "items"}
            assert data["body"]["total"] == BIG_ITEMS
            assert len(result.content[0].text.encode()) <= 64 << 10
            assert "left out" in result.content[0].text

            text = await session.call_tool("execute", {"operation": "bigText", "arguments": {}})
            body = text.structured_content["body"]
            assert body["id"] == 7 and body["text"].endswith("…")
            assert BIG_TEXT.startswith(body["text"][:-1])
            note = next(n for n in text.structured_content["omitted"] if n["path"] == "/body/text")
            assert note["kept"] == len(body["text"]) - 1 and note["kept"] + note["omitted"] == len(BIG_TEXT)


async def test_the_result_budget_is_configurable(bad_bundle):
    async with stdio_session(bad_bundle, "--max-result-bytes", "20000") as session:
        result = await session.call_tool("execute", {"operation": "bigList", "arguments": {}})
        assert len(json.dumps(result.structured_content, separators=(",", ":"), ensure_ascii=False).encode()) <= 20000
        small = await session.call_tool("execute", {"operation": "small", "arguments": {}})
        assert "truncated" not in small.structured_content and "omitted" not in small.structured_content


async def test_an_unanswered_confirmation_is_refused_after_the_timeout(bad_bundle, bad_api):
    async def never_answer(context, params):
        await anyio.sleep(60)
        return types.ElicitResult(action="accept", content={"confirm": True})

    async with stdio_session(bad_bundle, "--confirmation-timeout", "1", elicitation_callback=never_answer) as session:
        with anyio.fail_after(10):
            result = await session.call_tool("execute", {"operation": "confirmedCall", "arguments": {}})
        data = result.structured_content
        assert result.is_error and data["outcome"] == "confirmation_required"
        assert "No one answered the confirmation request within 1 s" in data["message"]
        assert bad_api.confirmed_calls == 0


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


def initialize(url):
    """Starts a session with a raw `initialize` (never ended); returns the status and the session id."""
    request = urllib.request.Request(url, data=json.dumps(INITIALIZE).encode(), method="POST", headers={
        "Accept": "application/json, text/event-stream", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status, response.headers["Mcp-Session-Id"]
    except urllib.error.HTTPError as error:
        return error.code, None


def initialize_status(url):
    return initialize(url)[0]


def close_wait_sockets(port):
    """Sockets of local port `port` in CLOSE-WAIT (the peer closed, this side did not)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            count += int(fields[1].split(":")[1], 16) == port and fields[3] == "08"
    return count


async def test_a_reconnecting_get_stream_replaces_the_old_one_and_leaves_no_close_wait_socket(bad_bundle):
    with http_server(bad_bundle) as (url, _):
        status, session_id = initialize(url)
        assert status == 200
        port = int(url.split(":")[2].split("/")[0])
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as stream:
                stream.sendall((f"GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                                f"Mcp-Session-Id: {session_id}\r\nMcp-Protocol-Version: 2025-06-18\r\n\r\n").encode())
                assert stream.recv(100).startswith(b"HTTP/1.1 200")
        deadline = time.monotonic() + 10
        while close_wait_sockets(port):
            assert time.monotonic() < deadline, "a dropped stream's socket stays in CLOSE-WAIT"
            await anyio.sleep(0.2)


async def test_the_session_cap_is_configurable_and_abandoned_sessions_expire(bad_bundle):
    with http_server(bad_bundle, "--max-sessions", "1", "--session-idle-timeout", "1") as (url, _):
        assert initialize_status(url) == 200  # never ended: abandoned
        assert initialize_status(url) == 503
        deadline = time.monotonic() + 15
        while initialize_status(url) != 200:
            assert time.monotonic() < deadline, "the abandoned session still holds the only place"
            await anyio.sleep(0.5)


async def test_ended_sessions_free_their_place(bad_bundle):
    with http_server(bad_bundle, "--max-sessions", "1") as (url, _):
        for _ in range(3):
            async with http_session(url) as session:
                assert not (await session.call_tool("execute", {"operation": "small", "arguments": {}})).is_error


def resident_kib(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


async def test_a_server_that_embeds_nothing_never_loads_openblas(bad_bundle):
    # OpenBLAS (2 MB resident and a thread per core) is loaded when the embedding model first multiplies matrices.
    with http_server(bad_bundle) as (url, process):
        async with http_session(url) as session:
            assert not (await session.call_tool("search", {"query": "small items"})).is_error
            assert not (await session.call_tool("plan", {"request": "get the small items"})).is_error
        maps = pathlib.Path(f"/proc/{process.pid}/maps").read_text()
        assert "libsqlite3" in maps, "the maps name the libraries the server loaded"
        assert "libopenblas" not in maps


async def test_a_long_http_session_does_not_keep_every_response(bad_bundle):
    # Each answer is about 100 KB; keeping them all (for Last-Event-ID replay) would grow the server by 15 MB.
    with http_server(bad_bundle) as (url, process):
        async with http_session(url) as session:
            for _ in range(10):
                await session.call_tool("execute", {"operation": "mediumText", "arguments": {}})
            settled = resident_kib(process.pid)
            for _ in range(150):
                result = await session.call_tool("execute", {"operation": "mediumText", "arguments": {}})
                assert not result.is_error
            grown = resident_kib(process.pid) - settled
        assert grown < 6 * 1024, f"the server grew by {grown} KiB over 150 answers in one session"
