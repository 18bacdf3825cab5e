"""Fixtures for the orchestrator's tests: the real acme-analytics-server on loopback, a recording proxy in front of it
that shows what reached the API, and the acme bundle."""

import contextlib
import json
import os
import pathlib
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from loopback import LoopbackServer, QuietHandler
from serve_support import HBC, REPO, build_handbook, free_port

SERVER = pathlib.Path(os.environ.get("ACME_SERVER", HBC.parent / "acme-analytics-server"))
TOKEN = "run-token"


@pytest.fixture(scope="module")
def acme():
    """The real ACME API on a free port, with a fresh seeded database."""
    if not SERVER.exists():
        pytest.fail(f"{SERVER} does not exist; run `swift build` first (make test does)")
    port = free_port()
    process = subprocess.Popen([str(SERVER), "--port", str(port), "--token", TOKEN],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url + "/health", timeout=1).close()
            break
        time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


class RecordingProxy:
    """Forwards every request to the API and logs it (method, path), so a test sees exactly what was sent."""

    def __init__(self, target):
        proxy = self
        self.target = target
        self.log = []
        self.lock = threading.Lock()

        class Handler(QuietHandler):
            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy.lock:
                    proxy.log.append((self.command, self.path))
                request = urllib.request.Request(proxy.target + self.path, data=body, method=self.command, headers={
                    name: value for name, value in self.headers.items() if name.lower() not in ("host", "connection")})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        self.send_body(response.status, response.read(), response.headers.get("Content-Type"))
                except urllib.error.HTTPError as error:
                    self.send_body(error.code, error.read(), error.headers.get("Content-Type"))

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = forward

        self.server = LoopbackServer(Handler).start()
        self.url = self.server.url

    def requests(self):
        with self.lock:
            return list(self.log)


@pytest.fixture(scope="module")
def proxy(acme):
    served = RecordingProxy(acme)
    yield served
    served.server.stop()


@pytest.fixture(scope="module")
def acme_bundle(tmp_path_factory):
    return build_handbook(REPO / "handbooks" / "acme-analytics", tmp_path_factory.mktemp("run") / "acme.hb")


def api_get(acme, path):
    request = urllib.request.Request(acme + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


