import HandbookModel
import Testing

@testable import Indexer
@testable import MockServer

/// The mock server finds the schema of a parameter's member or item by the same ``SchemaPointerWalk`` as the
/// build-time binding checks: for the same schema and member, the mock coerces by the schema the binding checks type.
@Suite struct MockSchemaWalkParityTests {
    static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(members.map { ($0.key, $0.value) }))
    }

    static let components: [String: JSONValue] = [
        "Filter": object([
            "allOf": .array([
                object(["properties": object(["limit": object(["type": .string("integer")])])]),
                object(["properties": object(["active": object(["type": .string("boolean")])])]),
            ])
        ]),
        "Either": object([
            "oneOf": .array([
                object(["properties": object(["size": object(["type": .string("number")])])]),
                object(["properties": object(["kind": object(["type": .string("string")])])]),
            ])
        ]),
        "Ids": object(["type": .string("array"), "items": object(["type": .string("integer")])]),
    ]

    static func reference(_ name: String) -> JSONValue { object(["$ref": .string("#/components/schemas/\(name)")]) }

    /// (schema, member or `nil` for items, the type the member's schema declares).
    static let cases: [(JSONValue, String?, String)] = [
        (reference("Filter"), "limit", "integer"),
        (reference("Filter"), "active", "boolean"),
        (reference("Either"), "size", "number"),
        (reference("Either"), "kind", "string"),
        (reference("Ids"), nil, "integer"),
    ]

    @Test func mockAndBindingChecksFindTheSameSchema() {
        let coercion = MockValueCoercion(resolveReference: { reference in
            SchemaComponent.name(fromReference: reference).flatMap { Self.components[$0] }
        })
        let binding = BindingSchema(components: Self.components)
        for (schema, member, type) in Self.cases {
            let pointer = "/" + (member ?? "0")
            let mock = coercion.subschema(of: schema, member: member)
            guard case .schemas(let found) = binding.walk(schema, pointer: pointer) else {
                Issue.record("\(pointer) not found by the binding checks")
                continue
            }
            #expect(binding.types(mock) == [type], "\(pointer)")
            #expect(found.contains(mock), "\(pointer): the mock's schema is one the binding checks reach")
            let (text, coerced): (String, JSONValue) =
                switch type {
                case "boolean": ("true", .bool(true))
                case "string": ("5", .string("5"))
                default: ("5", .int(5))
                }
            #expect(coercion.scalar(text, for: mock) == coerced, "\(pointer): coerced by its schema")
        }
        #expect(coercion.subschema(of: Self.reference("Filter"), member: "colour") == .object([:]))
    }
}
