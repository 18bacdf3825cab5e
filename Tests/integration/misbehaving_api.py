"""A loopback API that misbehaves on purpose, for the runtime's resilience tests: a body that trickles forever, a
connection reset in the middle of a body, slow answers, and results far larger than an MCP message may be.
"""

import socket
import struct
import threading
import time

from loopback import LoopbackServer, QuietHandler

SPEC = """
openapi: 3.1.0
info: {title: Misbehaving API, version: '1'}
paths:
  /trickle:
    get:
      operationId: trickle
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /reset:
    post:
      operationId: resetWhileAnswering
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /slow:
    get:
      operationId: slowAnswer
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /big-list:
    get:
      operationId: bigList
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /big-text:
    get:
      operationId: bigText
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /medium:
    get:
      operationId: mediumText
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /small:
    get:
      operationId: small
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /confirmed:
    get:
      operationId: confirmedCall
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
"""

POLICIES = """
policies:
  - id: confirm-first
    description: A person confirms this call before it is sent.
    match: { operations: [confirmedCall] }
    effect: confirm
    message: This call needs a person's yes.
"""

BIG_ITEMS = 20000
BIG_TEXT = "é" * 300000 + "ß" * 300000
SLOW_SECONDS = 1.5
MEDIUM_BYTES = 100_000


def handbook_files(url):
    """The files of a handbook for this API, its staging environment at `url`."""
    return {
        "openapi/api.yaml": SPEC,
        "guardrails/policies.yaml": POLICIES,
        "handbook.yaml": f"""
handbook: misbehaving
version: 1.0.0
apis:
  - id: misbehaving
    spec: openapi/api.yaml
    environments: {{staging: "{url}"}}
guardrails: ["guardrails/*.yaml"]
""",
    }


class MisbehavingAPI(LoopbackServer):
    def __init__(self):
        self.stopping = threading.Event()
        self.confirmed_calls = 0
        self.concurrent = 0
        self.most_concurrent = 0
        self.lock = threading.Lock()
        super().__init__(self._handler())

    def stop(self):
        self.stopping.set()
        super().stop()

    def _handler(self):
        api = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if self.path == "/trickle":
                    # Promises a large body and sends one byte at a time, forever (until the client gives up).
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "10000000")
                    self.end_headers()
                    with_errors_ignored(lambda: self._trickle())
                elif self.path == "/slow":
                    with api.lock:
                        api.concurrent += 1
                        api.most_concurrent = max(api.most_concurrent, api.concurrent)
                    time.sleep(SLOW_SECONDS)
                    with api.lock:
                        api.concurrent -= 1
                    self.send_body(200, {"slow": True})
                elif self.path == "/big-list":
                    items = [{"id": n, "name": f"item {n}", "tags": ["a", "b"]} for n in range(BIG_ITEMS)]
                    self.send_body(200, {"items": items, "total": BIG_ITEMS})
                elif self.path == "/confirmed":
                    api.confirmed_calls += 1
                    self.send_body(200, {"ok": True})
                elif self.path == "/medium":
                    self.send_body(200, {"text": "m" * MEDIUM_BYTES})
                elif self.path == "/big-text":
                    self.send_body(200, {"text": BIG_TEXT, "id": 7})
                else:
                    self.send_body(200, {"ok": True})

            def _trickle(self):
                self.wfile.write(b"{")
                self.wfile.flush()
                while not api.stopping.is_set():
                    time.sleep(0.1)
                    self.wfile.write(b" ")
                    self.wfile.flush()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                # Half a body, then a reset (RST) instead of the rest.
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "5000")
                self.end_headers()
                self.wfile.write(b'{"partial": "' + b"x" * 1000)
                self.wfile.flush()
                time.sleep(0.1)
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

        return Handler


def with_errors_ignored(action):
    try:
        action()
    except OSError:
        pass
