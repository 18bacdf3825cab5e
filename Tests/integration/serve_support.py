"""Fixtures for driving `hbc serve` with the official Python MCP client against a fake ACME API on loopback."""

import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from fake_acme import TOKEN, FakeACME  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
HBC = pathlib.Path(os.environ.get("HBC", REPO / ".build" / "debug" / "hbc")).resolve()


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="session")
def fake_api():
    api = FakeACME().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def bundle(tmp_path_factory, fake_api):
    """The acme handbook built with its staging base URL pointing at the fake API."""
    if not HBC.exists():
        pytest.fail(f"{HBC} does not exist; run `swift build` first (make test does)")
    root = tmp_path_factory.mktemp("handbook") / "acme-analytics"
    copy_acme(root, fake_api.url)
    return build_handbook(root, root.parent / "acme.hb")


def copy_acme(root, api_url):
    """Copies the acme handbook to `root` with its staging base URL pointing at `api_url`."""
    shutil.copytree(REPO / "handbooks" / "acme-analytics", root)
    manifest = root / "handbook.yaml"
    manifest.write_text(manifest.read_text().replace("http://127.0.0.1:8080", api_url))


def build_handbook(root, out, *options, files=None):
    """Writes `files` (path relative to `root` → text) and builds the handbook in `root` into `out` with
    `hbc build … OPTIONS`; fails the test with hbc's errors when it does not build. Returns `out`."""
    for relative, text in (files or {}).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    built = subprocess.run([str(HBC), "build", str(root), "-o", str(out), *options], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return out


def server_env(**extra):
    env = dict(os.environ)
    env["ACME_TOKEN"] = TOKEN
    env.update(extra)
    return env


def serve_args(bundle, *extra):
    return ["serve", str(bundle), "--env", "staging", "--request-timeout", "1", "--retries", "0", *extra]


@contextlib.asynccontextmanager
async def stdio_session(bundle, *extra, elicitation_callback=None, env=None):
    params = StdioServerParameters(command=str(HBC), args=serve_args(bundle, *extra), env=env or server_env())
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicitation_callback) as session:
            await session.initialize()
            yield session


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def http_server(bundle, *extra):
    with http_serving(serve_args(bundle, *extra)) as served:
        yield served


@contextlib.contextmanager
def http_serving(args, env=None, port=None, stop_timeout=10):
    """Runs `hbc ARGS --http 127.0.0.1:PORT` (a free port unless given, `server_env()` unless `env`) until it listens;
    yields the MCP URL and the process, stopped with SIGTERM."""
    port = port or free_port()
    process = subprocess.Popen([str(HBC), *args, "--http", f"127.0.0.1:{port}"],
                               env=env or server_env(), stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/mcp"
    deadline = time.time() + 20
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            break
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        time.sleep(0.05)
    try:
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=stop_timeout)


@contextlib.asynccontextmanager
async def http_session(url):
    async with streamable_http_client(url) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            yield session
