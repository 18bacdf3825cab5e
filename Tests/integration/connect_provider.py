"""A loopback OAuth 2.0 provider and the API it guards, for the connect-flow tests: `/authorize` approves at once and
redirects back with a code (checking the client, the redirect URI and an S256 PKCE challenge), `/token` exchanges the
code (checking the verifier and the client secret) for a token of a new account, and `/customers` answers only with
an issued token, recording which."""

import base64
import hashlib
import itertools
from urllib.parse import parse_qs, urlencode, urlparse

from loopback import LoopbackServer, QuietHandler

CLIENT_ID = "hbc-connect-client"
CLIENT_SECRET = "connect-secret-7c1a"


class ConnectProvider(LoopbackServer):
    def __init__(self):
        self.codes = {}          # code → (challenge, redirect_uri, account)
        self.tokens = {}         # access token → account
        self.api_calls = []      # (account, path) per accepted API call
        self.refused = 0         # API calls without a valid token
        self.accounts = itertools.count(1)
        super().__init__(self._handler())

    def _handler(self):
        fake = self

        class Handler(QuietHandler):
            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    if (query.get("client_id") != CLIENT_ID or query.get("response_type") != "code"
                            or query.get("code_challenge_method") != "S256" or not query.get("code_challenge")):
                        return self.send_body(400, {"error": "invalid_request"})
                    account = f"account-{next(fake.accounts)}"
                    code = f"code-{account}"
                    fake.codes[code] = (query["code_challenge"], query["redirect_uri"], account)
                    self.send_response(302)
                    self.send_header("Location", query["redirect_uri"] + "?" + urlencode(
                        {"code": code, "state": query.get("state", "")}))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if url.path == "/customers":
                    auth = self.headers.get("Authorization", "")
                    account = fake.tokens.get(auth.removeprefix("Bearer "))
                    if not account:
                        fake.refused += 1
                        return self.send_body(401, {"code": "unauthorized", "message": "missing or wrong token"})
                    fake.api_calls.append((account, url.path))
                    return self.send_body(200, {"items": [], "total": 0, "limit": 50, "offset": 0})
                return self.send_body(404, {"code": "not_found", "message": url.path})

            def do_POST(self):
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if url.path != "/token":
                    return self.send_body(404, {"error": "not_found"})
                if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                    return self.send_body(401, {"error": "invalid_client"})
                if form.get("grant_type") != "authorization_code" or form.get("code") not in fake.codes:
                    return self.send_body(400, {"error": "invalid_grant"})
                challenge, redirect_uri, account = fake.codes.pop(form["code"])
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge or form.get("redirect_uri") != redirect_uri:
                    return self.send_body(400, {"error": "invalid_grant", "error_description": "PKCE or redirect mismatch"})
                token = f"access-{account}-e3b0c442"
                fake.tokens[token] = account
                return self.send_body(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                            "refresh_token": f"refresh-{account}-98fc1c14"})

        return Handler
