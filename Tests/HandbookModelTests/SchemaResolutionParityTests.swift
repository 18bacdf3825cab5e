import Foundation
import HandbookModel
import Testing

/// Following `$ref`s and merging `allOf` is one rule (``SchemaResolution``). The stages that had their own copy now
/// ask it; these tests keep each former copy (verbatim, below) and show it answers as the one rule does on every
/// schema of real specs from the shared data, and where the rule is more complete than a copy, what that changes.
@Suite("Schema resolution parity", .serialized)
struct SchemaResolutionParityTests {
    /// `../shared/data/specs` beside the repository (or `HBC_SHARED_DATA`).
    private static let specs: URL = {
        if let override = ProcessInfo.processInfo.environment["HBC_SHARED_DATA"] {
            return URL(fileURLWithPath: override).appendingPathComponent("specs")
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/specs")
    }()

    /// Real OpenAPI 3 specs whose references are `#/components/schemas/NAME`, as in a bundle.
    static let specNames = [
        "stripe_spec3_2022-04-12.json", "github_api.github.com_3.0.3_2020-08.json",
        "github_ghes-3.6_3.0.3_via-jentic.json",
    ]

    /// A parsed spec: its schema components and the JSON schemas of its operations' success responses and
    /// request bodies, with `#/components/responses|requestBodies` references followed.
    struct Spec {
        var components: [String: JSONValue]
        var responses: [JSONValue] = []
        var requestBodies: [JSONValue] = []
    }

    static func load(_ name: String) throws -> Spec {
        let data = try Data(contentsOf: specs.appendingPathComponent(name))
        let document = try JSONValue.parse([UInt8](data))
        var components: [String: JSONValue] = [:]
        for member in document["components"]?["schemas"]?.objectValue?.members ?? [] {
            components[member.key] = member.value
        }
        var spec = Spec(components: components)
        func followed(_ value: JSONValue) -> JSONValue {
            guard let reference = value["$ref"]?.stringValue, reference.hasPrefix("#") else { return value }
            return document.value(at: reference.dropFirst()) ?? value
        }
        func jsonSchema(_ content: JSONValue?) -> JSONValue? {
            let members = content?.objectValue?.members ?? []
            return (members.first { $0.key.contains("json") } ?? members.first)?.value["schema"]
        }
        for path in document["paths"]?.objectValue?.members ?? [] {
            for operation in path.value.objectValue?.members ?? [] {
                for response in operation.value["responses"]?.objectValue?.members ?? []
                where response.key.hasPrefix("2") {
                    if let schema = jsonSchema(followed(response.value)["content"]) { spec.responses.append(schema) }
                }
                if let body = operation.value["requestBody"], let schema = jsonSchema(followed(body)["content"]) {
                    spec.requestBodies.append(schema)
                }
            }
        }
        return spec
    }

    @Test("the plan templates' collection shapes are the same through the one rule", arguments: specNames)
    func collectionShapes(_ name: String) throws {
        let spec = try Self.load(name)
        let resolution = SchemaResolution(components: spec.components)
        var compared = 0
        var collections = 0
        for schema in spec.responses {
            let old = Self.collectionShape(schema) { LegacyCollectionShape.resolve($0, spec.components) }
            let new = Self.collectionShape(schema, resolve: resolution.merged)
            #expect(old == new, "\(name): \(schema)")
            compared += 1
            if new != nil { collections += 1 }
        }
        #expect(compared > 100)
        #expect(collections > 10)
    }

    @Test("the planner's body fields are the same through the one rule", arguments: specNames)
    func bodyFields(_ name: String) throws {
        let spec = try Self.load(name)
        let resolution = SchemaResolution(components: spec.components)
        let follow = resolution.followingReferences
        var fields = 0
        var differences: [String] = []
        for schema in spec.requestBodies {
            let old = LegacyBodyFields.fields(of: schema, resolve: follow).map {
                SchemaResolution.Property(name: $0.name, schema: $0.schema, required: $0.required)
            }
            let new = resolution.properties(of: schema) { LegacyBodyFields.isKindOfBody($0, resolve: follow) }
                .map { SchemaResolution.Property(name: $0.name, schema: follow($0.schema), required: $0.required) }
            if old != new { differences.append("\(schema)") }
            fields += new.count
        }
        #expect(differences.isEmpty, "\(name): \(differences.count) bodies differ, first \(differences.first ?? "")")
        #expect(fields > 100)
    }

    // MARK: The rule on small schemas

    static let components: [String: JSONValue] = [
        "Named": .object([
            "type": .string("object"), "required": .array([.string("name")]),
            "properties": .object([
                "name": .object(["type": .string("string")]), "id": .object(["type": .string("string")]),
            ]),
        ]),
        "Loop": .object([
            "allOf": .array([.object(["$ref": .string("#/components/schemas/Loop")])]),
            "properties": .object(["next": .object(["$ref": .string("#/components/schemas/Loop")])]),
        ]),
        "Alias": .object(["$ref": .string("#/components/schemas/Named")]),
        "List": .object(["type": .string("array"), "items": .object(["$ref": .string("#/components/schemas/Named")])]),
    ]

    @Test("properties through allOf: own first, first declaration wins, required where any part requires")
    func propertiesThroughAllOf() {
        let resolution = SchemaResolution(components: Self.components)
        let schema: JSONValue = .object([
            "required": .array([.string("id")]),
            "properties": .object(["id": .object(["type": .string("integer")])]),
            "allOf": .array([.object(["$ref": .string("#/components/schemas/Alias")])]),
        ])
        let properties = resolution.properties(of: schema)
        #expect(properties.map(\.name) == ["id", "name"])
        #expect(properties.map(\.required) == [true, true])
        #expect(properties[0].schema == .object(["type": .string("integer")]))
    }

    @Test("branches are listed only when picked, never required; cycles and unknown references end")
    func branchesAndCycles() {
        let resolution = SchemaResolution(components: Self.components)
        let body: JSONValue = .object([
            "oneOf": .array([
                .object(["$ref": .string("#/components/schemas/Named")]),
                .object(["$ref": .string("#/components/schemas/Missing")]),
            ])
        ])
        #expect(resolution.properties(of: body).isEmpty)
        #expect(resolution.properties(of: body) { _ in true }.map(\.required) == [false, false])
        #expect(
            resolution.properties(of: .object(["$ref": .string("#/components/schemas/Loop")])).map(\.name) == ["next"])
        #expect(resolution.merged(.object(["$ref": .string("#/components/schemas/Missing")])) == .object([:]))
        #expect(resolution.items(of: .object(["$ref": .string("#/components/schemas/List")]))?["$ref"] != nil)
        #expect(
            resolution.followingReferences(.object(["$ref": .string("#/components/schemas/Alias")]))
                == Self.components["Named"])
    }

    // MARK: The stages' questions, over a resolution function

    /// Where a collection response's items are and their scalar fields (`Indexer/Plans/PlanTemplateBuilder`).
    struct Shape: Equatable {
        var pointer: String
        var fields: [String]
    }

    static func collectionShape(_ schema: JSONValue, resolve: (JSONValue) -> JSONValue) -> Shape? {
        func shape(_ pointer: String, _ items: JSONValue) -> Shape? {
            let fields = (resolve(items)["properties"]?.objectValue?.members ?? []).filter { member in
                let property = resolve(member.value)
                let types =
                    property["type"]?.arrayValue?.compactMap(\.stringValue) ?? [property["type"]?.stringValue ?? ""]
                return types.contains { ["string", "integer", "number"].contains($0) }
            }.map(\.key)
            return fields.isEmpty ? nil : Shape(pointer: pointer, fields: fields)
        }
        let resolved = resolve(schema)
        if resolved["type"] == .string("array"), let items = resolved["items"] { return shape("/0", items) }
        for member in resolved["properties"]?.objectValue?.members ?? [] {
            let property = resolve(member.value)
            if property["type"] == .string("array") || property["type"]?.arrayValue?.contains(.string("array")) == true,
                let items = property["items"], let found = shape("/\(member.key)/0", items)
            {
                return found
            }
        }
        return nil
    }
}

/// `CollectionShape.resolve` of `Indexer/Plans/PlanTemplateBuilder` before it asked ``SchemaResolution``.
private enum LegacyCollectionShape {
    static func resolve(_ schema: JSONValue, _ components: [String: JSONValue]) -> JSONValue {
        var merged: Set<String> = []
        return resolve(schema, components, depth: 0, merged: &merged)
    }

    private static func resolve(
        _ schema: JSONValue, _ components: [String: JSONValue], depth: Int, merged: inout Set<String>
    ) -> JSONValue {
        guard depth < 8 else { return schema }
        if let reference = schema["$ref"]?.stringValue, let name = SchemaComponent.name(fromReference: reference),
            let target = components[name]
        {
            guard merged.insert(name).inserted else { return .object([:]) }
            return resolve(target, components, depth: depth + 1, merged: &merged)
        }
        guard let members = schema["allOf"]?.arrayValue, var object = schema.objectValue else { return schema }
        var properties = object["properties"]?.objectValue ?? JSONObject()
        for member in members {
            let resolved = resolve(member, components, depth: depth + 1, merged: &merged)
            for property in resolved["properties"]?.objectValue?.members ?? [] where properties[property.key] == nil {
                properties[property.key] = property.value
            }
            if object["type"] == nil, let type = resolved["type"] { object["type"] = type }
        }
        object["properties"] = .object(properties)
        return .object(object)
    }
}

/// `PlanInput.bodyFields` of `Retrieval/Planning/PlanInput` before it asked ``SchemaResolution``.
private enum LegacyBodyFields {
    static func fields(
        of raw: JSONValue, resolve: (JSONValue) -> JSONValue
    ) -> [(name: String, schema: JSONValue, required: Bool)] {
        var fields: [(name: String, schema: JSONValue, required: Bool)] = []
        var seen: [String: Int] = [:]
        func collect(_ raw: JSONValue, requiring: Bool, depth: Int) {
            guard depth > 0 else { return }
            let schema = resolve(raw)
            let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for member in schema["properties"]?.objectValue?.members ?? [] {
                let isRequired = requiring && required.contains(member.key)
                if let index = seen[member.key] {
                    fields[index].required = fields[index].required || isRequired
                    continue
                }
                seen[member.key] = fields.count
                fields.append((member.key, resolve(member.value), isRequired))
            }
            for part in schema["allOf"]?.arrayValue ?? [] { collect(part, requiring: requiring, depth: depth - 1) }
            for key in ["oneOf", "anyOf"] {
                for branch in schema[key]?.arrayValue ?? [] where isKindOfBody(branch, resolve: resolve) {
                    collect(branch, requiring: false, depth: depth - 1)
                }
            }
        }
        collect(raw, requiring: true, depth: 4)
        return fields
    }

    static func isKindOfBody(_ raw: JSONValue, resolve: (JSONValue) -> JSONValue, depth: Int = 3) -> Bool {
        guard depth > 0 else { return false }
        let schema = resolve(raw)
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if schema["properties"]?.objectValue?.members.contains(where: {
            required.contains($0.key) && resolve($0.value)["enum"] != nil
        }) == true {
            return true
        }
        return schema["allOf"]?.arrayValue?.contains { isKindOfBody($0, resolve: resolve, depth: depth - 1) } == true
    }
}
