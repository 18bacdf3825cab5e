import HandbookModel

/// Converts spec schemas into bundle schemas: JSON Schema with every `$ref` rewritten to a named component.
///
/// OpenAPI 3.0 and Swagger 2.0 idioms become JSON Schema 2020-12 (`nullable` → a `"null"` type, boolean
/// `exclusiveMinimum`/`exclusiveMaximum` → numeric ones, `type: file` → binary string). Referenced schemas, in any
/// file, become components named after their location; recursion stays a reference, so cycles are harmless.
/// Inline schemas may nest ``maximumNesting`` levels deep, so the bundle's JSON stays readable by the runtime (whose
/// JSON reader stops at 512 levels) even when conversion wraps schemas (`nullable` → `anyOf`).
final class SchemaConverter {
    /// How many schemas deep inline schemas may nest.
    static let maximumNesting = 64

    private let documents: SpecDocumentSet
    private let diagnostics: DiagnosticCollector
    private var names: [SpecDocumentSet.Target: String] = [:]
    private var takenNames: [String: SpecDocumentSet.Target] = [:]
    private var pending: [SpecDocumentSet.Target] = []
    private var converted: [String: JSONValue] = [:]
    /// How many schemas deep the conversion under way is, and whether it already reported going too deep.
    private var nesting = 0
    private var reportedTooDeep = false

    /// Keys whose value is one schema.
    private static let schemaKeys: Set<String> = [
        "additionalProperties", "items", "not", "contains", "if", "then", "else", "propertyNames",
        "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contentSchema",
    ]
    /// Keys whose value maps names to schemas.
    private static let schemaMapKeys: Set<String> = [
        "properties", "patternProperties", "dependentSchemas", "$defs", "definitions",
    ]
    /// Keys whose value is a list of schemas.
    private static let schemaListKeys: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]

    init(documents: SpecDocumentSet, diagnostics: DiagnosticCollector) {
        self.documents = documents
        self.diagnostics = diagnostics
        reserveRootComponentNames()
    }

    /// Root-document components keep their own names even when another file's schema would claim them first.
    private func reserveRootComponentNames() {
        let root = documents.root.root
        for (container, pointerPrefix) in [(root["components"]?["schemas"], "/components/schemas/"),
                                           (root["definitions"], "/definitions/")] {
            for entry in container?.entries ?? [] {
                let pointer = pointerPrefix + JSONPointer.escape(entry.key)
                let target = SpecDocumentSet.Target(documentPath: documents.rootPath, pointer: pointer)
                let name = Self.sanitized(entry.key)
                guard takenNames[name] == nil else { continue }
                takenNames[name] = target
                names[target] = name
            }
        }
    }

    /// Converts a schema node found in the document at `documentPath`.
    func convert(_ node: SourceNode, in documentPath: String) -> JSONValue {
        guard nesting < Self.maximumNesting else {
            if !reportedTooDeep {
                reportedTooDeep = true
                diagnostics.error("schema.too-deep", "schema nested deeper than \(Self.maximumNesting) levels",
                                  at: location(node, documentPath),
                                  hint: "move inner schemas to components and $ref them")
            }
            return .object([:])
        }
        nesting += 1
        defer {
            nesting -= 1
            if nesting == 0 { reportedTooDeep = false }
        }
        switch node.value {
        case .mapping(let entries):
            return .object(convertMapping(entries, node: node, in: documentPath))
        case .scalar:
            // `true`/`false` schemas (3.1) or malformed ones; keep the literal.
            return node.json
        case .sequence:
            diagnostics.warning("schema.invalid", "a schema must be a mapping, found a list; it is kept as written",
                                at: location(node, documentPath))
            return node.json
        }
    }

    /// Converts every referenced schema not yet converted; returns all components, sorted by name.
    func finishComponents() -> [(name: String, schema: JSONValue)] {
        while let target = pending.popLast() {
            guard let name = names[target], converted[name] == nil else { continue }
            converted[name] = .object([:])  // Placeholder breaks cycles while converting.
            if let node = documents.node(at: target) {
                converted[name] = convert(node, in: target.documentPath)
            }
        }
        return converted.keys.sorted().map { ($0, converted[$0]!) }
    }

    /// The JSON of every component converted so far, by name.
    var components: [String: JSONValue] { converted }

    private func convertMapping(_ entries: [SourceMappingEntry], node: SourceNode, in path: String) -> JSONObject {
        var object = JSONObject()
        var nullable = false
        var exclusiveMinimum = false
        var exclusiveMaximum = false
        for entry in entries {
            let key = entry.key
            let value = entry.value
            switch key {
            case "$ref":
                guard let reference = value.string else { continue }
                object["$ref"] = .string(componentReference(reference, at: value, in: path))
            case "nullable", "x-nullable":
                nullable = value.json == .bool(true)
            case "exclusiveMinimum" where value.json == .bool(true) || value.json == .bool(false):
                exclusiveMinimum = value.json == .bool(true)
            case "exclusiveMaximum" where value.json == .bool(true) || value.json == .bool(false):
                exclusiveMaximum = value.json == .bool(true)
            case "discriminator":
                object[key] = convertDiscriminator(value, in: path)
            case _ where Self.schemaKeys.contains(key):
                if key == "items", let tuple = value.elements {
                    object["prefixItems"] = .array(tuple.map { convert($0, in: path) })
                } else {
                    object[key] = convert(value, in: path)
                }
            case _ where Self.schemaMapKeys.contains(key):
                object[key] = .object(JSONObject((value.entries ?? []).map { ($0.key, convert($0.value, in: path)) }))
            case _ where Self.schemaListKeys.contains(key):
                object[key] = .array((value.elements ?? []).map { convert($0, in: path) })
            default:
                object[key] = value.json
            }
        }
        if object["type"] == .string("file") {
            object["type"] = .string("string")
            object["format"] = .string("binary")
        }
        if exclusiveMinimum, let minimum = object["minimum"] {
            object["minimum"] = nil
            object["exclusiveMinimum"] = minimum
        }
        if exclusiveMaximum, let maximum = object["maximum"] {
            object["maximum"] = nil
            object["exclusiveMaximum"] = maximum
        }
        if nullable { addNull(to: &object) }
        return object
    }

    private func addNull(to object: inout JSONObject) {
        switch object["type"] {
        case .string(let type)?:
            object["type"] = .array([.string(type), .string("null")])
        case .array(let types)? where !types.contains(.string("null")):
            object["type"] = .array(types + [.string("null")])
        case nil where object["$ref"] != nil || object["allOf"] != nil || object["oneOf"] != nil || object["anyOf"] != nil:
            let copy = object
            object = JSONObject([("anyOf", .array([.object(copy), .object(["type": .string("null")])]))])
        default:
            break
        }
        if var enumValues = object["enum"]?.arrayValue, !enumValues.contains(.null) {
            enumValues.append(.null)
            object["enum"] = .array(enumValues)
        }
    }

    private func convertDiscriminator(_ node: SourceNode, in path: String) -> JSONValue {
        guard var discriminator = node.json.objectValue else { return node.json }
        if let mapping = node["mapping"]?.entries {
            discriminator["mapping"] = .object(JSONObject(mapping.map { entry in
                guard let reference = entry.value.string else { return (entry.key, entry.value.json) }
                // Mapping values are references or bare schema names.
                let written = reference.contains("#") || reference.contains(".") || reference.contains("/")
                    ? reference : "#/components/schemas/\(reference)"
                return (entry.key, .string(componentReference(written, at: entry.value, in: path)))
            }))
        }
        return .object(discriminator)
    }

    /// Registers the target of a `$ref` and returns the bundle reference to it.
    func componentReference(_ reference: String, at node: SourceNode, in path: String) -> String {
        guard let target = SpecDocumentSet.target(of: reference, from: path) else {
            return reference  // Remote; already reported by the parse stage.
        }
        if let name = names[target] {
            if converted[name] == nil { pending.append(target) }
            return SchemaComponent.reference(to: name)
        }
        guard documents.node(at: target) != nil else {
            if documents.documents[target.documentPath] != nil {
                diagnostics.error("spec.unresolved-ref", "$ref '\(reference)' points at nothing",
                                  at: location(node, path), hint: "check the JSON pointer after '#'")
            }
            return reference
        }
        let name = uniqueName(for: target)
        names[target] = name
        takenNames[name] = target
        pending.append(target)
        return SchemaComponent.reference(to: name)
    }

    private func uniqueName(for target: SpecDocumentSet.Target) -> String {
        let base = Self.baseName(for: target)
        var candidate = base
        var counter = 2
        while takenNames[candidate] != nil {
            candidate = "\(base)_\(counter)"
            counter += 1
        }
        return candidate
    }

    /// A readable name for a target: the last pointer token below `schemas`/`definitions`, or the file's stem.
    static func baseName(for target: SpecDocumentSet.Target) -> String {
        let tokens = JSONPointer.tokens(target.pointer)
        if let index = tokens.lastIndex(where: { $0 == "schemas" || $0 == "definitions" }), index + 1 < tokens.count {
            return sanitized(tokens[(index + 1)...].joined(separator: "."))
        }
        let file = target.documentPath.split(separator: "/").last.map(String.init) ?? "schema"
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        return sanitized(([stem] + tokens).joined(separator: "."))
    }

    /// Keeps letters, digits, `.`, `-` and `_`; everything else becomes `_`.
    static func sanitized(_ name: String) -> String {
        let mapped = String(name.unicodeScalars.map { scalar -> Character in
            let character = Character(scalar)
            return scalar.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
                ? character : "_"
        })
        return mapped.isEmpty ? "schema" : mapped
    }

    private func location(_ node: SourceNode, _ path: String) -> SourceLocation {
        node.location(in: documents.documents[path]?.file.displayPath ?? path)
    }
}
