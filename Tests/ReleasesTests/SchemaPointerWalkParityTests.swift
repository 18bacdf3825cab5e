import HandbookModel
import Testing

@testable import Indexer

/// Walking a JSON Pointer through a schema is one rule (``SchemaPointerWalk``, which the promotion re-validation of
/// learned plans, `PlanBindings`, calls directly): the build-time binding checks (`BindingSchema`) give the same answer
/// for the same schema and pointer, and that answer is the expected one.
@Suite struct SchemaPointerWalkParityTests {
    static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(members.map { ($0.key, $0.value) }))
    }

    static func type(_ name: String) -> JSONValue { object(["type": .string(name)]) }

    static func reference(_ name: String) -> JSONValue { object(["$ref": .string("#/components/schemas/\(name)")]) }

    static let components: [String: JSONValue] = [
        "Customer": object([
            "type": .string("object"),
            "properties": object([
                "id": type("string"), "limit": type("number"),
                "tags": object([
                    "type": .string("array"), "items": type("string"),
                ]),
            ]),
        ]),
        "Page": object([
            "type": .string("object"),
            "properties": object(["items": object(["type": .string("array"), "items": reference("Customer")])]),
        ]),
        "Tagged": object([
            "allOf": .array([
                reference("Customer"),
                object([
                    "properties": object([
                        "labels": object(["type": .string("object"), "additionalProperties": type("string")])
                    ])
                ]),
            ])
        ]),
        "Either": object([
            "oneOf": .array([
                object(["properties": object(["kind": type("string")]), "additionalProperties": .bool(false)]),
                object(["properties": object(["size": type("integer")]), "additionalProperties": .bool(false)]),
            ])
        ]),
        "Loop": object(["$ref": .string("#/components/schemas/Loop")]),
    ]

    /// A schema, a pointer and the expected answer: `true` declared, `false` certainly absent, `nil` cannot tell.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let schema: JSONValue
        let pointer: String
        let expected: Bool?

        init(_ name: String, _ schema: JSONValue, _ pointer: String, _ expected: Bool?) {
            self.name = name
            self.schema = schema
            self.pointer = pointer
            self.expected = expected
        }

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("property", reference("Customer"), "/id", true),
        Case("absent property", reference("Customer"), "/colour", false),
        Case("array items through a reference", reference("Page"), "/items/3/limit", true),
        Case("absent member of items", reference("Page"), "/items/0/colour", false),
        Case("name into an array", reference("Page"), "/items/first", false),
        Case("item chosen by an input", reference("Page"), "/items/[name=$inputs.customer_name]/limit", true),
        Case("absent member of a chosen item", reference("Page"), "/items/[name=$inputs.customer_name]/colour", false),
        Case("index into a scalar", reference("Customer"), "/id/0", false),
        Case("nested array", reference("Page"), "/items/0/tags/2", true),
        Case("allOf member", reference("Tagged"), "/id", true),
        Case("allOf own member", reference("Tagged"), "/labels/anything", true),
        Case("allOf absent", reference("Tagged"), "/colour", false),
        Case("oneOf either branch", reference("Either"), "/size", true),
        Case("oneOf no branch", reference("Either"), "/colour", false),
        Case("open object", type("object"), "/anything", nil),
        Case("free-form", object([:]), "/anything", nil),
        Case(
            "additionalProperties true",
            object([
                "properties": object(["a": type("string")]),
                "additionalProperties": .bool(true),
            ]), "/b", nil),
        Case("patternProperties", object(["patternProperties": object(["^x-": type("string")])]), "/x-a", nil),
        Case("prefixItems", object(["type": .string("array"), "prefixItems": .array([type("object")])]), "/0/a", nil),
        Case("boolean schema", .bool(true), "/a", nil),
        Case("unknown reference", reference("Missing"), "/a", nil),
        Case("reference cycle", reference("Loop"), "/a", nil),
        Case("empty pointer", reference("Customer"), "", true),
    ]

    @Test(arguments: cases)
    func everyCallerGivesTheSameAnswer(_ example: Case) {
        let (name, schema, pointer, expected) = (example.name, example.schema, example.pointer, example.expected)
        let walk = SchemaPointerWalk(components: Self.components)
        let shared = walk.reach(schema, pointer: pointer).isDeclared
        let binding = BindingSchema(components: Self.components).walk(schema, pointer: pointer).isDeclared
        #expect(shared == expected, "\(name)")
        #expect(binding == shared, "\(name): binding checks")
    }

    @Test func alternativesAreBounded() {
        // Eight nested oneOfs of two branches would be 256 alternatives.
        var schema = Self.type("string")
        for _ in 0..<8 { schema = Self.object(["oneOf": .array([schema, schema])]) }
        let walk = SchemaPointerWalk(components: [:])
        #expect(walk.alternatives(schema).count <= SchemaPointerWalk.maximumAlternatives)
        guard case .missing(let token) = walk.reach(schema, pointer: "/a") else {
            Issue.record("a string has no members")
            return
        }
        #expect(token == "a")
    }
}
