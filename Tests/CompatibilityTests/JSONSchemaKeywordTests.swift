import Compatibility
import HandbookModel
import Testing

/// The JSON Schema 2020-12 keywords, `default` and formats under a type change, each compared in both directions.
@Suite("JSON Schema keyword rules")
struct JSONSchemaKeywordTests {
    /// An OpenAPI 3.1 spec whose one operation takes and returns `schema` (YAML flow style).
    private static func spec(_ schema: String) -> String {
        """
        openapi: 3.1.0
        info: {title: Keywords, version: "1.0"}
        paths:
          /things:
            post:
              operationId: createThing
              requestBody:
                content:
                  application/json:
                    schema: \(schema)
              responses:
                '200':
                  description: OK
                  content:
                    application/json:
                      schema: \(schema)
        """
    }

    /// The changes of `createThing` from `old` to `new`, as (rule, location) sorted.
    private func changes(_ old: String, _ new: String) throws -> [ContractChange] {
        try DiffFixtures.changes(Self.spec(old), Self.spec(new), operation: "createThing")
            .sorted { ($0.rule, $0.location) < ($1.rule, $1.location) }
    }

    @Test("prefixItems is compared position by position against the old items")
    func prefixItems() throws {
        let added = try changes(
            "{type: array, items: {type: string}}",
            "{type: array, items: {type: string}, prefixItems: [{type: integer}]}")
        #expect(added.rules == ["request-type-changed", "response-type-changed"])
        #expect(added.map(\.location) == ["request body /[0]", "response 200 body /[0]"])
        let reordered = try changes(
            "{type: array, prefixItems: [{type: string}, {type: integer}]}",
            "{type: array, prefixItems: [{type: integer}, {type: string}]}")
        #expect(reordered.breaking.count == 4)
        let sameAsItems = try changes(
            "{type: array, items: {type: string}}",
            "{type: array, items: {type: string}, prefixItems: [{type: string}]}")
        #expect(sameAsItems.isEmpty)
    }

    @Test("contains narrows requests when added and loosens responses when removed; min/maxContains are bounds")
    func contains() throws {
        let added = try changes(
            "{type: array, items: {type: string}}",
            "{type: array, items: {type: string}, contains: {const: x}}")
        #expect(added.rules == ["request-constraint-tightened", "response-constraint-tightened"])
        #expect(added.breaking.rules == ["request-constraint-tightened"])
        let removed = try changes("{type: array, contains: {const: x}}", "{type: array}")
        #expect(removed.breaking.rules == ["response-constraint-loosened"])
        let bounds = try changes(
            "{type: array, contains: {const: x}, minContains: 1}",
            "{type: array, contains: {const: x}, minContains: 2}")
        #expect(bounds.rules == ["request-constraint-tightened", "response-constraint-tightened"])
        let widened = try changes(
            "{type: array, contains: {type: string, enum: [a]}}",
            "{type: array, contains: {type: string, enum: [a, b]}}")
        #expect(widened.map(\.location).contains("response 200 body /(contains)"))
    }

    @Test(
        "Object keywords: dependentRequired, dependentSchemas, patternProperties, propertyNames, unevaluatedProperties")
    func objectKeywords() throws {
        let object = "type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}}"
        let dependent = try changes("{\(object)}", "{\(object), dependentRequired: {a: [b]}}")
        #expect(dependent.rules == ["request-constraint-tightened", "response-constraint-tightened"])
        let swapped = try changes(
            "{\(object), dependentRequired: {a: [b]}}", "{\(object), dependentRequired: {a: [c]}}")
        #expect(swapped.rules == ["request-constraint-changed", "response-constraint-changed"])
        for keyword in [
            "dependentSchemas: {a: {required: [b]}}", "patternProperties: {'^x-': {type: string}}",
            "propertyNames: {pattern: '^[a-z]+$'}", "unevaluatedProperties: false",
        ] {
            let added = try changes("{\(object)}", "{\(object), \(keyword)}")
            #expect(added.breaking.rules == ["request-constraint-tightened"], "\(keyword)")
            let removed = try changes("{\(object), \(keyword)}", "{\(object)}")
            #expect(removed.breaking.rules == ["response-constraint-loosened"], "\(keyword)")
        }
        let retyped = try changes(
            "{\(object), patternProperties: {'^x-': {type: string}}}",
            "{\(object), patternProperties: {'^x-': {type: integer}}}")
        #expect(
            retyped.map(\.location) == [
                "request body /(patternProperties[^x-])", "response 200 body /(patternProperties[^x-])",
            ])
        #expect(retyped.breaking.count == 2)
    }

    @Test("if/then/else: added tightens, another condition is a change both ways, then/else are compared in place")
    func conditional() throws {
        let base = "type: object, properties: {kind: {type: string}}"
        let condition = "if: {properties: {kind: {const: a}}}, then: {required: [kind]}"
        let added = try changes("{\(base)}", "{\(base), \(condition)}")
        #expect(added.breaking.rules == ["request-constraint-tightened"])
        let removed = try changes("{\(base), \(condition)}", "{\(base)}")
        #expect(removed.breaking.rules == ["response-constraint-loosened"])
        let changedCondition = try changes(
            "{\(base), \(condition)}",
            "{\(base), if: {properties: {kind: {const: b}}}, then: {required: [kind]}}")
        #expect(changedCondition.rules == ["request-constraint-changed", "response-constraint-changed"])
        let changedThen = try changes(
            "{\(base), \(condition)}",
            "{\(base), if: {properties: {kind: {const: a}}}, then: {required: [kind, other]}}")
        #expect(changedThen.map(\.location) == ["request body /(then)/other", "response 200 body /(then)/other"])
    }

    @Test("contentMediaType and contentEncoding changes break both ways; contentSchema is a constraint")
    func content() throws {
        let encoding = try changes("{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}")
        #expect(encoding.rules == ["request-constraint-changed", "response-constraint-changed"])
        let schema = try changes(
            "{type: string, contentMediaType: application/json}",
            "{type: string, contentMediaType: application/json, contentSchema: {type: object}}")
        #expect(schema.breaking.rules == ["request-constraint-tightened"])
    }

    @Test("A changed or removed request default breaks, an added one does not; response defaults never break")
    func defaults() throws {
        let changed = try changes("{type: integer, default: 10}", "{type: integer, default: 20}")
        #expect(changed.rules == ["request-default-changed", "response-default-changed"])
        #expect(changed.breaking.rules == ["request-default-changed"])
        let removed = try changes("{type: integer, default: 10}", "{type: integer}")
        #expect(removed.breaking.rules == ["request-default-changed"])
        let added = try changes("{type: integer}", "{type: integer, default: 10}")
        #expect(added.rules == ["request-default-added", "response-default-changed"])
        #expect(added.breaking.isEmpty)
    }

    @Test("A format added while the type widens still narrows a request; int32 to double widens")
    func formatWithTypeChange() throws {
        let narrowed = try changes("{type: string}", "{type: [string, number], format: date}")
        #expect(narrowed.rules.contains("request-format-changed"))
        #expect(narrowed.rules.contains("request-type-widened"))
        let widened = try changes("{type: integer, format: int32}", "{type: number, format: double}")
        #expect(!widened.rules.contains("request-format-changed"))
        #expect(widened.rules.contains("response-type-changed"))
    }
}
