import HandbookModel

/// Follows a JSON Pointer through a JSON Schema (not through a value): whether a value valid against the schema can
/// have something at that pointer.
struct SchemaWalk {
    /// Component schemas by name, for `$ref: '#/components/schemas/NAME'`.
    var components: [String: JSONValue]

    /// `true` when the schema declares the location, `false` when it certainly does not (an object schema listing its
    /// properties without the name, an array indexed by a name, a scalar), `nil` when it cannot tell (free-form).
    func has(_ schema: JSONValue, tokens: [String], depth: Int = 0) -> Bool? {
        guard let token = tokens.first else { return true }
        guard depth < 64, let schema = resolved(schema), let object = schema.objectValue else { return nil }
        let rest = Array(tokens.dropFirst())
        var answers: [Bool?] = []
        if let branches = object["allOf"]?.arrayValue {
            answers += branches.map { has($0, tokens: tokens, depth: depth + 1) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let branches = object[keyword]?.arrayValue, !branches.isEmpty else { continue }
            let branchAnswers = branches.map { has($0, tokens: tokens, depth: depth + 1) }
            answers.append(branchAnswers.contains(true) ? true : branchAnswers.allSatisfy { $0 == false } ? false : nil)
        }
        if ["type", "properties", "items", "additionalProperties"].contains(where: { object[$0] != nil }) {
            answers.append(own(object, token: token, rest: rest, depth: depth))
        }
        if answers.contains(true) { return true }
        return !answers.isEmpty && answers.allSatisfy { $0 == false } ? false : nil
    }

    /// What the schema's own keywords (not its compositions) say about `token`.
    private func own(_ object: JSONObject, token: String, rest: [String], depth: Int) -> Bool? {
        let types = Set(object["type"]?.stringValue.map { [$0] } ?? object["type"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if types.contains("array") || object["items"] != nil {
            if Int(token) != nil || token == "-" {
                return object["items"].flatMap { has($0, tokens: rest, depth: depth + 1) }
            }
            if types == ["array"] { return false }
        }
        let additional = object["additionalProperties"]
        if let properties = object["properties"]?.objectValue, let property = properties[token] {
            return has(property, tokens: rest, depth: depth + 1)
        }
        if let additional, additional.objectValue != nil { return has(additional, tokens: rest, depth: depth + 1) }
        if additional == .bool(true) || object["patternProperties"] != nil { return nil }
        if let properties = object["properties"]?.objectValue, !properties.isEmpty { return false }
        if !types.isEmpty, !types.contains("object"), !types.contains("array") { return false }
        return nil
    }

    private func resolved(_ schema: JSONValue) -> JSONValue? {
        var current = schema
        for _ in 0..<32 {
            guard let reference = current["$ref"]?.stringValue else { return current }
            guard let name = SchemaComponent.name(fromReference: reference), let target = components[name] else { return nil }
            current = target
        }
        return nil
    }
}
