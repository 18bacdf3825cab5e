import HandbookModel
import MCP

/// What a tool call answers: a text rendering, the structured content, and whether the call failed. Made once by
/// ``HandbookServer``, then either handed to the MCP SDK (``mcpResult``, stdio) or serialized straight into the
/// JSON-RPC response (``serializedResult``, Streamable HTTP), which skips the SDK's Codable round trips.
struct ToolCallAnswer: Sendable {
    /// The text content (masked and cut to the budget by whoever made the answer).
    let text: String
    /// The structured content (masked and fitted to the budget).
    let structuredContent: JSONValue
    /// Whether the call failed.
    let isError: Bool

    /// The answer as the MCP SDK's result.
    var mcpResult: CallTool.Result {
        let structured: Value? = structuredContent.mcpValue
        return CallTool.Result(
            content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: isError)
    }

    /// The JSON-RPC `result` member: the members the SDK writes for ``mcpResult`` (`content` with one text part,
    /// `structuredContent`, `isError`), as compact JSON.
    var serializedResult: [UInt8] {
        JSONValue.object([
            "content": .array([.object(["type": .string("text"), "text": .string(text)])]),
            "structuredContent": structuredContent,
            "isError": .bool(isError),
        ]).serializedData(sortKeys: false)
    }
}
