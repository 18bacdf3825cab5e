"""Replicas of `hbc serve --http` sharing one PostgreSQL state database, and a load balancer in front of them.

`postgres_server` is the server the tests create databases on (postgres_server.py: `HBC_TEST_POSTGRES`, else a
throwaway cluster for the test session); `state_url` is a new empty database per test. `Balancer` forwards every
request to whichever replica it currently points at, as a load balancer without sticky sessions may."""

import http.client
import os
import threading
import urllib.parse

import pytest

from loopback import LoopbackServer, QuietHandler
from postgres_server import ThrowawayCluster, create_database


@pytest.fixture(scope="session")
def postgres_server():
    if os.environ.get("HBC_TEST_POSTGRES"):
        yield os.environ["HBC_TEST_POSTGRES"]
        return
    cluster = ThrowawayCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture
def state_url(postgres_server):
    return create_database(postgres_server)


class Balancer:
    """Forwards POST and DELETE requests to the MCP endpoint of `target` (a replica's MCP URL, switchable at any
    time), answering with the replica's whole response. GET (the optional server-to-client stream) gets 405, which
    clients take as "no such stream"."""

    def __init__(self, target):
        self.target = target
        self.forwarded = {}
        self.lock = threading.Lock()
        balancer = self

        class Handler(QuietHandler):
            def do_GET(self):
                self.send_body(405, b"", content_type="text/plain")

            def do_POST(self):
                self.forward("POST")

            def do_DELETE(self):
                self.forward("DELETE")

            def forward(self, method):
                chosen = balancer.target
                target = urllib.parse.urlsplit(chosen)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                try:
                    connection.request(method, target.path, body=body, headers=headers)
                    response = connection.getresponse()
                    data = response.read()
                except OSError as error:
                    self.send_body(502, {"error": f"replica unreachable: {error}"})
                    return
                finally:
                    connection.close()
                with balancer.lock:
                    balancer.forwarded[chosen] = balancer.forwarded.get(chosen, 0) + 1
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() in ("content-type", "mcp-session-id", "www-authenticate"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = LoopbackServer(Handler)
        self.url = self.server.url + "/mcp"

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()
