import HandbookModel
import MCP

/// The `groups` tool: the tool groups the server offers (each API, each group of upstream MCP servers) with counts
/// and connection status; `search` and `plan` take one as `group`.
enum GroupsTool {
    static let name = "groups"

    /// The tool as `tools/list` shows it (few words: see ``ToolCatalog/tools``).
    static let tool = Tool(
        name: name,
        description: "Tool groups (APIs, MCP servers) with counts and status; pass group to search or plan.",
        inputSchema: ToolCatalog.advertised(input), annotations: .init(readOnlyHint: true))

    static let input: JSONValue = .object([
        "type": .string("object"), "properties": .object([:]), "additionalProperties": .bool(false),
    ])

    /// The tool's answer: the groups the caller sees something of.
    static func call(runtime: HandbookRuntime, visibility: Visibility = .everything) async -> JSONValue {
        await ToolGroups(runtime, visibility: visibility).render(runtime)
    }
}
