import HandbookModel

/// Turns the text of parameters and form fields into the JSON types their schemas declare: `"5"` becomes `5` for an
/// integer, `"true"` becomes `true` for a Boolean. Text that fits no declared type stays a string, so validation
/// explains the mismatch.
struct MockValueCoercion: Sendable {
    /// Resolves component references.
    let resolveReference: @Sendable (String) -> JSONValue?

    /// `schema` with `$ref` chains followed (at most a few steps).
    func resolved(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<8 {
            guard let reference = current["$ref"]?.stringValue, let target = resolveReference(reference) else { break }
            current = target
        }
        return current
    }

    /// The types `schema` allows, including those of its `allOf`/`oneOf`/`anyOf` parts; empty when it says nothing.
    func types(of schema: JSONValue) -> [String] {
        types(of: schema, depth: 0)
    }

    private func types(of schema: JSONValue, depth: Int) -> [String] {
        let schema = resolved(schema)
        var names = (schema["type"].map { $0.arrayValue ?? [$0] } ?? []).compactMap(\.stringValue)
        guard depth < 4 else { return names }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            for part in schema[keyword]?.arrayValue ?? [] {
                for name in types(of: part, depth: depth + 1) where !names.contains(name) { names.append(name) }
            }
        }
        if names.isEmpty, schema["properties"] != nil { names = ["object"] }
        if names.isEmpty, schema["items"] != nil { names = ["array"] }
        return names
    }

    /// The schema of array items (`name` `nil`) or of an object member `name`, as the one ``SchemaPointerWalk`` finds
    /// it (through references, `allOf`, and the first `oneOf`/`anyOf` branch that has it); `{}` when the schema does
    /// not say.
    func subschema(of schema: JSONValue, member name: String?) -> JSONValue {
        let walk = SchemaPointerWalk(resolveReference: resolveReference)
        guard case .schemas(let found) = walk.reach(schema, tokens: [name ?? "0"]), let first = found.first else {
            return .object([:])
        }
        return first
    }

    /// `text` as the first of `schema`'s scalar types it fits.
    func scalar(_ text: String, for schema: JSONValue) -> JSONValue {
        for type in types(of: schema) {
            switch type {
            case "integer": if let number = Int64(text) { return .int(number) }
            case "number":
                if let number = Int64(text) { return .int(number) }
                if let number = Double(text), number.isFinite { return .double(number) }
            case "boolean":
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
            case "null": if text == "null" || text.isEmpty { return .null }
            case "string": return .string(text)
            default: continue
            }
        }
        return .string(text)
    }

    /// A tree of text leaves (from a form or a `deepObject` query) with each leaf coerced by the schema at its place.
    func tree(_ value: JSONValue, for schema: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return scalar(text, for: schema)
        case .array(let elements):
            let items = subschema(of: schema, member: nil)
            return .array(elements.map { tree($0, for: items) })
        case .object(let members):
            return .object(
                JSONObject(members.map { ($0.key, tree($0.value, for: subschema(of: schema, member: $0.key))) }))
        default: return value
        }
    }
}
