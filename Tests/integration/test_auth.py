"""Inbound auth on `hbc serve --http --access FILE` (MCP authorization, RFC 9728, RFC 6750), with the official MCP
client and a real OAuth 2.1 authorization server on loopback (oauth_server.py, on joserfc): discovery from a 401,
authorization code with PKCE end to end, tokens that must be refused, scopes, API keys, sessions bound to their
caller, and tenants by claim and by path."""

import contextlib
import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import httpx2
import pytest
from joserfc.jwk import RSAKey
from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

from oauth_server import AuthorizationServer
from serve_support import HBC, free_port, http_serving, serve_args, server_env

pytestmark = pytest.mark.anyio

API_KEY = "k-globex-ci-0123456789abcdef"
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


@pytest.fixture(scope="module")
def issuer():
    server = AuthorizationServer().start()
    yield server
    server.stop()


def access_file(tmp_path, issuer, port, extra=""):
    path = tmp_path / "access.yaml"
    path.write_text(f"""auth:
  resource: http://127.0.0.1:{port}/mcp
  issuer: {issuer.issuer}
  jwks_url: {issuer.url}/jwks
  tenant_claim: tenant
  required_scopes: [mcp:tools]
api_keys:
  - name: ci
    env: HBC_TEST_CI_KEY
    tenant: globex
    scopes: [mcp:tools]
{extra}""")
    return path


@contextlib.contextmanager
def served(bundle, access, port):
    """`hbc serve --http 127.0.0.1:PORT --access ACCESS` until it listens; yields the MCP URL and the process."""
    with http_serving([*serve_args(bundle), "--access", str(access)], env=server_env(HBC_TEST_CI_KEY=API_KEY),
                      port=port) as served:
        yield served


@pytest.fixture
def server(bundle, issuer, tmp_path):
    port = free_port()
    with served(bundle, access_file(tmp_path, issuer, port), port) as (url, process):
        yield url, process


def post(url, message, token=None, session=None, headers=None):
    """POSTs a JSON-RPC message; returns (status, headers, body text)."""
    sent = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    if session:
        sent["Mcp-Session-Id"] = session
    request = urllib.request.Request(url, data=json.dumps(message).encode(), method="POST", headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def challenge(headers):
    """The WWW-Authenticate parameters as a dict."""
    value = headers.get("WWW-Authenticate", "")
    assert value.startswith("Bearer"), value
    return dict(re.findall(r'(\w+)="([^"]*)"', value))


async def test_no_token_gets_401_and_the_metadata_it_points_to(server, issuer):
    url, _ = server
    status, headers, body = post(url, INITIALIZE)
    assert status == 401
    params = challenge(headers)
    assert params["scope"] == "mcp:tools"
    origin = url.removesuffix("/mcp")
    assert params["resource_metadata"] == f"{origin}/.well-known/oauth-protected-resource/mcp"
    assert json.loads(body)["error"] == "unauthorized"
    for metadata_url in (params["resource_metadata"], f"{origin}/.well-known/oauth-protected-resource"):
        document = get_json(metadata_url)
        assert document["resource"] == url
        assert document["authorization_servers"] == [issuer.issuer]
        assert document["scopes_supported"] == ["mcp:tools"]
        assert document["bearer_methods_supported"] == ["header"]
    tenant_document = get_json(f"{origin}/.well-known/oauth-protected-resource/t/acme/mcp")
    assert tenant_document["resource"] == f"{origin}/t/acme/mcp"
    with pytest.raises(urllib.error.HTTPError) as missing:
        get_json(f"{origin}/.well-known/oauth-protected-resource/elsewhere")
    assert missing.value.code == 404


def oauth_client(url, issuer_server):
    """An httpx client with the official SDK's OAuth provider; the "browser" follows the authorization URL to the
    authorization server (which signs in whoever the test said) and hands the code back."""
    redirect = "http://127.0.0.1:1/callback"
    received = {}

    class Memory:
        tokens = None
        client = None

        async def get_tokens(self):
            return self.tokens

        async def set_tokens(self, tokens):
            self.tokens = tokens

        async def get_client_info(self):
            return self.client

        async def set_client_info(self, info):
            self.client = info

    async def open_browser(authorization_url):
        async with httpx2.AsyncClient() as browser:
            answer = await browser.get(authorization_url)
        assert answer.status_code == 302, answer.text
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(answer.headers["Location"]).query))
        received.update(query)

    async def callback():
        return AuthorizationCodeResult(code=received["code"], state=received.get("state"), iss=received.get("iss"))

    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(client_name="hbc test", redirect_uris=[redirect],
                                            grant_types=["authorization_code"], response_types=["code"]),
        storage=Memory(), redirect_handler=open_browser, callback_handler=callback)
    return create_mcp_http_client(auth=provider), provider


async def test_official_client_discovers_authorizes_and_calls(server, issuer):
    url, process = server
    issuer.sign_in_as("alice", "acme")
    client, provider = oauth_client(url, issuer)
    async with client, streamable_http_client(url, http_client=client) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            tools = [tool.name for tool in (await session.list_tools()).tools]
            assert "search" in tools and "execute" in tools
            found = await session.call_tool("search", {"query": "customer", "detail": "names"})
            assert not found.is_error and found.structured_content["results"]
    token = provider.context.current_tokens.access_token
    assert token
    process.terminate()
    process.wait(timeout=10)
    assert token not in process.stderr.read()


async def test_tokens_not_for_this_server_are_refused(server, issuer):
    url, _ = server
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    cases = {
        "wrong audience": issuer.mint(audience="http://elsewhere.example/mcp"),
        "expired": issuer.mint(audience=url, expires_in=-600),
        "bad signature": issuer.mint(audience=url, key=stranger, kid="k1"),
        "wrong issuer": issuer.mint(audience=url, issuer="http://127.0.0.1:1"),
        "not yet valid": issuer.mint(audience=url, not_before=int(time.time()) + 3600),
        "no tenant": issuer.mint(audience=url, tenant=None),
    }
    for case, token in cases.items():
        status, headers, body = post(url, INITIALIZE, token=token)
        assert status == 401, case
        params = challenge(headers)
        assert params["error"] == "invalid_token", case
        assert "resource_metadata" in params, case
        assert token not in body and token not in headers.get("WWW-Authenticate", ""), case
    status, _, _ = post(url, INITIALIZE, token=issuer.mint(audience=url))
    assert status == 200


async def test_insufficient_scope_is_403_with_the_scope_to_ask_for(server, issuer):
    url, _ = server
    status, headers, body = post(url, INITIALIZE, token=issuer.mint(audience=url, scope="profile"))
    assert status == 403
    params = challenge(headers)
    assert params["error"] == "insufficient_scope"
    assert "mcp:tools" in params["scope"].split()
    assert json.loads(body)["error"] == "insufficient_scope"


async def test_api_key_works_with_the_official_client(server):
    url, _ = server
    tenant_url = url.replace("/mcp", "/t/globex/mcp")
    client = create_mcp_http_client(headers={"Authorization": f"Bearer {API_KEY}"})
    async with client, streamable_http_client(tenant_url, http_client=client) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            assert (await session.list_tools()).tools
    assert post(url, INITIALIZE, token=API_KEY[:-1] + "X")[0] == 401
    assert post(url, INITIALIZE, headers={"X-API-Key": API_KEY})[0] == 200
    # The key acts in tenant globex: another tenant's path is refused.
    assert post(url.replace("/mcp", "/t/acme/mcp"), INITIALIZE, token=API_KEY)[0] == 403


async def test_a_session_answers_only_the_caller_who_started_it(server, issuer):
    url, _ = server
    alice = issuer.mint(sub="alice", audience=url)
    status, headers, _ = post(url, INITIALIZE, token=alice)
    assert status == 200
    session = headers["Mcp-Session-Id"]
    listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    version = {"MCP-Protocol-Version": "2025-11-25"}
    post(url, {"jsonrpc": "2.0", "method": "notifications/initialized"}, token=alice, session=session, headers=version)
    intruders = {
        "another user": issuer.mint(sub="bob", audience=url),
        "same user, other tenant": issuer.mint(sub="alice", tenant="globex", audience=url),
        "an API key": API_KEY,
    }
    for case, token in intruders.items():
        status, _, body = post(url, listing, token=token, session=session, headers=version)
        assert status == 404, case
        assert "search" not in body, case
    assert post(url, listing, session=session, headers=version)[0] == 401
    status, _, body = post(url, listing, token=alice, session=session, headers=version)
    assert status == 200 and '"search"' in body
    # Alice's session is not reachable through a tenant path either.
    tenant_url = url.replace("/mcp", "/t/acme/mcp")
    tenant_alice = issuer.mint(sub="alice", audience=tenant_url)
    assert post(tenant_url, listing, token=tenant_alice, session=session, headers=version)[0] == 404


async def test_tenants_by_claim_and_by_path(server, issuer):
    url, _ = server
    origin = url.removesuffix("/mcp")
    acme_path = f"{origin}/t/acme/mcp"
    globex_path = f"{origin}/t/globex/mcp"
    # The official client on a tenant path: discovery names the tenant's resource, the token is issued for it.
    issuer.sign_in_as("carol", "acme")
    client, provider = oauth_client(acme_path, issuer)
    async with client, streamable_http_client(acme_path, http_client=client) as streams:
        async with ClientSession(streams[0], streams[1]) as session:
            await session.initialize()
            assert (await session.list_tools()).tools
    assert str(provider.context.protected_resource_metadata.resource).rstrip("/") == acme_path
    # A token of tenant acme is refused on globex's path: one issued for acme's path is not for this resource (401),
    # one issued for globex's path or the plain endpoint names another tenant (403).
    expected = {acme_path: 401, globex_path: 403, url: 403}
    for audience, refusal in expected.items():
        status, _, _ = post(globex_path, INITIALIZE, token=issuer.mint(sub="carol", tenant="acme", audience=audience))
        assert status == refusal, audience
    # On the plain endpoint the tenant comes from the claim.
    assert post(url, INITIALIZE, token=issuer.mint(sub="dave", tenant="globex", audience=url))[0] == 200
    status, headers, _ = post(globex_path, INITIALIZE)
    assert status == 401
    assert challenge(headers)["resource_metadata"].endswith("/.well-known/oauth-protected-resource/t/globex/mcp")


def test_access_file_errors_are_located_and_say_what_to_do(bundle, issuer, tmp_path):
    port = free_port()
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"auth:\n  issuer: {issuer.issuer}\n  jwks_url: not-a-url\n  tenant_claimm: tenant\n"
                   "api_keys:\n  - name: ops\n    env: HBC_TEST_UNSET_KEY\n")
    result = subprocess.run([str(HBC), *serve_args(bundle), "--http", f"127.0.0.1:{port}", "--access", str(bad)],
                            env=server_env(), capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"{bad}:3:13: error: jwks_url must be an absolute http(s) URL" in result.stderr
    assert f"{bad}:4:18: error: unknown key 'tenant_claimm'" in result.stderr
    assert "HBC_TEST_UNSET_KEY" in result.stderr and "is not set" in result.stderr
    stdio = subprocess.run([str(HBC), *serve_args(bundle), "--access", str(bad)], env=server_env(),
                           capture_output=True, text=True, timeout=30)
    assert stdio.returncode == 2 and "--access applies to --http" in stdio.stderr


VISIBILITY = """visibility:
  default: deny
  rules:
    - tenants: [acme]
      allow: {operations: [getCustomer, listCustomers]}
    - tenants: [globex]
      allow: {operations: [listProducts, getProduct]}
"""


async def test_two_tenants_see_and_call_only_their_operations(bundle, issuer, tmp_path, fake_api):
    port = free_port()
    with served(bundle, access_file(tmp_path, issuer, port, VISIBILITY), port) as (url, _):
        acme = create_mcp_http_client(headers={"Authorization": f"Bearer {issuer.mint(audience=url)}"})
        globex = create_mcp_http_client(headers={"Authorization": f"Bearer {API_KEY}"})
        seen = {}
        for tenant, client in (("acme", acme), ("globex", globex)):
            async with client, streamable_http_client(url, http_client=client) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    await session.initialize()
                    found = set()
                    for query in ("customer by id", "list products", "product details", "customers"):
                        result = await session.call_tool("search", {"query": query, "detail": "names", "limit": 20})
                        found |= {hit.get("id") for hit in result.structured_content["results"]}
                    seen[tenant] = found
                    other = "getProduct" if tenant == "acme" else "getCustomer"
                    arguments = {"product_id": "P001"} if tenant == "acme" else {"customer_id": "C00002"}
                    call = await session.call_tool("execute", {"operation": other, "arguments": arguments})
                    assert call.is_error, (tenant, call.structured_content)
                    described = await session.call_tool("describe", {"operations": [other]})
                    assert described.structured_content["operations"] == [], tenant
                    assert described.structured_content["unknown"] == [other], tenant
                    if tenant == "acme":
                        own = await session.call_tool(
                            "execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
                        assert not own.is_error and own.structured_content["status"] == 200
        assert "getCustomer" in seen["acme"] and not seen["acme"] & {"getProduct", "listProducts"}
        assert seen["globex"] & {"getProduct", "listProducts"} and not seen["globex"] & {"getCustomer", "listCustomers"}
