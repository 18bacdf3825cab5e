"""What the benchmarks share: where the binary and the shared data are, free ports, starting a server and waiting until
it listens, raw Streamable HTTP JSON-RPC (initialize, post), and a process's CPU time and memory from /proc.

The benchmarks import it from their own folder (`python3 bench/NAME.py` puts bench/ on the path).
"""

import contextlib
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("HBC_SHARED_DATA", REPO.parent / "shared" / "data"))
HBC = os.environ.get("HBC", str(REPO / ".build" / "release" / "hbc"))
TICKS = os.sysconf("SC_CLK_TCK")
# The large real API most benchmarks measure on (809 operations), and short requests to search it with.
GHES_SPEC = SHARED / "specs" / "github_ghes-3.6_3.0.3_via-jentic.json"
GHES_QUERIES = [
    "list pull requests of a repository", "create an issue", "get the authenticated user", "delete a branch",
    "add a label to an issue", "list commits on a branch", "merge a pull request", "create a webhook for a repo",
    "list members of an organization", "get the contents of a file", "star a repository", "list workflow runs",
    "download a release asset", "update a team", "search code", "list deploy keys", "get a gist",
    "create a commit status", "lock an issue conversation", "list notifications for the user",
]
PROTOCOL_VERSION = "2025-06-18"
INITIALIZE = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
    "protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}
INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


def require_load_tools():
    """Exits saying what to run when `wrk` or the `hbc` binary under test is missing (the load benches need both)."""
    if not shutil.which("wrk"):
        sys.exit("wrk missing: apt-get install -y wrk (make bench does)")
    if not os.path.exists(HBC):
        sys.exit(f"{HBC} missing: run `make release` (make bench does)")


def free_port():
    """A TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    """Waits until something listens on `port`; exits with a message when `process` ends first or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{process.args[0]}: nothing listens on {port} after {seconds} s")


def start_listening(command, env=None):
    """Starts `command` (each `{port}` in it replaced by a free port, output discarded) and waits until it listens;
    returns the process and the port."""
    port = free_port()
    process = subprocess.Popen([part.replace("{port}", str(port)) for part in command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for_port(port, process)
    except BaseException:
        process.kill()
        raise
    return process, port


def stop(process):
    """Ends `process`: terminated, killed if it has not exited after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def listening(command, env=None):
    """``start_listening`` for the length of a `with` block: yields the process and the port, then stops it."""
    process, port = start_listening(command, env)
    try:
        yield process, port
    finally:
        stop(process)


def post(url, message, session=None, timeout=120):
    """POSTs one JSON-RPC `message` (to `session` when given); returns the answer (from JSON or the first SSE
    `data:` line; `None` for a notification), the `Mcp-Session-Id` header and the size of the body in characters."""
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json",
               "MCP-Protocol-Version": PROTOCOL_VERSION}
    if session:
        headers["Mcp-Session-Id"] = session
    request = urllib.request.Request(url, data=json.dumps(message).encode(), method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read().decode()
        session_id = response.headers.get("Mcp-Session-Id")
    if body.lstrip().startswith("{"):
        return json.loads(body), session_id, len(body)
    for line in body.splitlines():
        if line.startswith("data:") and line[5:].strip():
            return json.loads(line[5:]), session_id, len(body)
    return None, session_id, len(body)


def open_sessions(url, count):
    """Opens `count` initialized sessions at `url`; returns their ids."""
    ids = []
    for _ in range(count):
        _, session, _ = post(url, INITIALIZE)
        post(url, INITIALIZED, session)
        ids.append(session)
    return ids


def cpu_seconds(pid):
    """CPU time (user + system) process `pid` has used so far, in seconds."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def memory_mb(pid):
    """Resident memory of process `pid` now (`rss`) and at its peak (`peak`), in MB."""
    values = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            values[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    return {"rss": values.get("VmRSS"), "peak": values.get("VmHWM")}


def percentile(values, share):
    """The value at `share` (0–1) of `values` sorted."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]
