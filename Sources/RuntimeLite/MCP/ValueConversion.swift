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
    /// Tool arguments from the MCP SDK's representation, keys sorted at every level.
    init(mcp arguments: [String: MCP.Value]) {
        self.init(arguments.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(mcp: $0.value)) })
    }

    /// This object with its keys sorted at every level, in the order ``init(mcp:)`` gives: tool arguments read from
    /// the request's JSON are then the ones the SDK's `Value` would have given.
    func sortingKeys() -> JSONObject {
        JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sortingKeys()) })
    }
}

extension JSONValue {
    /// This value with every object's keys sorted (see ``JSONObject/sortingKeys()``).
    func sortingKeys() -> JSONValue {
        switch self {
        case .object(let object): .object(object.sortingKeys())
        case .array(let elements): .array(elements.map { $0.sortingKeys() })
        default: self
        }
    }
}
