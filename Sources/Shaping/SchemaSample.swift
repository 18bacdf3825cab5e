import HandbookModel

/// Deterministic sample data for a JSON Schema, to run shapes on at build time when a response has no example: every
/// property of an object, two items per array, the first `enum`/`const`/`default`/`examples` value, else a value of
/// the type that meets `minimum`/`minLength`/`format`. Follows `$ref`s through `resolve`, at most ``maximumDepth`` deep.
public struct SchemaSample: Sendable {
    /// How deep samples nest (recursive schemas end in `null`).
    public static let maximumDepth = 8

    let resolve: @Sendable (String) -> JSONValue?

    /// A sampler resolving `$ref`s with `resolve`.
    public init(resolve: @escaping @Sendable (String) -> JSONValue?) {
        self.resolve = resolve
    }

    /// A value valid for `schema` in most cases (not guaranteed for `pattern`s and combined constraints).
    public func value(for schema: JSONValue) -> JSONValue {
        value(for: schema, depth: 0)
    }

    private func value(for schema: JSONValue, depth: Int) -> JSONValue {
        guard depth < Self.maximumDepth, let object = schema.objectValue else { return .null }
        if let reference = object["$ref"]?.stringValue {
            return resolve(reference).map { value(for: $0, depth: depth + 1) } ?? .null
        }
        if let constant = object["const"] { return constant }
        if let first = object["enum"]?.arrayValue?.first { return first }
        if let example = object["examples"]?.arrayValue?.first ?? object["example"] { return example }
        if let fallback = object["default"] { return fallback }
        if let parts = object["allOf"]?.arrayValue {
            var merged = JSONObject()
            for part in parts {
                if case .object(let members) = value(for: part, depth: depth + 1) {
                    for member in members.members { merged[member.key] = member.value }
                }
            }
            return .object(merged)
        }
        if let first = (object["oneOf"] ?? object["anyOf"])?.arrayValue?.first { return value(for: first, depth: depth + 1) }
        switch Self.type(of: object) {
        case "object":
            var members = JSONObject()
            for member in object["properties"]?.objectValue?.members ?? [] {
                members[member.key] = value(for: member.value, depth: depth + 1)
            }
            return .object(members)
        case "array":
            let item = value(for: object["items"] ?? .object([:]), depth: depth + 1)
            let count = max(2, Int(object["minItems"]?.doubleValue ?? 0))
            return .array(Array(repeating: item, count: min(count, 5)))
        case "integer":
            return .integer(Int(object["minimum"]?.doubleValue ?? 1))
        case "number":
            return .double(object["minimum"]?.doubleValue ?? 1.5)
        case "boolean":
            return .bool(true)
        case "null":
            return .null
        default:
            return .string(Self.string(format: object["format"]?.stringValue,
                                       minimumLength: Int(object["minLength"]?.doubleValue ?? 0)))
        }
    }

    private static func type(of schema: JSONObject) -> String {
        if let type = schema["type"]?.stringValue { return type }
        if let types = schema["type"]?.arrayValue?.compactMap(\.stringValue), let first = types.first(where: { $0 != "null" }) {
            return first
        }
        if schema["properties"] != nil { return "object" }
        if schema["items"] != nil { return "array" }
        return "string"
    }

    private static func string(format: String?, minimumLength: Int) -> String {
        let text = switch format {
        case "date-time": "2024-01-01T00:00:00Z"
        case "date": "2024-01-01"
        case "email": "someone@example.com"
        case "uri", "url": "https://example.com/"
        case "uuid": "00000000-0000-4000-8000-000000000000"
        default: "string"
        }
        return text.count >= minimumLength ? text : text + String(repeating: "x", count: minimumLength - text.count)
    }
}
