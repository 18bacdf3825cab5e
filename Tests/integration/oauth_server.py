"""A real OAuth 2.1 authorization server on loopback for the inbound-auth tests, on joserfc (RFC 7515/7517/7519).

It signs RS256 JWT access tokens, serves its JWKS and its RFC 8414 metadata, registers clients dynamically
(RFC 7591) and runs the authorization-code grant with PKCE (S256) and resource indicators (RFC 8707), so the
official `mcp` client's OAuth provider can discover it and obtain a token end to end. The person "logging in" at
the authorization endpoint is whoever the test says with `sign_in_as`. Tests can also mint tokens directly
(`mint`), with any claim wrong on purpose, and count JWKS fetches.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class AuthorizationServer:
    def __init__(self, tenant_claim="tenant"):
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.published = [self.key]
        self.tenant_claim = tenant_claim
        self.clients = {}
        self.codes = {}
        self.jwks_fetches = 0
        self.user = {"sub": "alice", "tenant": "acme", "scope": "mcp:tools"}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = self.url

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def sign_in_as(self, sub, tenant, scope="mcp:tools"):
        """Who approves the next authorization requests."""
        self.user = {"sub": sub, "tenant": tenant, "scope": scope}

    def rotate(self):
        """Publishes a new signing key (kid k2) beside the old one and signs with it from now on."""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k2", "use": "sig", "alg": "RS256"})
        self.published.append(self.key)

    def mint(self, sub="alice", tenant="acme", scope="mcp:tools", audience=None, issuer=None, expires_in=300,
             not_before=None, key=None, kid=None, extra=None):
        """A signed access token; every claim can be set wrong on purpose (`tenant=None` leaves the claim out)."""
        now = int(time.time())
        claims = {"iss": issuer or self.issuer, "sub": sub, "aud": audience, "iat": now, "exp": now + expires_in,
                  "scope": scope, "client_id": "test"}
        if tenant is not None:
            claims[self.tenant_claim] = tenant
        if not_before is not None:
            claims["nbf"] = not_before
        claims.update(extra or {})
        signing_key = key or self.key
        header = {"alg": "RS256", "kid": kid or signing_key.kid, "typ": "at+jwt"}
        return jwt.encode(header, {k: v for k, v in claims.items() if v is not None}, signing_key)

    def metadata(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "registration_endpoint": f"{self.url}/register",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_post"],
            "scopes_supported": ["mcp:tools", "mcp:admin"],
        }

    # HTTP

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parsed = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parsed.query))
                if parsed.path in ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"):
                    return self._json(200, server.metadata())
                if parsed.path == "/jwks":
                    server.jwks_fetches += 1
                    keys = KeySet(server.published).as_dict(private=False)
                    return self._json(200, keys)
                if parsed.path == "/authorize":
                    return self._authorize(query)
                return self._json(404, {"error": "not_found"})

            def _authorize(self, query):
                client = server.clients.get(query.get("client_id"))
                redirect = query.get("redirect_uri")
                if client is None or redirect not in client["redirect_uris"]:
                    return self._json(400, {"error": "invalid_client"})
                if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
                    return self._json(400, {"error": "invalid_request"})
                code = secrets.token_urlsafe(24)
                server.codes[code] = {"client_id": query["client_id"], "redirect_uri": redirect,
                                      "challenge": query["code_challenge"], "resource": query.get("resource"),
                                      "user": dict(server.user)}
                location = redirect + "?" + urllib.parse.urlencode(
                    {"code": code, "state": query.get("state", ""), "iss": server.issuer})
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if self.path == "/register":
                    body = json.loads(raw or b"{}")
                    client_id = secrets.token_urlsafe(12)
                    server.clients[client_id] = {"redirect_uris": [str(u) for u in body.get("redirect_uris", [])]}
                    return self._json(201, {**body, "client_id": client_id, "token_endpoint_auth_method": "none",
                                            "client_id_issued_at": int(time.time())})
                if self.path == "/token":
                    form = dict(urllib.parse.parse_qsl(raw.decode()))
                    return self._token(form)
                return self._json(404, {"error": "not_found"})

            def _token(self, form):
                if form.get("grant_type") != "authorization_code":
                    return self._json(400, {"error": "unsupported_grant_type"})
                grant = server.codes.pop(form.get("code", ""), None)
                if grant is None or grant["client_id"] != form.get("client_id") \
                        or grant["redirect_uri"] != form.get("redirect_uri"):
                    return self._json(400, {"error": "invalid_grant"})
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                    return self._json(400, {"error": "invalid_grant", "error_description": "PKCE check failed"})
                resource = form.get("resource") or grant["resource"]
                user = grant["user"]
                token = server.mint(sub=user["sub"], tenant=user["tenant"], scope=user["scope"], audience=resource)
                return self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 300,
                                        "scope": user["scope"]})

        return Handler
