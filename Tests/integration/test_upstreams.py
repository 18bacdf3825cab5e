"""Upstream MCP servers behind `hbc serve` (issue #13), driven by the official Python client: the reference
`mcp-server-time` over stdio and a FastMCP server over Streamable HTTP (and over stdio for crash and list_changed)."""

import asyncio
import contextlib
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from serve_support import HBC, build_handbook, copy_acme, free_port, stdio_session

pytestmark = pytest.mark.anyio
HERE = pathlib.Path(__file__).resolve().parent
NOTES_SERVER = HERE / "upstream_notes_server.py"


def time_server_entry(pid_file):
    """mcp-server-time over stdio, writing its process id to `pid_file` (so a test can kill it)."""
    return {"command": "sh", "args": ["-c", f'echo $$ > "{pid_file}"; exec "{sys.executable}" -m mcp_server_time'],
            "timeout": 20}


def manifest_with_upstreams(root, servers):
    """Appends an `mcpServers` block (JSON is YAML) to the handbook's manifest."""
    manifest = root / "handbook.yaml"
    manifest.write_text(manifest.read_text() + "\nmcpServers: " + json.dumps(servers) + "\n")


DENY_CONVERSIONS = """policies:
  - id: no-time-conversion
    description: Converting times is switched off here.
    match:
      operations: [time.convert_time]
    effect: deny
    message: Time conversion is switched off.
"""


@contextlib.contextmanager
def notes_over_http():
    port = free_port()
    process = subprocess.Popen([sys.executable, str(NOTES_SERVER), "http", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    import socket
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            break
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def notes_url():
    with notes_over_http() as url:
        yield url


@pytest.fixture(scope="module")
def upstream_bundle(tmp_path_factory, fake_api, notes_url):
    """The acme handbook plus mcp-server-time (stdio), the FastMCP notes server (HTTP) and a second FastMCP over
    stdio (`lab`), built live with --update-snapshots."""
    base = tmp_path_factory.mktemp("upstreams")
    root = base / "acme-analytics"
    copy_acme(root, fake_api.url)
    manifest_with_upstreams(root, {
        "time": time_server_entry(base / "time.pid"),
        "notes": {"url": "${NOTES_URL}", "timeout": 20},
        "lab": {"command": "sh", "args": ["-c", f'echo $$ > "{base / "lab.pid"}"; '
                                                 f'exec "{sys.executable}" "{NOTES_SERVER}" stdio'], "timeout": 20},
    })
    (root / "guardrails" / "upstreams.yaml").write_text(DENY_CONVERSIONS)
    os.environ["NOTES_URL"] = notes_url
    out = build_handbook(root, base / "tools.hb", "--embedder", "none", "--update-snapshots")
    return {"bundle": out, "root": root, "base": base}


def upstream_env(**extra):
    from serve_support import server_env
    return server_env(**extra)


async def test_build_snapshots_are_committed_and_offline_builds_are_reproducible(upstream_bundle):
    root = upstream_bundle["root"]
    snapshot = json.loads((root / "upstreams" / "time.snapshot.json").read_text())
    assert {tool["name"] for tool in snapshot["tools"]} == {"get_current_time", "convert_time"}
    assert all(tool["fingerprint"].startswith("sha256:") for tool in snapshot["tools"])
    hashes = []
    for index in range(2):
        built = subprocess.run([str(HBC), "build", str(root), "-o", str(root.parent / f"offline{index}.hb"),
                                "--embedder", "none", "--offline", "--json"], capture_output=True, text=True,
                               env={k: v for k, v in os.environ.items() if k != "NOTES_URL"})
        assert built.returncode == 0, built.stdout + built.stderr
        report = json.loads(built.stdout)
        assert report["counts"]["upstreamServers"] == 3
        hashes.append(report["contentHash"])
    assert hashes[0] == hashes[1]
    assert (root.parent / "offline0.hb").read_bytes() == (root.parent / "offline1.hb").read_bytes()


async def test_an_unreachable_server_without_snapshot_is_a_located_error(tmp_path, fake_api):
    root = tmp_path / "acme-analytics"
    copy_acme(root, fake_api.url)
    manifest_with_upstreams(root, {"ghost": {"url": f"http://127.0.0.1:{free_port()}/mcp", "timeout": 3}})
    built = subprocess.run([str(HBC), "build", str(root), "-o", str(tmp_path / "x.hb"), "--embedder", "none"],
                           capture_output=True, text=True)
    assert built.returncode == 1
    line = next(line for line in built.stderr.splitlines() if "[upstream.unreachable]" in line)
    assert line.startswith(f"{root}/handbook.yaml:") and "ghost" in line
    assert "--update-snapshots" in built.stderr and "--offline" in built.stderr
    assert not (tmp_path / "x.hb").exists()


async def test_search_describe_and_execute_upstream_tools(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        found = await session.call_tool("search", {"query": "get the current time in a timezone", "limit": 3})
        assert not found.is_error, found.content[0].text
        first = found.structured_content["results"][0]
        assert first["id"] == "time.get_current_time" and first["kind"] == "tool" and first["server"] == "time"

        notes = await session.call_tool("search", {"query": "save a short note in the notebook", "limit": 3})
        assert notes.structured_content["results"][0]["id"] == "notes.add_note"

        described = await session.call_tool("describe", {"operations": ["time.get_current_time", "listCustomers"]})
        tools = {entry["id"]: entry for entry in described.structured_content["operations"]}
        assert tools["time.get_current_time"]["arguments"]["required"] == ["timezone"]
        assert tools["time.get_current_time"]["annotations"]["readOnlyHint"] is True
        assert "listCustomers" in tools

        result = await session.call_tool("execute", {"operation": "time.get_current_time",
                                                     "arguments": {"timezone": "Europe/Paris"}})
        assert not result.is_error, result.content[0].text
        data = result.structured_content
        assert data["outcome"] == "succeeded" and data["body"]["timezone"] == "Europe/Paris"
        assert data["evaluation"]["conforms"] is True

        invalid = await session.call_tool("execute", {"operation": "time.get_current_time", "arguments": {}})
        assert invalid.is_error and invalid.structured_content["outcome"] == "invalid_arguments"

        saved = await session.call_tool("execute", {"operation": "notes.add_note", "arguments": {"text": "buy milk"}})
        assert not saved.is_error, saved.content[0].text
        assert saved.structured_content["body"]["text"] == "buy milk"
        assert saved.structured_content["evaluation"]["conforms"] is True


async def test_a_guardrail_denies_an_upstream_tool_without_calling_it(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        result = await session.call_tool("execute", {"operation": "time.convert_time", "arguments": {
            "source_timezone": "Europe/Paris", "time": "10:00", "target_timezone": "Asia/Tokyo"}})
        assert result.is_error
        assert result.structured_content["outcome"] == "denied"
        assert result.structured_content["policy"] == "no-time-conversion"
        assert "switched off" in result.structured_content["message"]


async def test_operations_and_tools_are_called_side_by_side(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        customers = await session.call_tool("execute", {"operation": "listCustomers", "arguments": {"name": "globex"}})
        clock = await session.call_tool("execute", {"operation": "time.get_current_time",
                                                    "arguments": {"timezone": "Asia/Tokyo"}})
        assert not customers.is_error and not clock.is_error
        assert clock.structured_content["body"]["timezone"] == "Asia/Tokyo"


def read_pid(path, previous=None, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(FileNotFoundError, ValueError):
            pid = int(path.read_text().strip())
            if pid != previous:
                return pid
        time.sleep(0.05)
    raise AssertionError(f"no new process id in {path}")


async def test_a_killed_stdio_server_is_reported_and_restarted(upstream_bundle):
    pid_file = upstream_bundle["base"] / "lab.pid"
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        first = await session.call_tool("execute", {"operation": "lab.list_notes", "arguments": {}})
        assert not first.is_error, first.content[0].text
        pid = read_pid(pid_file)

        # Killed during a call: that call fails clearly, the others keep working.
        slow = asyncio.create_task(session.call_tool("execute", {
            "operation": "lab.slow_echo", "arguments": {"text": "hi", "seconds": 5}}))
        await asyncio.sleep(1.0)
        os.kill(pid, signal.SIGKILL)
        failed = await slow
        assert failed.is_error and failed.structured_content["outcome"] == "unreachable"
        assert "'lab' stopped before it answered" in failed.structured_content["message"]
        other = await session.call_tool("execute", {"operation": "time.get_current_time",
                                                    "arguments": {"timezone": "Etc/UTC"}})
        assert not other.is_error

        # The next call restarts it (a new process).
        again = await session.call_tool("execute", {"operation": "lab.slow_echo",
                                                     "arguments": {"text": "back", "seconds": 0}})
        assert not again.is_error, again.content[0].text
        assert again.structured_content["body"] == {"result": "back"}
        restarted = read_pid(pid_file, previous=pid)

        # Killed again within a minute: the server backs off before the next restart, and says so.
        os.kill(restarted, signal.SIGKILL)
        await asyncio.sleep(0.3)
        backing_off = await session.call_tool("execute", {"operation": "lab.list_notes", "arguments": {}})
        assert backing_off.is_error, backing_off.content[0].text
        assert "'lab' is down" in backing_off.structured_content["message"]
        described = await session.call_tool("describe", {"operations": ["lab.list_notes"]})
        assert described.structured_content["operations"][0]["connection"]["status"] == "down"
        await asyncio.sleep(1.5)
        recovered = await session.call_tool("execute", {"operation": "lab.list_notes", "arguments": {}})
        assert not recovered.is_error, recovered.content[0].text


async def test_tools_list_changed_is_picked_up_as_drift(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        grown = await session.call_tool("execute", {"operation": "lab.grow", "arguments": {}})
        assert not grown.is_error, grown.content[0].text
        for _ in range(50):
            described = await session.call_tool("describe", {"operations": ["lab.grow"]})
            drift = described.structured_content["operations"][0].get("drift")
            if drift:
                break
            await asyncio.sleep(0.1)
        assert drift and drift["added"] == ["count_notes"] and drift["removed"] == []


async def test_learned_plans_using_a_changed_tool_are_invalidated(upstream_bundle, tmp_path):
    state = tmp_path / "state.sqlite"
    find = {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}}
    async with stdio_session(upstream_bundle["bundle"], "--state", str(state), env=upstream_env()) as session:
        mixed = {"steps": [find, {"id": "notes", "operation": "lab.list_notes", "arguments": {}}]}
        ran = await session.call_tool("execute", {"plan": mixed, "request": "find globex and list my notes"})
        assert not ran.is_error, ran.content[0].text
        learned = ran.structured_content["cachedAs"]
        other = await session.call_tool("execute", {"plan": {"steps": [find]}, "request": "find the customer globex"})
        kept = other.structured_content["cachedAs"]
        reworded = await session.call_tool("execute", {"operation": "lab.reword", "arguments": {}})
        assert not reworded.is_error, reworded.content[0].text
        rows = {}
        for _ in range(50):
            with contextlib.closing(sqlite3.connect(state)) as database:
                rows = {row[0]: row[1:] for row in database.execute("SELECT id, valid, invalidated_because FROM plans")}
            if rows[learned][0] == 0:
                break
            await asyncio.sleep(0.1)
    assert rows[learned] == (0, "the MCP server lab changed or dropped lab.list_notes since the bundle was built")
    assert rows[kept] == (1, None), "plans without the drifted tool stay valid"


async def test_a_plan_mixes_an_api_operation_and_an_upstream_tool(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        plan = {"steps": [
            {"id": "find", "operation": "listCustomers", "arguments": {"name": "globex"}},
            {"id": "clock", "operation": "time.get_current_time", "arguments": {"timezone": "Europe/Berlin"}},
        ]}
        result = await session.call_tool("execute", {"plan": plan})
        assert not result.is_error, result.content[0].text
        data = result.structured_content
        assert [step["step"] for step in data["steps"]] == ["find", "clock"]
        assert data["steps"][1]["operation"] == "time.get_current_time"
        assert data["output"]["timezone"] == "Europe/Berlin"


async def test_groups_list_apis_and_servers_and_a_group_restricts_search(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        listed = await session.list_tools()
        assert "groups" in {tool.name for tool in listed.tools}
        await session.call_tool("execute", {"operation": "time.get_current_time", "arguments": {"timezone": "Etc/UTC"}})
        groups = await session.call_tool("groups", {})
        assert not groups.is_error, groups.content[0].text
        by_id = {group["id"]: group for group in groups.structured_content["groups"]}
        assert by_id["acme"]["kind"] == "api" and by_id["acme"]["operations"] > 5
        assert by_id["time"]["kind"] == "mcp" and by_id["time"]["tools"] == 2
        assert by_id["time"]["servers"][0]["status"] == "connected"
        assert by_id["notes"]["servers"][0]["status"] == "idle"

        query = {"query": "list notes, customers and the current time", "limit": 20, "detail": "names"}
        everything = await session.call_tool("search", query)
        ids = [hit["id"] for hit in everything.structured_content["results"]]
        assert any(i.startswith("time.") for i in ids) and any(not i.startswith(("time.", "notes.", "lab.")) for i in ids)
        only_time = await session.call_tool("search", {**query, "group": "time"})
        assert {hit["id"] for hit in only_time.structured_content["results"]} <= {"time.get_current_time", "time.convert_time"}
        assert only_time.structured_content["results"]
        only_acme = await session.call_tool("search", {**query, "group": "acme"})
        assert only_acme.structured_content["results"]
        assert not any("." in hit["id"] for hit in only_acme.structured_content["results"] if hit["kind"] != "doc")
        unknown = await session.call_tool("search", {**query, "group": "nope"})
        assert unknown.is_error and "the groups are acme, lab, notes, time" in unknown.content[0].text


async def test_an_unset_variable_fails_that_server_only_and_is_named(upstream_bundle):
    env = {k: v for k, v in upstream_env().items() if k != "NOTES_URL"}
    async with stdio_session(upstream_bundle["bundle"], env=env) as session:
        result = await session.call_tool("execute", {"operation": "notes.list_notes", "arguments": {}})
        assert result.is_error and result.structured_content["outcome"] == "missing_credentials"
        assert "NOTES_URL" in result.structured_content["message"]
        other = await session.call_tool("execute", {"operation": "time.get_current_time",
                                                    "arguments": {"timezone": "Etc/UTC"}})
        assert not other.is_error
    strict = subprocess.run([str(HBC), "serve", str(upstream_bundle["bundle"]), "--env", "staging",
                             "--require-credentials"], capture_output=True, text=True, env=env, timeout=30)
    assert strict.returncode != 0 and "NOTES_URL" in strict.stderr


async def test_plan_offers_upstream_tools_and_execute_runs_them_by_plan_id(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        planned = await session.call_tool("plan", {"request": "what is the current time in Tokyo"})
        assert not planned.is_error, planned.content[0].text
        best = planned.structured_content["plans"][0]
        assert best["planId"] == "op:time.get_current_time" and best["inputs"]["required"] == ["timezone"]
        result = await session.call_tool("execute", {"plan": best["planId"], "inputs": {"timezone": "Asia/Tokyo"}})
        assert not result.is_error, result.content[0].text
        assert result.structured_content["body"]["timezone"] == "Asia/Tokyo"
        within_acme = await session.call_tool("plan", {"request": "what is the current time in Tokyo", "group": "acme"})
        assert all("." not in op for plan in within_acme.structured_content["plans"] for op in plan["operations"])


async def test_tools_list_changed_over_streamable_http_is_picked_up(upstream_bundle):
    async with stdio_session(upstream_bundle["bundle"], env=upstream_env()) as session:
        grown = await session.call_tool("execute", {"operation": "notes.grow", "arguments": {}})
        assert not grown.is_error, grown.content[0].text
        drift = None
        for _ in range(50):
            described = await session.call_tool("describe", {"operations": ["notes.grow"]})
            drift = described.structured_content["operations"][0].get("drift")
            if drift:
                break
            await asyncio.sleep(0.1)
        assert drift and drift["added"] == ["count_notes"]
