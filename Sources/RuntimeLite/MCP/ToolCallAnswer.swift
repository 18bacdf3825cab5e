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
    /// The compact JSON of ``structuredContent`` when it was written already (fitting it to the budget measures it).
    var serializedStructuredContent: [UInt8]? = nil

    /// The answer as the MCP SDK's result.
    var mcpResult: CallTool.Result {
        let structured: Value? = structuredContent.mcpValue
        return CallTool.Result(
            content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured, isError: isError)
    }

    /// The JSON-RPC `result` member: the members the SDK writes for ``mcpResult`` (`content` with one text part,
    /// `structuredContent`, `isError`), as compact JSON.
    var serializedResult: [UInt8] {
        guard let serializedStructuredContent else {
            return JSONValue.object([
                "content": .array([.object(["type": .string("text"), "text": .string(text)])]),
                "structuredContent": structuredContent,
                "isError": .bool(isError),
            ]).serializedData(sortKeys: false)
        }
        // The same bytes, around the structured content as written before.
        var output = Array(#"{"content":[{"type":"text","text":"#.utf8)
        output.reserveCapacity(serializedStructuredContent.count + text.utf8.count + 96)
        output += JSONValue.string(text).serializedData(sortKeys: false)
        output += #"}],"structuredContent":"#.utf8
        output += serializedStructuredContent
        output += (isError ? #","isError":true}"# : #","isError":false}"#).utf8
        return output
    }
}
