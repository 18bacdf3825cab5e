import Foundation
import HandbookModel
import MCP

extension JSONValue {
    /// The MCP SDK's representation of this value.
    var mcpValue: Value {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let integer): Int(exactly: integer).map(Value.int) ?? .double(Double(integer))
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(\.mcpValue))
        case .object(let object): .object(Dictionary(object.members.map { ($0.key, $0.value.mcpValue) }, uniquingKeysWith: { $1 }))
        }
    }

    /// A value from the MCP SDK's representation (object keys sorted, as the SDK does not keep their order).
    init(mcp value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let integer): self = .int(Int64(integer))
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .data(_, let data): self = .string(data.base64EncodedString())
        case .array(let elements): self = .array(elements.map(JSONValue.init(mcp:)))
        case .object(let members): self = .object(JSONObject(mcp: members))
        }
    }
}

extension JSONObject {
    /// Tool arguments from the MCP SDK's representation, keys sorted at every level by the one rule
    /// (``JSONKeyOrder``), as ``JSONObject/withSortedKeys()`` sorts arguments read from the request's JSON.
    init(mcp arguments: [String: MCP.Value]) {
        self.init(arguments.sorted { JSONKeyOrder.precedes($0.key, $1.key) }.map { ($0.key, JSONValue(mcp: $0.value)) })
    }
}
