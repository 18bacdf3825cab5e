"""`hbc serve` never shows a secret or a redacted value, in any form, in any output; missing credentials fail calls by
name instead of stopping the server; a re-sealed bundle edit is refused by its content hash.

A loopback API echoes the credentials it receives into fields that break the response schema (so evaluation messages
would quote them), into a body cut at the size limit, and into an error body; the handbook redacts a field that also
breaks the schema.
"""

import base64
import hashlib
import json
import os
import pathlib
import sqlite3
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from serve_support import HBC, stdio_session

pytestmark = pytest.mark.anyio

BEARER = "sk_live_7f3a9c2e5b1d4f6a8c0e2b4d"
PASSWORD = "pa55-w0rd-9e8d7c6b5a"
CLIENT_SECRET = "client-secret-4f5e6d7c8b9a"
ISSUED_TOKEN = "oauth-access-3c2b1a0f9e8d7c6b"
CUT_AT = 300

SPEC = """
openapi: 3.1.0
info: {title: Echo, version: '1'}
paths:
  /echo/{id}:
    get:
      operationId: getEcho
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  note: {type: string, maxLength: 5, pattern: '^[a-z]+$'}
                  code: {enum: [a, b]}
                  ssn: {type: string, pattern: '^[0-9]{3}$'}
                  nested: {type: object, properties: {ssn: {type: integer}}}
        '400': {description: bad}
  /big:
    get:
      operationId: getBig
      responses: {'200': {description: ok, content: {text/plain: {schema: {type: string}}}}}
"""

GUARDRAILS = """
policies:
  - id: hide-ssn
    match: {}
    redact: [ssn]
"""


class EchoAPI:
    """Echoes the Authorization header it receives; issues one OAuth token."""

    def __init__(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, data, content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._send(200, json.dumps({"access_token": ISSUED_TOKEN, "expires_in": 3600}).encode())

            def do_GET(self):
                auth = self.headers.get("Authorization", "")
                if self.path == "/big":
                    # The credential straddles the size limit, so a cut leaves its first part at the end.
                    prefix = "x" * (CUT_AT - len(auth) // 2)
                    return self._send(200, (prefix + auth + " trailing").encode(), "text/plain")
                if self.path == "/echo/bad":
                    return self._send(400, json.dumps({"message": "rejected " + auth}).encode())
                body = {"note": "note " + auth, "code": auth, "ssn": "123-45-6789",
                        "nested": {"SSN": "987-65-4321"}, "echo": auth.lower(),
                        "remark": "the number 123-45-6789 is on file"}
                self._send(200, json.dumps(body).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def echo_api():
    api = EchoAPI()
    yield api
    api.server.shutdown()


def build(tmp_path, api_url, auth):
    root = tmp_path / "echo"
    (root / "openapi").mkdir(parents=True)
    (root / "guardrails").mkdir()
    (root / "openapi" / "api.yaml").write_text(SPEC)
    (root / "guardrails" / "policies.yaml").write_text(GUARDRAILS)
    (root / "handbook.yaml").write_text(f"""
handbook: echo
version: 1.0.0
apis:
  - id: echo
    spec: openapi/api.yaml
    environments: {{staging: "{api_url}"}}
    auth: {auth}
guardrails: ["guardrails/*.yaml"]
""")
    bundle = tmp_path / "echo.hb"
    built = subprocess.run([str(HBC), "build", str(root), "-o", str(bundle), "--embedder", "none"],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return bundle


SCHEMES = {
    "bearer": ("{type: bearer, token: '${ECHO_TOKEN}'}", {"ECHO_TOKEN": BEARER}, [BEARER]),
    "basic": ("{type: basic, username: robot, password: '${ECHO_PASSWORD}'}", {"ECHO_PASSWORD": PASSWORD},
              [PASSWORD, base64.b64encode(f"robot:{PASSWORD}".encode()).decode()]),
    "oauth": ("{type: oauth2-client-credentials, token_url: 'TOKEN_URL', client_id: hbc, "
              "client_secret: '${ECHO_SECRET}', scopes: [read]}", {"ECHO_SECRET": CLIENT_SECRET},
              [CLIENT_SECRET, ISSUED_TOKEN]),
}


def leaks(text, secrets):
    """The secrets (or an 8-character piece of one) found in `text`."""
    found = []
    for secret in secrets:
        pieces = {secret[i:i + 8] for i in range(0, len(secret) - 7)}
        if any(piece in text or piece.lower() in text for piece in pieces):
            found.append(secret)
    return found


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
