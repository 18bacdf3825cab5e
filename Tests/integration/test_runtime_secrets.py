"""`hbc serve` never shows a secret or a redacted value, in any form, in any output; missing credentials fail calls by
name instead of stopping the server; a re-sealed bundle edit is refused by its content hash.

The upstream is `echoing_api.EchoAPI`, which echoes the credentials it receives where they would be quoted.
"""

import hashlib
import json
import os
import pathlib
import sqlite3
import subprocess

import pytest

from echoing_api import BEARER, CUT_AT, SCHEMES, build, leaks
from serve_support import HBC, stdio_session

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
async def test_no_secret_or_redacted_value_reaches_any_output(scheme, tmp_path, echo_api):
    auth, env_extra, secrets = SCHEMES[scheme]
    bundle = build(tmp_path, echo_api.url, auth.replace("TOKEN_URL", echo_api.url + "/token"))
    log = tmp_path / "serve.log"
    env = dict(os.environ, **env_extra)
    outputs = []
    async with stdio_session(bundle, "--max-response-bytes", str(CUT_AT), "--log-file", str(log), env=env) as session:
        echoed = await session.call_tool("execute", {"operation": "getEcho", "arguments": {"id": "a"}})
        data = echoed.structured_content
        assert data["outcome"] == "succeeded", data
        violations = data["evaluation"]["violations"]
        assert {v["path"] for v in violations} >= {"/note", "/code", "/ssn"}, violations
        assert any("[redacted]" in v["message"] for v in violations if v["path"] == "/ssn"), violations
        assert "ssn" not in json.dumps(data["body"]).lower()
        outputs.append(echoed)
        outputs.append(await session.call_tool("execute", {"operation": "getBig", "arguments": {}}))
        assert outputs[-1].structured_content["truncated"] is True
        outputs.append(await session.call_tool("execute", {"operation": "getEcho", "arguments": {"id": "bad"}}))
        assert outputs[-1].structured_content["outcome"] == "upstream_error"
    texts = [json.dumps(result.structured_content) + result.content[0].text for result in outputs]
    texts.append(log.read_text())
    for text in texts:
        assert leaks(text, secrets) == [], text
        assert "123-45" not in text and "987-65" not in text, text


async def test_missing_credentials_fail_calls_by_name_and_discovery_still_works(tmp_path, echo_api):
    bundle = build(tmp_path, echo_api.url, SCHEMES["bearer"][0])
    env = {k: v for k, v in os.environ.items() if k != "ECHO_TOKEN"}
    async with stdio_session(bundle, env=env) as session:
        found = await session.call_tool("search", {"query": "echo"})
        assert not found.is_error
        result = await session.call_tool("execute", {"operation": "getEcho", "arguments": {"id": "a"}})
        assert result.is_error
        assert result.structured_content["outcome"] == "missing_credentials"
        assert "ECHO_TOKEN" in result.structured_content["message"]
    strict = subprocess.run([str(HBC), "serve", str(bundle), "--require-credentials"], input="", capture_output=True,
                            text=True, env=env, timeout=60)
    assert strict.returncode == 1 and "ECHO_TOKEN" in strict.stderr


def reseal(path: pathlib.Path):
    data = path.read_bytes()[:-40]
    path.write_bytes(data + b"HBSEAL01" + hashlib.sha256(data).digest())


def test_a_resealed_edit_is_refused_naming_the_content_hash_check(tmp_path, echo_api):
    bundle = build(tmp_path, echo_api.url, SCHEMES["bearer"][0])
    path = pathlib.Path(bundle)
    path.write_bytes(path.read_bytes()[:-40])
    with sqlite3.connect(path) as database:
        database.execute("UPDATE policies SET policy = replace(policy, 'ssn', 'zzz')")
    reseal(path)
    env = {"ECHO_TOKEN": BEARER, "PATH": "/usr/bin:/bin"}
    served = subprocess.run([str(HBC), "serve", str(bundle)], input="", capture_output=True, text=True, env=env,
                            timeout=60)
    assert served.returncode == 1
    assert "content hash check failed" in served.stderr
    inspected = subprocess.run([str(HBC), "inspect", str(bundle)], capture_output=True, text=True)
    assert inspected.returncode == 1 and "content hash check failed" in inspected.stderr


def test_mock_runs_need_no_real_secrets(bundle):
    env = {k: v for k, v in os.environ.items() if k != "ACME_TOKEN"}
    done = subprocess.run([str(HBC), "test", str(bundle), "--mock", "--test", "service health"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    against_api = subprocess.run([str(HBC), "test", str(bundle), "--test", "service health"], capture_output=True,
                                 text=True, env=env, timeout=120)
    assert against_api.returncode == 1 and "ACME_TOKEN" in against_api.stdout, against_api.stdout
