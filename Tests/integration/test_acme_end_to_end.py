"""The acme handbook's regression tests against the real acme-analytics-server (SQLite, seeded) on loopback."""

import json
import os
import pathlib
import subprocess
import time
import urllib.request

import pytest

from serve_support import HBC, REPO, free_port

SERVER = pathlib.Path(os.environ.get("ACME_SERVER", HBC.parent / "acme-analytics-server"))


@pytest.fixture(scope="module")
def acme_server():
    if not SERVER.exists():
        pytest.fail(f"{SERVER} does not exist; run `swift build` first (make test does)")
    port = free_port()
    process = subprocess.Popen([str(SERVER), "--port", str(port), "--token", "e2e-token"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/health", timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_every_execution_test_passes_against_the_real_server(acme_server, tmp_path):
    bundle = tmp_path / "acme.hb"
    assert subprocess.run([str(HBC), "build", str(REPO / "handbooks" / "acme-analytics"), "-o", str(bundle)],
                          capture_output=True).returncode == 0
    env = dict(os.environ, ACME_TOKEN="e2e-token")
    result = subprocess.run([str(HBC), "test", str(bundle), "--base-url", acme_server, "--json"],
                            capture_output=True, text=True, env=env, timeout=300)
    report = json.loads(result.stdout)
    assert report["passed"] + report["failed"] >= 25
    failures = [failure for test in report["tests"] for failure in test["failures"]]
    # Selection (through the planner, as the server proposes plans), calls, statuses, guardrail denials and
    # assertions: the whole suite is green against the real server.
    assert failures == []
    assert report["failed"] == 0
    assert result.returncode == 0, result.stderr
