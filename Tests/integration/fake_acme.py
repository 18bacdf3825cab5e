"""A small stand-in for the ACME Analytics API on loopback, for the runtime's integration tests.

It answers the routes the tests call, records every request it receives (so tests can prove that nothing was sent
when a call was refused), checks the bearer token, and has routes that fail on purpose: a 500, a slow answer, a body
that breaks the spec, and one that echoes the Authorization header.
"""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "test-token-5b7f2e"

GLOBEX = {
    "id": "C00002", "name": "Globex Corporation", "email": "accounts@globex.example", "phone": "+15555550102",
    "country": "US", "segment": "enterprise", "credit_limit": 3000, "created_at": "2023-02-14T09:30:00Z",
}


class FakeACME:
    def __init__(self):
        self.requests = []
        self.flaky_calls = 0
        self.tokens_issued = 0
        self.customer = dict(GLOBEX)
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    def calls(self, method=None, path_prefix=""):
        return [r for r in self.requests if (method is None or r["method"] == method) and r["path"].startswith(path_prefix)]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = json.dumps(body).encode() if not isinstance(body, bytes) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method):
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append({"method": method, "path": url.path, "query": parse_qs(url.query),
                                      "headers": dict(self.headers), "body": body.decode() if body else None})
                if url.path == "/health":
                    return self._send(200, {"status": "ok", "version": "1.4.0"})
                if url.path == "/oauth/token" and method == "POST":
                    expected = "Basic " + base64.b64encode(b"hbc-client:client-secret-9d1").decode()
                    if self.headers.get("Authorization") != expected or "grant_type=client_credentials" not in body.decode():
                        return self._send(401, {"error": "invalid_client"})
                    fake.tokens_issued += 1
                    return self._send(200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"code": "unauthorized", "message": "missing or wrong token"})
                if url.path == "/customers" and method == "GET":
                    name = parse_qs(url.query).get("name", [""])[0].lower()
                    items = [fake.customer] if name in fake.customer["name"].lower() else []
                    return self._send(200, {"items": items, "total": len(items), "limit": 50, "offset": 0})
                if url.path == "/customers/C00002" and method == "GET":
                    return self._send(200, fake.customer)
                if url.path == "/customers/C00002" and method == "PATCH":
                    fake.customer.update(json.loads(body))
                    return self._send(200, fake.customer)
                if url.path == "/customers/C00503":
                    fake.flaky_calls += 1
                    if fake.flaky_calls % 2 == 1:
                        return self._send(503, {"code": "unavailable", "message": "try again"})
                    return self._send(200, dict(fake.customer, id="C00503"))
                if url.path == "/orders" and method == "GET":
                    orders = [{"id": f"O{n:06d}", "customer_id": "C00002", "order_date": "2025-01-01", "status": "paid",
                               "currency": "USD", "total": 10.0, "lines": []} for n in range(1, 200)]
                    return self._send(200, {"items": orders, "total": len(orders), "limit": 200, "offset": 0})
                if url.path == "/customers/C00500":
                    return self._send(500, {"code": "internal", "message": "database unavailable"})
                if url.path == "/customers/C00401":
                    return self._send(400, {"code": "bad_request", "message": "echo " + self.headers.get("Authorization", "")})
                if url.path == "/products":
                    time.sleep(3)
                    return self._send(200, {"items": [], "total": 0, "limit": 50, "offset": 0})
                if url.path == "/orders/O000001":
                    return self._send(200, {"id": "O000001", "status": "teleported"})
                return self._send(404, {"code": "not_found", "message": f"no route {method} {url.path}"})

            def do_GET(self):
                self._handle("GET")

            def do_PATCH(self):
                self._handle("PATCH")

            def do_POST(self):
                self._handle("POST")

            def do_DELETE(self):
                self._handle("DELETE")

        return Handler
