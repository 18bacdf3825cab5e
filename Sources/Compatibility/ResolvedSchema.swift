import HandbookModel

/// A schema as the comparison sees it: references followed, `allOf` merged, nullable unions unwrapped.
struct ResolvedSchema {
    /// The JSON types it declares (or implies with `properties` or `items`), without `null`; `nil` when any.
    var types: Set<String>?
    /// Whether `null` is a valid value (`type: [x, "null"]` or `anyOf: [x, {type: null}]`).
    var nullable = false
    /// The `format`, when given.
    var format: String?
    /// The allowed values (`enum`, or `const` as one value) without `null`, when restricted.
    var enumValues: [JSONValue]?
    /// Object properties in declaration order.
    var properties: [(name: String, schema: JSONValue)] = []
    /// Names of the required properties.
    var required: Set<String> = []
    /// The schema of array elements (after the `prefixItems` positions).
    var items: JSONValue?
    /// The schemas of the first array positions, in order (`prefixItems`).
    var prefixItems: [JSONValue]?
    /// A schema some element must match (`contains`).
    var contains: JSONValue?
    /// `unevaluatedItems`: `false` or a schema for elements no other keyword evaluated.
    var unevaluatedItems: JSONValue?
    /// `additionalProperties`: `false`, a schema, or `nil` when unrestricted.
    var additionalProperties: JSONValue?
    /// `unevaluatedProperties`: `false` or a schema for properties no other keyword evaluated.
    var unevaluatedProperties: JSONValue?
    /// Schemas of the properties whose names match a pattern, by pattern (`patternProperties`).
    var patternProperties: [String: JSONValue] = [:]
    /// A schema every property name must match (`propertyNames`).
    var propertyNames: JSONValue?
    /// Names required when a property is present, by that property (`dependentRequired`).
    var dependentRequired: [String: Set<String>] = [:]
    /// Schemas the whole object must match when a property is present, by that property (`dependentSchemas`).
    var dependentSchemas: [String: JSONValue] = [:]
    /// `if`/`then`/`else`, when an `if` is given.
    var conditional: Conditional?
    /// `contentMediaType` and `contentEncoding`, by keyword.
    var content: [String: String] = [:]
    /// The schema of a string's decoded content (`contentSchema`).
    var contentSchema: JSONValue?
    /// The `default` value, when given.
    var defaultValue: JSONValue?
    /// The `oneOf`/`anyOf` alternatives other than a bare `null`, when the schema is a union.
    var variants: [JSONValue] = []
    /// Validation keywords that bound values (`maxLength`, `minimum`, `pattern`, …), by keyword.
    var constraints: [String: JSONValue] = [:]
    /// The components merged into it by following `$ref`s (directly or through `allOf` and nullable unions), by
    /// name: two schemas resolving through the same components on a comparison's path are a recursion.
    var components: Set<String> = []

    /// Whether object keywords apply.
    var mayBeObject: Bool { types?.contains("object") ?? true }

    /// Whether array keywords apply.
    var mayBeArray: Bool { types?.contains("array") ?? true }

    /// Whether `additionalProperties: false` forbids undeclared properties.
    var forbidsAdditionalProperties: Bool { additionalProperties == .bool(false) }

    /// The keywords compared as value bounds.
    static let constraintKeywords: [String] = [
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
        "minContains", "maxContains",
    ]

    /// A condition: values matching `condition` must match `then`, the others `otherwise` (`else`).
    struct Conditional: Equatable {
        var condition: JSONValue
        var then: JSONValue?
        var otherwise: JSONValue?
    }
}

/// Resolves schemas of one version of a contract against its components: references are followed by the one
/// ``SchemaResolution`` rule; on top of it, every keyword of the parts is merged as the comparison needs (types and
/// enums intersected, a property declared twice compared as the `allOf` of both, nullable unions unwrapped), which
/// ``SchemaResolution/merged(_:)`` does not do.
struct SchemaResolver {
    /// The components `$ref`s point at, by name.
    let components: [String: JSONValue]
    /// Follows `$ref`s into `components`.
    private let resolution: SchemaResolution

    /// A resolver over the components of one version.
    init(components: [String: JSONValue]) {
        self.components = components
        resolution = SchemaResolution(components: components)
    }

    /// The component a schema consists of, when it is a bare reference (annotations aside).
    static func referencedName(_ schema: JSONValue) -> String? {
        guard let object = schema.objectValue, let reference = object["$ref"]?.stringValue else { return nil }
        let annotations: Set<String> = ["$ref", "description", "title", "example", "examples", "deprecated"]
        guard object.keys.allSatisfy(annotations.contains) else { return nil }
        return SchemaComponent.name(fromReference: reference)
    }

    /// `schema` with references followed, `allOf` merged and a nullable union unwrapped; the result names the
    /// components it followed.
    func resolve(_ schema: JSONValue) -> ResolvedSchema {
        var builder = Builder()
        var visiting = Set<String>()
        merge(schema, into: &builder, visiting: &visiting)
        return builder.resolved
    }

    /// Whether a schema is marked read-only, write-only or deprecated, following references and `allOf`.
    func accessFlags(of schema: JSONValue) -> (readOnly: Bool, writeOnly: Bool, deprecated: Bool) {
        var flags = (readOnly: false, writeOnly: false, deprecated: false)
        var pending = [schema]
        var visited = Set<String>()
        while let next = pending.popLast() {
            guard let object = next.objectValue else { continue }
            flags.readOnly = flags.readOnly || object["readOnly"] == .bool(true)
            flags.writeOnly = flags.writeOnly || object["writeOnly"] == .bool(true)
            flags.deprecated = flags.deprecated || object["deprecated"] == .bool(true)
            if let reference = object["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference),
                visited.insert(name).inserted, let component = resolution.schema(forReference: reference)
            {
                pending.append(component)
            }
            pending += object["allOf"]?.arrayValue ?? []
        }
        return flags
    }

    private func merge(_ schema: JSONValue, into builder: inout Builder, visiting: inout Set<String>) {
        guard let object = schema.objectValue else {
            if schema == .bool(false) { builder.typeSets.append([]) }
            return
        }
        if let reference = object["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference),
            let component = resolution.schema(forReference: reference), visiting.insert(name).inserted
        {
            builder.schema.components.insert(name)
            merge(component, into: &builder, visiting: &visiting)
            visiting.remove(name)
        }
        for part in object["allOf"]?.arrayValue ?? [] {
            merge(part, into: &builder, visiting: &visiting)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let alternatives = object[keyword]?.arrayValue else { continue }
            let values = alternatives.filter { !Self.isNullOnly($0) }
            builder.nullableUnion = builder.nullableUnion || values.count < alternatives.count
            if values.count == 1 {
                merge(values[0], into: &builder, visiting: &visiting)
            } else {
                builder.variants += values
            }
        }
        builder.add(object)
    }

    /// Whether a schema only allows `null`.
    private static func isNullOnly(_ schema: JSONValue) -> Bool {
        guard let object = schema.objectValue else { return false }
        switch object["type"] {
        case .string("null")?: return true
        case .array(let types)?: return types == [.string("null")]
        default: return object["enum"] == .array([.null]) || object["const"] == .null
        }
    }

    /// Collects the keywords of every merged part.
    private struct Builder {
        var typeSets: [Set<String>] = []
        var nullableUnion = false
        var schema = ResolvedSchema()
        var enumSets: [[JSONValue]] = []
        var variants: [JSONValue] = []

        mutating func add(_ object: JSONObject) {
            switch object["type"] {
            case .string(let type)?: typeSets.append([type])
            case .array(let types)?: typeSets.append(Set(types.compactMap(\.stringValue)))
            default: break
            }
            if let values = object["enum"]?.arrayValue { enumSets.append(values) }
            if let value = object["const"] { enumSets.append([value]) }
            if schema.format == nil { schema.format = object["format"]?.stringValue }
            for member in object["properties"]?.objectValue ?? JSONObject() {
                if let index = schema.properties.firstIndex(where: { $0.name == member.key }) {
                    let earlier = schema.properties[index].schema
                    schema.properties[index].schema = .object(["allOf": .array([earlier, member.value])])
                } else {
                    schema.properties.append((member.key, member.value))
                }
            }
            for name in object["required"]?.arrayValue ?? [] {
                if let name = name.stringValue { schema.required.insert(name) }
            }
            if schema.items == nil { schema.items = object["items"] }
            if schema.prefixItems == nil { schema.prefixItems = object["prefixItems"]?.arrayValue }
            if schema.contains == nil { schema.contains = object["contains"] }
            if schema.unevaluatedItems == nil { schema.unevaluatedItems = object["unevaluatedItems"] }
            if schema.unevaluatedProperties == nil { schema.unevaluatedProperties = object["unevaluatedProperties"] }
            if schema.propertyNames == nil { schema.propertyNames = object["propertyNames"] }
            if schema.contentSchema == nil { schema.contentSchema = object["contentSchema"] }
            if schema.defaultValue == nil { schema.defaultValue = object["default"] }
            if schema.conditional == nil, let condition = object["if"] {
                schema.conditional = ResolvedSchema.Conditional(
                    condition: condition, then: object["then"], otherwise: object["else"])
            }
            for keyword in ["contentMediaType", "contentEncoding"] where schema.content[keyword] == nil {
                schema.content[keyword] = object[keyword]?.stringValue
            }
            for member in object["patternProperties"]?.objectValue ?? JSONObject() {
                let earlier = schema.patternProperties[member.key]
                schema.patternProperties[member.key] =
                    earlier.map { .object(["allOf": .array([$0, member.value])]) }
                    ?? member.value
            }
            for member in object["dependentSchemas"]?.objectValue ?? JSONObject() {
                let earlier = schema.dependentSchemas[member.key]
                schema.dependentSchemas[member.key] =
                    earlier.map { .object(["allOf": .array([$0, member.value])]) }
                    ?? member.value
            }
            for member in object["dependentRequired"]?.objectValue ?? JSONObject() {
                let names = (member.value.arrayValue ?? []).compactMap(\.stringValue)
                schema.dependentRequired[member.key, default: []].formUnion(names)
            }
            if let additional = object["additionalProperties"], !schema.forbidsAdditionalProperties {
                schema.additionalProperties = additional == .bool(true) ? schema.additionalProperties : additional
            }
            for keyword in ResolvedSchema.constraintKeywords where schema.constraints[keyword] == nil {
                schema.constraints[keyword] = object[keyword]
            }
        }

        var resolved: ResolvedSchema {
            var result = schema
            if let first = typeSets.first {
                let declared = typeSets.dropFirst().reduce(first) { $0.intersection($1) }
                result.nullable = declared.contains("null")
                result.types = declared.subtracting(["null"])
            } else if !result.properties.isEmpty || result.additionalProperties != nil {
                result.types = ["object"]
            } else if result.items != nil || result.prefixItems != nil {
                result.types = ["array"]
            }
            result.nullable = result.nullable || nullableUnion
            if let first = enumSets.first {
                let allowed = enumSets.dropFirst().reduce(first) { values, next in values.filter(next.contains) }
                if allowed.contains(.null) { result.nullable = true }
                result.enumValues = allowed.filter { $0 != .null }
                if result.types == nil, let values = result.enumValues, !values.isEmpty {
                    result.types = Set(values.map(\.schemaTypeName))
                }
            }
            result.variants = variants
            return result
        }
    }
}
