"""The connect flow (docs/connections.md) against a loopback OAuth provider and API: a call without a connection is
not sent and yields a connect_url; following it in a browser (authorize → callback → token exchange with PKCE)
connects that user only, and the same call then succeeds with that user's token, which never appears in results.
The flow is bound to the browser that opened the link (a cookie): a provider login URL forwarded to another browser
connects nobody."""

import base64
import contextlib
import json
import os

import httpx2
import pytest

from api_key_sessions import KEYS, session_as
from connect_provider import CLIENT_ID, CLIENT_SECRET, ConnectProvider
from serve_support import build_handbook, copy_acme, http_serving, serve_args

pytestmark = pytest.mark.anyio

ACCESS = """\
api_keys:
  - {name: alice, env: KEY_ALICE, tenant: acme}
  - {name: bob, env: KEY_BOB, tenant: acme}
"""
CALL = {"operation": "listCustomers", "arguments": {"name": "globex"}}
COOKIE = "hbc_connect"  # over http; `__Host-hbc_connect` when the public URL is https


@contextlib.contextmanager
def connect_server(tmp_path, monkeypatch):
    """hbc serving the acme handbook over HTTP with alice's and bob's API keys and the `acme` group connected per
    user at a loopback provider; yields the MCP URL, the server process and the provider."""
    provider = ConnectProvider().start()
    try:
        root = tmp_path / "acme-analytics"
        copy_acme(root, provider.url)
        bundle = build_handbook(root, tmp_path / "acme.hb")
        (tmp_path / "access.yaml").write_text(ACCESS)
        (tmp_path / "connections.json").write_text(json.dumps({"groups": {"acme": {
            "authorization_url": provider.url + "/authorize", "token_url": provider.url + "/token",
            "client_id": CLIENT_ID, "client_secret_env": "ACME_CLIENT_SECRET", "scopes": ["customers.read"]}}}))
        monkeypatch.setenv("ACME_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("HBC_CONNECTIONS_KEY", base64.b64encode(os.urandom(32)).decode())
        for user in ("alice", "bob"):
            monkeypatch.setenv(f"KEY_{user.upper()}", KEYS[user])
        args = serve_args(bundle, "--state", str(tmp_path / "state.sqlite"), "--access", str(tmp_path / "access.yaml"),
                          "--connections", str(tmp_path / "connections.json"))
        with http_serving(args) as (url, server):
            yield url, server, provider
    finally:
        provider.stop()


async def connect_url(session):
    result = await session.call_tool("execute", CALL)
    assert result.is_error and result.structured_content["outcome"] == "missing_credentials"
    return result.structured_content["connect_url"]


async def test_connect_flow_gives_each_user_their_own_token(tmp_path, monkeypatch):
    with connect_server(tmp_path, monkeypatch) as (url, server, provider):
        origin = url.removesuffix("/mcp")
        async with session_as(url, "alice") as alice:
            groups = (await alice.call_tool("groups", {})).structured_content["groups"]
            acme = next(group for group in groups if group["id"] == "acme")
            assert acme["needs_connection"] is True and "user=alice" in acme["connect_url"]
            first = await alice.call_tool("execute", CALL)
            assert first.is_error
            assert first.structured_content["outcome"] == "missing_credentials"
            assert first.structured_content["group"] == "acme"
            link = first.structured_content["connect_url"]
            assert link.startswith(origin + "/connect/acme?") and "user=alice" in link
            assert provider.api_calls == [] and provider.refused == 0

            # The browser keeps cookies between /connect and the callback (httpx keeps those of every redirect hop).
            async with httpx2.AsyncClient(timeout=30) as browser:
                # A link whose user was changed is refused before anything reaches the provider.
                forged = await browser.get(link.replace("user=alice", "user=bob"))
                assert forged.status_code == 400 and not provider.tokens
                assert COOKIE not in browser.cookies
                page = await browser.get(link, follow_redirects=True)
                assert page.status_code == 200 and "Connected acme" in page.text, page.text
                assert page.headers["x-content-type-options"] == "nosniff"
                cookie = page.history[0].headers["set-cookie"]
                assert cookie.startswith(COOKIE + "=") and "Secure" not in cookie
                for attribute in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=600"):
                    assert attribute in cookie, cookie
                # The callback's state works once.
                replay = await browser.get(str(page.url))
                assert replay.status_code == 400

            second = await alice.call_tool("execute", CALL)
            assert not second.is_error, second.content[0].text
            assert second.structured_content["status"] == 200
            assert provider.api_calls == [("account-1", "/customers")]
            token = next(iter(provider.tokens))
            assert token not in json.dumps(second.structured_content) and token not in second.content[0].text
            groups = (await alice.call_tool("groups", {})).structured_content["groups"]
            assert "needs_connection" not in next(group for group in groups if group["id"] == "acme")

        async with session_as(url, "bob") as bob:
            theirs = await bob.call_tool("execute", CALL)
            assert theirs.is_error and "user=bob" in theirs.structured_content["connect_url"]
            assert len(provider.api_calls) == 1
    log = server.stderr.read()
    for secret in [*provider.tokens, CLIENT_SECRET, "refresh-account-1"]:
        assert secret not in log


async def test_a_callback_without_the_starting_browsers_cookie_stores_nothing(tmp_path, monkeypatch):
    with connect_server(tmp_path, monkeypatch) as (url, _, provider):
        origin = url.removesuffix("/mcp")
        async with session_as(url, "bob") as bob:
            bobs_link = await connect_url(bob)
        async with session_as(url, "alice") as alice:
            alices_link = await connect_url(alice)
        # Bob opens his own link twice in his browser but does not sign in: he sends the provider's login URLs to
        # Alice.
        async with httpx2.AsyncClient(timeout=30) as bobs_browser:
            logins = []
            for _ in range(2):
                started = await bobs_browser.get(bobs_link)
                assert started.status_code == 302 and COOKIE in bobs_browser.cookies
                logins.append(started.headers["location"])
                assert logins[-1].startswith(provider.url + "/authorize?")
        async with httpx2.AsyncClient(timeout=30) as alices_browser:
            # Alice approves in her browser, which never opened a connect link: the callback refuses, stores nothing.
            page = await alices_browser.get(logins[0], follow_redirects=True)
            assert page.status_code == 400 and "not started in this browser" in page.text, page.text
            assert page.url.path == "/oauth/callback" and "Connected" not in page.text
            assert page.headers["x-content-type-options"] == "nosniff"
            assert page.headers["content-type"].startswith("text/html")
            # Her browser's cookie from her own (unfinished) flow does not pass for Bob's either.
            assert (await alices_browser.get(alices_link)).status_code == 302 and COOKIE in alices_browser.cookies
            again = await alices_browser.get(logins[1], follow_redirects=True)
            assert again.status_code == 400 and "not started in this browser" in again.text, again.text
            # The provider's error is echoed escaped, never as markup.
            refused = await alices_browser.get(origin + "/oauth/callback",
                                               params={"error": "<script>alert(1)</script>"})
            assert refused.status_code == 400 and refused.headers["x-content-type-options"] == "nosniff"
            assert "<script>" not in refused.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in refused.text
        # The provider issued codes, but none was exchanged: nobody is connected.
        assert len(provider.codes) == 2 and not provider.tokens
        for user in ("bob", "alice"):
            async with session_as(url, user) as session:
                assert f"user={user}" in await connect_url(session)
        assert provider.api_calls == [] and provider.refused == 0
