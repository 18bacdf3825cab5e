import Foundation
import HandbookModel
import Testing

/// Generates one value for `schema` (components from `components`) and returns it with its violations.
private func generated(
    _ schema: JSONValue, components: [String: JSONValue] = [:], seed: UInt64 = 7
)
    -> (JSONValue, [SchemaViolation])
{
    let resolve: @Sendable (String) -> JSONValue? = { reference in
        SchemaComponent.name(fromReference: reference).flatMap { components[$0] }
    }
    var random = SeededRandom(seed: seed)
    let value = SchemaDataGenerator(resolveReference: resolve).value(for: schema, random: &random)
    let validator = JSONSchemaValidator(direction: .response, resolveReference: resolve)
    return (value, validator.validate(value, against: schema))
}

private func schema(_ text: String) -> JSONValue { try! JSONValue.parse(text) }

@Suite struct SchemaDataGeneratorTests {
    @Test(arguments: [
        #"{"type": "string", "format": "date"}"#,
        #"{"type": "string", "format": "date-time"}"#,
        #"{"type": "string", "format": "email"}"#,
        #"{"type": "string", "format": "uuid"}"#,
        #"{"type": "string", "format": "uri"}"#,
        #"{"type": "string", "format": "ipv4"}"#,
        #"{"type": "string", "minLength": 12, "maxLength": 14}"#,
        #"{"type": "string", "maxLength": 2}"#,
        #"{"type": "string", "pattern": "^C[0-9]{5}$"}"#,
        #"{"type": "string", "pattern": "^\\+[1-9][0-9]{6,14}$"}"#,
        #"{"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"}"#,
        #"{"type": "string", "pattern": "^(draft|open|closed)$"}"#,
        #"{"type": "string", "pattern": "^\\d{3}-\\d+[A-Z]?$", "minLength": 6}"#,
        #"{"type": "integer", "minimum": 1, "maximum": 200}"#,
        #"{"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 3}"#,
        #"{"type": "integer", "minimum": 10, "multipleOf": 7}"#,
        #"{"type": "number", "minimum": 0, "maximum": 1, "multipleOf": 0.01}"#,
        #"{"type": "number", "exclusiveMinimum": 5}"#,
        #"{"type": ["string", "null"], "enum": ["a", "b", null]}"#,
        #"{"const": 42}"#,
        #"{"type": "array", "items": {"type": "integer"}, "minItems": 4, "maxItems": 5, "uniqueItems": true}"#,
        #"{"type": "object", "additionalProperties": {"type": "boolean"}, "minProperties": 2}"#,
        #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"], "additionalProperties": {"type": "integer"}}"#,
        #"{"allOf": [{"type": "object", "properties": {"a": {"type": "integer", "minimum": 3}}, "required": ["a"]}, {"properties": {"a": {"maximum": 4}, "b": {"type": "string"}}, "required": ["b"]}]}"#,
        #"{"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}]}"#,
        #"{"anyOf": [{"type": "string", "maxLength": 5}, {"type": "integer"}]}"#,
        #"{"type": "object", "properties": {"x": false, "y": {"type": "null"}}}"#,
    ])
    func valuesConformToTheirSchemas(_ text: String) {
        let (value, violations) = generated(schema(text))
        #expect(violations.isEmpty, "\(value.serialized): \(violations)")
    }

    @Test func sameSeedSameValueOtherSeedOtherValue() {
        let object = schema(
            #"{"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}, "n": {"type": "integer"}}}"#
        )
        #expect(generated(object, seed: 1).0 == generated(object, seed: 1).0)
        #expect(generated(object, seed: 1).0 != generated(object, seed: 2).0)
        var first = SeededRandom(seeding: ["ab", "c"]), second = SeededRandom(seeding: ["a", "bc"])
        #expect(first.next() != second.next())
    }

    @Test func requiredPropertiesAlwaysAndRecursionStops() {
        let components = [
            "Node": schema(
                ##"""
                {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"},
                 "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                 "parent": {"$ref": "#/components/schemas/Node"}}}
                """##)
        ]
        let (value, violations) = generated(schema(##"{"$ref": "#/components/schemas/Node"}"##), components: components)
        #expect(violations.isEmpty)
        #expect(value["name"]?.stringValue != nil)
        #expect(value.serialized.count < 20_000)
    }

    @Test func nullableTypesGenerateTheNonNullType() {
        let (value, _) = generated(schema(#"{"type": ["null", "integer"], "minimum": 5, "maximum": 5}"#))
        #expect(value == .int(5))
    }
}
