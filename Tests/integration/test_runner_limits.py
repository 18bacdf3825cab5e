"""Runner behaviour at the edges: retries for idempotent calls, response size cap, OAuth 2 client credentials."""

import json

import pytest

from serve_support import build_handbook, server_env, stdio_session

pytestmark = pytest.mark.anyio


async def test_idempotent_calls_are_retried_once_on_503(bundle, fake_api):
    async with stdio_session(bundle, "--retries", "1") as session:
        before = fake_api.flaky_calls
        result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00503"}})
        assert not result.is_error, result.content[0].text
        assert result.structured_content["attempts"] == 2
        assert fake_api.flaky_calls - before == 2


async def test_non_idempotent_calls_are_not_retried(bundle, fake_api):
    async with stdio_session(bundle, "--retries", "2") as session:
        before = len(fake_api.calls("POST", "/sales/query"))
        result = await session.call_tool("execute", {"operation": "querySales", "arguments": {"body": {
            "aggregates": [{"fn": "sum", "field": "revenue"}]}}})
        assert result.structured_content["outcome"] == "upstream_error"
        assert len(fake_api.calls("POST", "/sales/query")) - before == 1


async def test_large_responses_are_truncated_and_say_so(bundle):
    async with stdio_session(bundle, "--max-response-bytes", "2000") as session:
        result = await session.call_tool("execute", {"operation": "listOrders", "arguments": {}})
        data = result.structured_content
        assert data["truncated"] is True
        assert "truncated" in result.content[0].text
        assert any("size limit" in finding for finding in data["evaluation"].get("findings", []))


async def test_oauth2_client_credentials_token_is_fetched_once_and_used(tmp_path, fake_api):
    bundle = build_handbook(tmp_path / "oauth", tmp_path / "oauth.hb", "--embedder", "none", files={
        "openapi/api.yaml": """
openapi: 3.1.0
info: {title: OAuth demo, version: '1'}
paths:
  /customers/{customer_id}:
    get:
      operationId: getCustomer
      parameters: [{name: customer_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
""",
        "handbook.yaml": f"""
handbook: oauth-demo
version: 1.0.0
apis:
  - id: demo
    spec: openapi/api.yaml
    environments: {{staging: "{fake_api.url}"}}
    auth:
      type: oauth2-client-credentials
      token_url: {fake_api.url}/oauth/token
      client_id: hbc-client
      client_secret: ${{DEMO_CLIENT_SECRET}}
      scopes: [read]
""",
    })
    env = server_env(DEMO_CLIENT_SECRET="client-secret-9d1")
    async with stdio_session(bundle, env=env) as session:
        before = fake_api.tokens_issued
        for _ in range(2):
            result = await session.call_tool("execute", {"operation": "getCustomer", "arguments": {"customer_id": "C00002"}})
            assert not result.is_error, result.content[0].text
            assert result.structured_content["body"]["id"] == "C00002"
        assert fake_api.tokens_issued - before == 1
        assert "client-secret-9d1" not in json.dumps(result.structured_content)
