/// Follows a JSON Pointer through a JSON Schema (not through a value): what a value valid against the schema may hold
/// at that pointer. The one walk behind the build-time plan binding checks (`PlanBindingChecker`), the promotion
/// re-validation of learned plans (`PlanValidity`) and the mock's coercion of parameter members and items
/// (`MockValueCoercion`), so a binding the compiler accepts is judged the same way when the plan moves to the next
/// environment.
///
/// The rules, in order, for one reference token:
/// - `$ref`s are followed and `allOf` members merged into the schema by the one ``SchemaResolution`` (each reference
///   once per resolution, so an "allOf bomb" costs no more than its components);
/// - `oneOf`/`anyOf` branches are alternatives, each merged with what the schema itself declares; the token is
///   reached when at least one branch has it, and the walk cannot tell when one branch cannot;
/// - a declared property is reached; an array index (a whole number) reaches `prefixItems[i]` or `items`;
/// - `patternProperties`, `additionalProperties: true`, a schema without declared properties, a boolean schema or a
///   reference it cannot follow make the answer unknown; `additionalProperties` with a schema reaches that schema;
/// - otherwise (declared properties without the name, a scalar or array type) the token is missing.
///
/// Work is bounded: ``SchemaResolution/maximumResolutionDepth`` nested references and `allOf`s,
/// ``maximumBranchDepth`` nested `oneOf`/`anyOf`s and ``maximumAlternatives`` alternatives in all; past them the walk
/// learns nothing more.
public struct SchemaPointerWalk: Sendable {
    /// Follows references and merges `allOf`s.
    private let resolution: SchemaResolution

    /// A walk that follows `$ref: '#/components/schemas/NAME'` into `components` (schemas by name).
    public init(components: [String: JSONValue]) {
        resolution = SchemaResolution(components: components)
    }

    /// A walk that follows `$ref`s with `resolveReference` (as ``JSONSchemaValidator`` does).
    public init(resolveReference: @escaping @Sendable (String) -> JSONValue?) {
        resolution = SchemaResolution(resolveReference: resolveReference)
    }

    /// What a JSON Pointer reaches in a schema.
    public enum Reach: Sendable, Equatable {
        /// The schemas it may reach, one per `oneOf`/`anyOf` branch it can go through.
        case schemas([JSONValue])
        /// The schema does not say what is there (no declared properties or items, a `$ref` it cannot follow).
        case unknown
        /// The schema declares what it holds and `token` (the reference token, unescaped) is not among it.
        case missing(String)

        /// `true` when the location is declared, `false` when it certainly is not, `nil` when the schema cannot tell.
        public var isDeclared: Bool? {
            switch self {
            case .schemas: true
            case .missing: false
            case .unknown: nil
            }
        }
    }

    /// How many nested `oneOf`/`anyOf`s ``alternatives(_:)`` expands.
    public static let maximumBranchDepth = 8
    /// How many alternatives ``alternatives(_:)`` returns at most: nested `oneOf`s multiply.
    public static let maximumAlternatives = 64

    /// What `pointer` (`/items/0/id`, RFC 6901 escapes) reaches in `schema`.
    public func reach(_ schema: JSONValue, pointer: String) -> Reach {
        reach(schema, tokens: JSONPointer.tokens(pointer))
    }

    /// What the unescaped reference `tokens` reach in `schema`, one after the other.
    public func reach(_ schema: JSONValue, tokens: [String]) -> Reach {
        var current = [schema]
        for token in tokens {
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

    /// `schema` with references followed and `allOf` members merged into it: ``SchemaResolution/merged(_:)``.
    public func resolve(_ schema: JSONValue) -> JSONValue {
        resolution.merged(schema)
    }

    /// The `oneOf`/`anyOf` branches of a schema, resolved and each merged with what the schema itself declares, or
    /// the resolved schema when it has none.
    public func alternatives(_ schema: JSONValue) -> [JSONValue] {
        var budget = Self.maximumAlternatives
        return alternatives(schema, depth: 0, budget: &budget)
    }

    private func alternatives(_ schema: JSONValue, depth: Int, budget: inout Int) -> [JSONValue] {
        let resolved = resolve(schema)
        guard depth < Self.maximumBranchDepth, var base = resolved.objectValue,
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

    /// The JSON types a schema declares with `type` (a name or a list), or `nil` when it declares none.
    public static func declaredTypes(_ schema: JSONValue) -> Set<String>? {
        if let name = schema["type"]?.stringValue { return [name] }
        if let names = schema["type"]?.arrayValue?.compactMap(\.stringValue), !names.isEmpty { return Set(names) }
        return nil
    }

    /// One reference token into a resolved schema without branches.
    private func step(_ schema: JSONValue, _ token: String) -> Reach {
        if case .bool = schema { return .unknown }
        let types = Self.declaredTypes(schema)
        if let properties = schema["properties"]?.objectValue, let property = properties[token] {
            return .schemas([property])
        }
        // An item chosen by a plan input (`[name=$inputs.country_name]`, ``ItemChoice``) is one of the items.
        if let index = Int(token) ?? (ItemChoice(token: token) != nil ? 0 : nil), index >= 0,
            types?.contains("array") != false
        {
            if let prefix = schema["prefixItems"]?.arrayValue, index < prefix.count { return .schemas([prefix[index]]) }
            if let items = schema["items"] {
                if case .bool(let allowed) = items { return allowed ? .unknown : .missing(token) }
                return .schemas([items])
            }
            if types?.contains("array") == true { return .unknown }
        }
        if let types, !types.contains("object") { return .missing(token) }
        if schema["patternProperties"] != nil { return .unknown }
        switch schema["additionalProperties"] {
        case .bool(false)?: return .missing(token)
        case .bool(true)?: return .unknown
        case let additional?: return .schemas([additional])
        case nil: return (schema["properties"]?.objectValue?.isEmpty ?? true) ? .unknown : .missing(token)
        }
    }
}
