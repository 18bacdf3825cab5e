"""An API on loopback that echoes the credentials it receives, for the tests that prove `hbc serve` never shows a
secret or a redacted value: it echoes them into fields that break the response schema (so evaluation messages would
quote them), into a body cut at the size limit and into an error body; its handbook redacts a field that also breaks
the schema. With the authentication schemes the tests serve it with, and a check for leaked secrets.
"""

import base64

import pytest

from loopback import LoopbackServer, QuietHandler
from serve_support import build_handbook

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


class EchoAPI(LoopbackServer):
    """Echoes the Authorization header it receives; issues one OAuth token."""

    def __init__(self):
        class Handler(QuietHandler):

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_body(200, {"access_token": ISSUED_TOKEN, "expires_in": 3600})

            def do_GET(self):
                auth = self.headers.get("Authorization", "")
                if self.path == "/big":
                    # The credential straddles the size limit, so a cut leaves its first part at the end.
                    prefix = "x" * (CUT_AT - len(auth) // 2)
                    return self.send_body(200, (prefix + auth + " trailing").encode(), "text/plain")
                if self.path == "/echo/bad":
                    return self.send_body(400, {"message": "rejected " + auth})
                body = {"note": "note " + auth, "code": auth, "ssn": "123-45-6789",
                        "nested": {"SSN": "987-65-4321"}, "echo": auth.lower(),
                        "remark": "the number 123-45-6789 is on file"}
                self.send_body(200, body)

        super().__init__(Handler)


@pytest.fixture(scope="module")
def echo_api():
    api = EchoAPI().start()
    yield api
    api.stop()


def build(tmp_path, api_url, auth):
    """Builds the handbook of this API into `tmp_path/echo.hb`, its staging environment at `api_url` with `auth`."""
    return build_handbook(tmp_path / "echo", tmp_path / "echo.hb", "--embedder", "none", files={
        "openapi/api.yaml": SPEC,
        "guardrails/policies.yaml": GUARDRAILS,
        "handbook.yaml": f"""
handbook: echo
version: 1.0.0
apis:
  - id: echo
    spec: openapi/api.yaml
    environments: {{staging: "{api_url}"}}
    auth: {auth}
guardrails: ["guardrails/*.yaml"]
""",
    })


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
