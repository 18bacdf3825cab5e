import HandbookModel

/// The schema side of plan bindings: component references followed, `allOf` members merged, JSON Pointers walked
/// through schemas (array indexes into `items`, `oneOf`/`anyOf` branches as alternatives), and JSON types compared.
struct BindingSchema {
    /// The API's component schemas, by name.
    let components: [String: JSONValue]

    /// What a JSON Pointer reaches in a schema.
    enum Reach {
        /// The schemas it may reach, one per `oneOf`/`anyOf` branch (or response) it can go through.
        case schemas([JSONValue])
        /// The schema does not say what is there (no declared properties or items, a `$ref` it cannot follow).
        case unknown
        /// The schema declares what it holds and `token` (the reference token, unescaped) is not among it.
        case missing(String)
    }

    /// `schema` with component references followed and `allOf` members merged into it (properties, required, type,
    /// items, additionalProperties). Each component is merged once per call, so `allOf`s that name the same
    /// components many times over (a hostile spec's "allOf bomb") cost no more than the components themselves.
    func resolve(_ schema: JSONValue) -> JSONValue {
        var merged: Set<String> = []
        return resolve(schema, depth: 0, merged: &merged)
    }

    private func resolve(_ schema: JSONValue, depth: Int, merged: inout Set<String>) -> JSONValue {
        guard depth < 16 else { return .object([:]) }
        if let reference = schema["$ref"]?.stringValue {
            guard let name = SchemaComponent.name(fromReference: reference), let target = components[name],
                  merged.insert(name).inserted
            else {
                return .object([:])
            }
            return resolve(target, depth: depth + 1, merged: &merged)
        }
        guard let members = schema["allOf"]?.arrayValue, var object = schema.objectValue else { return schema }
        object["allOf"] = nil
        var properties = object["properties"]?.objectValue ?? JSONObject()
        for member in members {
            let resolved = resolve(member, depth: depth + 1, merged: &merged)
            for property in resolved["properties"]?.objectValue?.members ?? [] where properties[property.key] == nil {
                properties[property.key] = property.value
            }
            for key in ["type", "items", "additionalProperties", "oneOf", "anyOf", "enum", "const"]
            where object[key] == nil {
                if let value = resolved[key] { object[key] = value }
            }
        }
        if !properties.isEmpty { object["properties"] = .object(properties) }
        return .object(object)
    }

    /// The `oneOf`/`anyOf` branches of a schema, resolved and each merged with what the schema itself declares, or
    /// the resolved schema when it has none. At most ``maximumAlternatives`` in all: nested `oneOf`s multiply, and
    /// past that many a binding check learns nothing more.
    func alternatives(_ schema: JSONValue) -> [JSONValue] {
        var budget = Self.maximumAlternatives
        return alternatives(schema, depth: 0, budget: &budget)
    }

    /// How many alternatives ``alternatives(_:)`` returns at most.
    static let maximumAlternatives = 64

    private func alternatives(_ schema: JSONValue, depth: Int, budget: inout Int) -> [JSONValue] {
        let resolved = resolve(schema)
        guard depth < 8, var base = resolved.objectValue,
              let branches = base["oneOf"]?.arrayValue ?? base["anyOf"]?.arrayValue, !branches.isEmpty
        else {
            budget -= 1
            return [resolved]
        }
        base["oneOf"] = nil
        base["anyOf"] = nil
        var result: [JSONValue] = []
        for branch in branches where budget > 0 {
            for alternative in alternatives(branch, depth: depth + 1, budget: &budget) {
                guard var merged = alternative.objectValue else {
                    result.append(.object(base))
                    continue
                }
                var properties = merged["properties"]?.objectValue ?? JSONObject()
                for property in base["properties"]?.objectValue?.members ?? [] where properties[property.key] == nil {
                    properties[property.key] = property.value
                }
                if !properties.isEmpty { merged["properties"] = .object(properties) }
                for member in base.members where merged[member.key] == nil { merged[member.key] = member.value }
                result.append(.object(merged))
            }
        }
        return result
    }

    /// What `pointer` (`/items/0/id`) reaches in `schema`.
    func walk(_ schema: JSONValue, pointer: String) -> Reach {
        var current = [schema]
        for token in JSONPointer.tokens(pointer) {
            var next: [JSONValue] = []
            for candidate in current.flatMap({ alternatives($0) }) {
                switch step(candidate, token) {
                case .unknown: return .unknown
                case .missing: continue
                case .schemas(let found): next += found
                }
            }
            guard !next.isEmpty else { return .missing(token) }
            current = next
        }
        return .schemas(current)
    }

    /// One reference token into a resolved schema without branches.
    private func step(_ schema: JSONValue, _ token: String) -> Reach {
        if case .bool = schema { return .unknown }
        let types = declaredTypes(schema)
        if let properties = schema["properties"]?.objectValue, let property = properties[token] {
            return .schemas([property])
        }
        if let index = Int(token), index >= 0, types?.contains("array") != false {
            if let prefix = schema["prefixItems"]?.arrayValue, index < prefix.count { return .schemas([prefix[index]]) }
            if let items = schema["items"] {
                if case .bool(let allowed) = items { return allowed ? .unknown : .missing(token) }
                return .schemas([items])
            }
            if types?.contains("array") == true { return .unknown }
        }
        if let types, !types.contains("object") {
            return types.contains("array") && schema["items"] == nil ? .unknown : .missing(token)
        }
        if schema["patternProperties"] != nil { return .unknown }
        switch schema["additionalProperties"] {
        case .bool(false)?: return .missing(token)
        case .bool(true)?: return .unknown
        case let additional?: return .schemas([additional])
        case nil: return (schema["properties"]?.objectValue?.isEmpty ?? true) ? .unknown : .missing(token)
        }
    }

    /// The JSON types values of `schema` may have (`integer` apart from `number`), or `nil` when it does not say.
    func types(_ schema: JSONValue) -> Set<String>? {
        var all = Set<String>()
        for alternative in alternatives(schema) {
            if let declared = declaredTypes(alternative) {
                all.formUnion(declared)
            } else if let values = alternative["enum"]?.arrayValue ?? alternative["const"].map({ [$0] }), !values.isEmpty {
                all.formUnion(values.map(\.schemaTypeName))
            } else {
                return nil
            }
        }
        return all.isEmpty ? nil : all
    }

    /// The JSON types of each `oneOf`/`anyOf` branch of `schema` (`nil` for a branch that does not say).
    func typeAlternatives(_ schema: JSONValue) -> [Set<String>?] {
        alternatives(schema).map(types)
    }

    private func declaredTypes(_ schema: JSONValue) -> Set<String>? {
        if let name = schema["type"]?.stringValue { return [name] }
        if let names = schema["type"]?.arrayValue?.compactMap(\.stringValue), !names.isEmpty { return Set(names) }
        return nil
    }

    /// Whether a value of types `source` fits where `target` is expected: each of its types is one of the target's.
    /// An integer fits a number, and a number an integer: whole numbers are integers whatever the schema calls them
    /// (identifiers declared `number` are common), and the runtime checks the value itself. A `null` the source may
    /// also be is not held against it.
    static func fits(_ source: Set<String>, in target: Set<String>) -> Bool {
        let nonNull = source.count > 1 ? source.subtracting(["null"]) : source
        return nonNull.allSatisfy { type in
            target.contains(type) || (type == "integer" && target.contains("number"))
                || (type == "number" && target.contains("integer"))
        }
    }

    /// `a or b` for a set of types, in a stable order.
    static func describe(_ types: Set<String>) -> String {
        types.sorted().joined(separator: " or ")
    }
}
