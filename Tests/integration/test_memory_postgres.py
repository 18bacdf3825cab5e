"""Memory tools on a PostgreSQL state (`hbc serve --memory --state postgres://…`): a memory saved through one server
is found, ranked and updated by title through another on the same database, and a title clash fails the whole save."""

import pytest

from replica_support import postgres_server, state_url  # noqa: F401
from serve_support import stdio_session

pytestmark = pytest.mark.anyio


async def call(session, tool, **arguments):
    return await session.call_tool(tool, arguments)


def memories(result):
    assert not result.is_error, result.content[0].text
    return result.structured_content["memories"]


async def test_servers_on_one_postgres_database_share_memories(bundle, state_url):  # noqa: F811
    async with stdio_session(bundle, "--memory", "--state", state_url) as first:
        saved = await call(first, "memory_save", memories=[
            {"title": "airline", "text": "Prefers Lufthansa, aisle seat", "tags": ["travel"], "source": "chat"},
            {"text": "Globex renews its analytics contract every March", "tags": ["crm"]},
        ])
        assert not saved.is_error, saved.content[0].text
        airline, globex = (item["id"] for item in saved.structured_content["saved"])
    async with stdio_session(bundle, "--memory", "--state", state_url) as second:
        found = memories(await call(second, "memory_search", query="when does Globex renew the contract"))
        assert found[0]["id"] == globex
        assert [m["id"] for m in memories(await call(second, "memory_search", tags=["travel"]))] == [airline]
        updated = await call(second, "memory_save", memories=[{"title": "airline", "text": "Prefers KLM now"}])
        assert not updated.is_error, updated.content[0].text
        assert updated.structured_content["saved"][0]["id"] == airline
        clash = await call(second, "memory_save", memories=[
            {"title": "hotel", "text": "Likes quiet rooms"},
            {"id": globex, "title": "airline", "text": "a second memory under a title in use"},
        ])
        assert clash.is_error and "'airline'" in clash.content[0].text, clash.content[0].text
        assert memories(await call(second, "memory_search", query="quiet rooms hotel")) == []
    async with stdio_session(bundle, "--memory", "--state", state_url) as third:
        texts = {m["id"]: m["text"] for m in memories(await call(third, "memory_search"))}
        assert texts == {airline: "Prefers KLM now", globex: "Globex renews its analytics contract every March"}
