"""A FastMCP server used as an upstream of `hbc serve` in test_upstreams.py: notes over Streamable HTTP or stdio.

Run: `python3 upstream_notes_server.py http PORT` or `python3 upstream_notes_server.py stdio`.
"""

import asyncio
import sys
from dataclasses import dataclass

import mcp.types as mcp_types
from fastmcp import Context, FastMCP

server = FastMCP("notes")
NOTES: list[str] = []


@dataclass
class Note:
    id: int
    text: str


@server.tool(annotations={"readOnlyHint": False, "destructiveHint": False})
def add_note(text: str) -> Note:
    """Save a short note (a reminder, a todo) in the shared notebook."""
    NOTES.append(text)
    return Note(id=len(NOTES), text=text)


@server.tool(annotations={"readOnlyHint": True})
def list_notes() -> list[str]:
    """List every note saved in the shared notebook."""
    return NOTES


@server.tool(annotations={"readOnlyHint": True})
async def slow_echo(text: str, seconds: float) -> str:
    """Echo a text back after waiting some seconds."""
    await asyncio.sleep(seconds)
    return text


@server.tool(annotations={"readOnlyHint": False})
async def grow(ctx: Context) -> str:
    """Add the tool `count_notes` and announce that the tool list changed."""

    def count_notes() -> int:
        """Count the saved notes."""
        return len(NOTES)

    server.tool(count_notes)
    await ctx.send_notification(mcp_types.ToolListChangedNotification())
    return "grown"


@server.tool(annotations={"readOnlyHint": False})
async def reword(ctx: Context) -> str:
    """Change the description of `list_notes` (its contract drifts) and announce that the tool list changed."""

    def list_notes() -> list[str]:
        """List every note saved in the shared notebook, oldest first."""
        return NOTES

    server.tool(list_notes, name="list_notes")
    await ctx.send_notification(mcp_types.ToolListChangedNotification())
    return "reworded"


if __name__ == "__main__":
    if sys.argv[1] == "http":
        server.run(transport="http", host="127.0.0.1", port=int(sys.argv[2]), show_banner=False)
    else:
        server.run(transport="stdio", show_banner=False)
