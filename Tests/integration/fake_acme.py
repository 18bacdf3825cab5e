"""A small stand-in for the ACME Analytics API on loopback, for the runtime's integration tests.

It answers the routes the tests call, records every request it receives (so tests can prove that nothing was sent
when a call was refused), checks the bearer token, and has routes that fail on purpose: a 500, a slow answer, a body
that breaks the spec, and one that echoes the Authorization header.
"""

import base64
import json
import time
from urllib.parse import parse_qs, urlparse

from loopback import LoopbackServer, QuietHandler

TOKEN = "test-token-5b7f2e"

GLOBEX = {
    "id": "C00002", "name": "Globex Corporation", "email": "accounts@globex.example", "phone": "+15555550102",
    "country": "US", "segment": "enterprise", "credit_limit": 3000, "created_at": "2023-02-14T09:30:00Z",
}


class FakeACME(LoopbackServer):
    def __init__(self):
        self.requests = []
        self.flaky_calls = 0
        self.tokens_issued = 0
        self.customer = dict(GLOBEX)
        super().__init__(self._handler())

    def calls(self, method=None, path_prefix=""):
        return [r for r in self.requests if (method is None or r["method"] == method) and r["path"].startswith(path_prefix)]

    def _handler(self):
        fake = self

        class Handler(QuietHandler):
            def _handle(self, method):
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append({"method": method, "path": url.path, "query": parse_qs(url.query),
                                      "headers": dict(self.headers), "body": body.decode() if body else None})
                if url.path == "/health":
                    return self.send_body(200, {"status": "ok", "version": "1.4.0"})
                if url.path == "/oauth/token" and method == "POST":
                    expected = "Basic " + base64.b64encode(b"hbc-client:client-secret-9d1").decode()
                    if self.headers.get("Authorization") != expected or "grant_type=client_credentials" not in body.decode():
                        return self.send_body(401, {"error": "invalid_client"})
                    fake.tokens_issued += 1
                    return self.send_body(200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self.send_body(401, {"code": "unauthorized", "message": "missing or wrong token"})
                if url.path == "/customers" and method == "GET":
                    name = parse_qs(url.query).get("name", [""])[0].lower()
                    items = [fake.customer] if name in fake.customer["name"].lower() else []
                    return self.send_body(200, {"items": items, "total": len(items), "limit": 50, "offset": 0})
                if url.path == "/customers/C00002" and method == "GET":
                    return self.send_body(200, fake.customer)
                if url.path == "/customers/C00002" and method == "PATCH":
                    fake.customer.update(json.loads(body))
                    return self.send_body(200, fake.customer)
                if url.path == "/customers/C00503":
                    fake.flaky_calls += 1
                    if fake.flaky_calls % 2 == 1:
                        return self.send_body(503, {"code": "unavailable", "message": "try again"})
                    return self.send_body(200, dict(fake.customer, id="C00503"))
                if url.path == "/orders" and method == "GET":
                    orders = [{"id": f"O{n:06d}", "customer_id": "C00002", "order_date": "2025-01-01", "status": "paid",
                               "currency": "USD", "total": 10.0, "lines": []} for n in range(1, 200)]
                    return self.send_body(200, {"items": orders, "total": len(orders), "limit": 200, "offset": 0})
                if url.path == "/customers/C00500":
                    return self.send_body(500, {"code": "internal", "message": "database unavailable"})
                if url.path == "/customers/C00401":
                    return self.send_body(400, {"code": "bad_request", "message": "echo " + self.headers.get("Authorization", "")})
                if url.path == "/products":
                    time.sleep(3)
                    return self.send_body(200, {"items": [], "total": 0, "limit": 50, "offset": 0})
                if url.path == "/orders/O000001":
                    return self.send_body(200, {"id": "O000001", "status": "teleported"})
                return self.send_body(404, {"code": "not_found", "message": f"no route {method} {url.path}"})

            def do_GET(self):
                self._handle("GET")

            def do_PATCH(self):
                self._handle("PATCH")

            def do_POST(self):
                self._handle("POST")

            def do_DELETE(self):
                self._handle("DELETE")

        return Handler
