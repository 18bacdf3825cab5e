"""`hbc serve --store DIR --env ENV`: serves what a release store runs in an environment and follows promotions and
rollbacks without a restart — new sessions get the new bundle, open sessions finish on theirs, no request fails."""

import contextlib
import subprocess
import time

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from serve_support import HBC, build_handbook, copy_acme, http_serving, server_env

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def versions(tmp_path_factory, fake_api):
    """Two builds of the acme handbook against the fake API: 1.0.0, and 1.1.0 with a reworded getCustomer summary."""
    built = {}
    for version, summary in [("1.0.0", "Get a customer"), ("1.1.0", "Get one customer by id")]:
        root = tmp_path_factory.mktemp(f"acme-{version}") / "acme-analytics"
        copy_acme(root, fake_api.url)
        manifest = root / "handbook.yaml"
        manifest.write_text(manifest.read_text().replace("version: 1.0.0", f"version: {version}"))
        spec = root / "openapi" / "acme-analytics.yaml"
        spec.write_text(spec.read_text().replace("summary: Get a customer\n", f"summary: {summary}\n", 1))
        built[version] = build_handbook(root, root.parent / "acme.hb")
    return built


def hbc(*args):
    return subprocess.run([str(HBC), *map(str, args)], capture_output=True, text=True, env=server_env())


def promote(bundle, store):
    result = hbc("promote", bundle, "--to", "staging", "--store", store)
    assert result.returncode == 0, result.stdout + result.stderr


def store_server(store):
    return http_serving(["serve", "--store", str(store), "--env", "staging", "--follow-interval", "0.2",
                         "--request-timeout", "2", "--retries", "0"])


@contextlib.asynccontextmanager
async def session_with_version(url):
    async with streamable_http_client(url) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            initialized = await session.initialize()
            yield session, initialized.server_info.version


async def exercise(session):
    """One search and one call; raises when either fails."""
    found = await session.call_tool("search", {"query": "customer by id", "detail": "names"})
    assert not found.is_error, found.content[0].text
    called = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
    assert not called.is_error, called.content[0].text
    assert called.structured_content["status"] == 200


async def test_promotions_switch_new_sessions_under_load_without_failed_requests(versions, tmp_path):
    store = tmp_path / "store"
    promote(versions["1.0.0"], store)
    with store_server(store) as (url, process):
        failures, seen = [], []
        switched = anyio.Event()

        async def worker():
            while not switched.is_set() or len(seen) < 40:
                try:
                    async with session_with_version(url) as (session, version):
                        seen.append((time.monotonic(), version))
                        await exercise(session)
                except Exception as error:  # noqa: BLE001 — every failure is collected and reported
                    failures.append(repr(error))
                    return

        async def long_session():
            # Opened on 1.0.0 before the promotion; keeps working on it throughout.
            async with session_with_version(url) as (session, version):
                assert version == "1.0.0"
                while not switched.is_set():
                    await exercise(session)
                for _ in range(5):
                    await exercise(session)

        async def promoter():
            await anyio.sleep(1.0)
            promote(versions["1.1.0"], store)
            await anyio.sleep(1.0)
            switched.set()

        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(worker)
            group.start_soon(long_session)
            group.start_soon(promoter)

        assert failures == []
        versions_seen = [version for _, version in seen]
        assert "1.0.0" in versions_seen and "1.1.0" in versions_seen
        # Once a session got the new bundle, no later session got the old one.
        first_new = versions_seen.index("1.1.0")
        assert all(version == "1.1.0" for version in versions_seen[first_new:])

        rolled_back = hbc("promote", "--rollback", "--env", "staging", "--store", store, "--reason", "test")
        assert rolled_back.returncode == 0, rolled_back.stdout + rolled_back.stderr
        await anyio.sleep(0.8)
        async with session_with_version(url) as (session, version):
            assert version == "1.0.0"
            await exercise(session)
        assert process.poll() is None


async def test_stdio_answers_each_request_from_the_release_of_the_moment(versions, tmp_path):
    store = tmp_path / "store"
    promote(versions["1.0.0"], store)
    params = StdioServerParameters(
        command=str(HBC), args=["serve", "--store", str(store), "--env", "staging", "--follow-interval", "0.2"],
        env=server_env())
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            before = await session.call_tool("describe", {"operations": ["getCustomer"]})
            assert "Get a customer" in before.content[0].text
            promote(versions["1.1.0"], store)
            await anyio.sleep(1.0)
            after = await session.call_tool("describe", {"operations": ["getCustomer"]})
            assert "Get one customer by id" in after.content[0].text


def test_an_empty_environment_is_a_clear_error(versions, tmp_path):
    store = tmp_path / "store"
    promote(versions["1.0.0"], store)
    result = hbc("serve", "--store", store, "--env", "production")
    assert result.returncode == 1
    assert "nothing runs in 'production'" in result.stderr and "hbc promote" in result.stderr


def test_a_missing_store_is_a_clear_error_and_is_not_created(tmp_path):
    result = hbc("serve", "--store", tmp_path / "typo", "--env", "production")
    assert result.returncode == 1
    assert "no release store at" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_bundle_and_a_store_together_are_refused(versions, tmp_path):
    result = hbc("serve", versions["1.0.0"], "--store", tmp_path / "store", "--env", "staging")
    assert result.returncode == 2
    assert "not both" in result.stderr
