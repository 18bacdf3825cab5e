import Foundation
import Testing
import HandbookModel

@Suite struct JSONSchemaValidatorTests {
    // MARK: Helpers

    /// Violations of `schema` by `instance` (both JSON text), with `components` reachable as
    /// `#/components/schemas/NAME`.
    func violations(_ instance: String, _ schema: String, components: [String: String] = [:],
                    direction: JSONSchemaValidator.Direction = .request, maximumViolations: Int = 20,
                    at path: String = "") throws -> [SchemaViolation] {
        var parsed: [String: JSONValue] = [:]
        for (name, text) in components { parsed[name] = try JSONValue.parse(text) }
        let resolved = parsed
        let validator = JSONSchemaValidator(direction: direction, maximumViolations: maximumViolations) { reference in
            SchemaComponent.name(fromReference: reference).flatMap { resolved[$0] }
        }
        return validator.validate(try JSONValue.parse(instance), against: try JSONValue.parse(schema), at: path)
    }

    /// Whether `instance` is valid against `schema` (both JSON text).
    func isValid(_ instance: String, _ schema: String, components: [String: String] = [:]) throws -> Bool {
        try violations(instance, schema, components: components).isEmpty
    }

    /// The one violation of `schema` by `instance`, or `nil` when there is not exactly one.
    func onlyViolation(_ instance: String, _ schema: String, components: [String: String] = [:]) throws -> SchemaViolation? {
        let found = try violations(instance, schema, components: components)
        return found.count == 1 ? found[0] : nil
    }

    // MARK: Types

    @Test func typeAcceptsMatchingAndRejectsOtherValues() throws {
        let cases: [(type: String, valid: String, invalid: String)] = [
            ("null", "null", "0"), ("boolean", "true", "\"true\""), ("string", "\"x\"", "1"),
            ("number", "1.5", "\"1.5\""), ("integer", "7", "7.5"), ("array", "[]", "{}"), ("object", "{}", "[]"),
        ]
        for (type, valid, invalid) in cases {
            let schema = #"{"type": "\#(type)"}"#
            #expect(try isValid(valid, schema), "\(valid) should be a \(type)")
            let violation = try onlyViolation(invalid, schema)
            #expect(violation?.keyword == "type", "\(invalid) should not be a \(type)")
            #expect(violation?.path == "")
        }
    }

    @Test func integerAcceptsWholeDoublesOnly() throws {
        #expect(try isValid("5.0", #"{"type": "integer"}"#))
        #expect(try isValid("-0.0", #"{"type": "integer"}"#))
        #expect(try onlyViolation("5.5", #"{"type": "integer"}"#)?.message == "must be an integer, got 5.5")
        #expect(try isValid("5", #"{"type": "number"}"#))
    }

    @Test func typeListsAcceptAnyOfTheirTypesAndSayWhatWasExpected() throws {
        let schema = #"{"type": ["string", "null"]}"#
        #expect(try isValid("null", schema))
        #expect(try isValid("\"a\"", schema))
        #expect(try onlyViolation("3", schema)?.message == "must be a string or null, got number")
        #expect(try onlyViolation("{}", #"{"type": "string"}"#)?.message == "must be a string, got object")
        #expect(try onlyViolation("true", #"{"type": ["integer", "array", "object"]}"#)?.message
                == "must be an integer, an array or an object, got boolean")
    }

    @Test func aTypeMismatchHidesTheValuesOtherViolations() throws {
        #expect(try violations("5", #"{"type": "string", "enum": ["a"], "minLength": 3}"#).map(\.keyword) == ["type"])
    }

    // MARK: enum and const

    @Test func enumAcceptsListedValuesOnly() throws {
        let schema = #"{"enum": ["asc", "desc", 1, null, {"a": [1]}]}"#
        for valid in ["\"asc\"", "\"desc\"", "1", "1.0", "null", #"{"a": [1.0]}"#] {
            #expect(try isValid(valid, schema), "\(valid)")
        }
        let violation = try onlyViolation("\"up\"", #"{"enum": ["asc", "desc"]}"#)
        #expect(violation?.keyword == "enum")
        #expect(violation?.message == #"must be one of: asc, desc (got "up")"#)
        #expect(try onlyViolation(#"{"a": [2]}"#, schema)?.keyword == "enum")
    }

    @Test func constAcceptsTheOneValue() throws {
        #expect(try isValid(#""cat""#, #"{"const": "cat"}"#))
        #expect(try isValid("2.0", #"{"const": 2}"#))
        #expect(try isValid(#"{"b": 1, "a": 2}"#, #"{"const": {"a": 2, "b": 1}}"#))
        let violation = try onlyViolation(#""dog""#, #"{"const": "cat"}"#)
        #expect(violation?.keyword == "const")
        #expect(violation?.message == #"must be "cat" (got "dog")"#)
    }

    // MARK: Numbers

    @Test func numericBoundsAreCheckedWithReadableMessages() throws {
        #expect(try isValid("1000", #"{"maximum": 1000}"#))
        #expect(try onlyViolation("5000", #"{"maximum": 1000}"#)?.message == "must be ≤ 1000 (got 5000)")
        #expect(try isValid("1", #"{"minimum": 1}"#))
        #expect(try onlyViolation("0.5", #"{"minimum": 1}"#)?.message == "must be ≥ 1 (got 0.5)")
        #expect(try isValid("0.1", #"{"exclusiveMinimum": 0}"#))
        #expect(try onlyViolation("0", #"{"exclusiveMinimum": 0}"#)?.message == "must be > 0 (got 0)")
        #expect(try isValid("9.99", #"{"exclusiveMaximum": 10}"#))
        #expect(try onlyViolation("10.0", #"{"exclusiveMaximum": 10}"#)?.keyword == "exclusiveMaximum")
        #expect(try isValid("9223372036854775807", #"{"maximum": 9223372036854775807}"#))
        #expect(try onlyViolation("9223372036854775807", #"{"maximum": 9223372036854775806}"#)?.keyword == "maximum")
        #expect(try isValid(#""5000""#, #"{"maximum": 1000}"#), "bounds apply to numbers only")
    }

    @Test func multipleOfToleratesFloatingPointError() throws {
        #expect(try isValid("15", #"{"multipleOf": 5}"#))
        #expect(try onlyViolation("16", #"{"multipleOf": 5}"#)?.message == "must be a multiple of 5 (got 16)")
        #expect(try isValid("0.3", #"{"multipleOf": 0.1}"#))
        #expect(try isValid("19.99", #"{"multipleOf": 0.01}"#))
        #expect(try isValid("7.5", #"{"multipleOf": 2.5}"#))
        #expect(try onlyViolation("0.35", #"{"multipleOf": 0.1}"#)?.keyword == "multipleOf")
        #expect(try onlyViolation("1.005", #"{"multipleOf": 0.01}"#)?.keyword == "multipleOf")
        #expect(try onlyViolation("4.5", #"{"multipleOf": 1}"#)?.keyword == "multipleOf")
    }

    // MARK: Strings

    @Test func lengthsCountUnicodeScalars() throws {
        #expect(try isValid(#""ab""#, #"{"minLength": 2, "maxLength": 2}"#))
        #expect(try isValid(#""👍é""#, #"{"maxLength": 2}"#))
        #expect(try onlyViolation(#""e\u0301e\u0301""#, #"{"maxLength": 3}"#)?.message
                == "must be at most 3 characters long (got 4)")
        #expect(try onlyViolation(#""a""#, #"{"minLength": 2}"#)?.message == "must be at least 2 characters long (got 1)")
        #expect(try onlyViolation(#""""#, #"{"minLength": 1}"#)?.message == "must be at least 1 character long (got 0)")
    }

    @Test func patternSearchesUnanchored() throws {
        #expect(try isValid(#""xx-abc-yy""#, #"{"pattern": "abc"}"#))
        #expect(try isValid(#""ABC-123""#, #"{"pattern": "^[A-Z]{3}-\\d+$"}"#))
        let violation = try onlyViolation(#""abc-123""#, #"{"pattern": "^[A-Z]{3}-\\d+$"}"#)
        #expect(violation?.keyword == "pattern")
        #expect(violation?.message == #"must match the pattern ^[A-Z]{3}-\d+$ (got "abc-123")"#)
        #expect(try isValid(#""anything""#, #"{"pattern": "(unclosed"}"#), "a broken pattern blames the schema, not the value")
    }

    // MARK: Formats

    @Test func assertedFormatsAcceptValidAndRejectInvalidStrings() throws {
        let cases: [(format: String, valid: [String], invalid: [String])] = [
            ("date", ["2024-02-29", "1999-12-31"], ["2023-02-29", "2024-13-01", "2024-1-01", "20240101"]),
            ("date-time", ["2024-05-01T12:00:00Z", "2024-05-01t12:00:00.123+02:00", "2016-12-31T23:59:60Z"],
             ["2024-05-01T12:00:00", "2024-05-01 12:00:00Z", "2024-05-01T25:00:00Z", "2024-05-01T12:00:00+2:00"]),
            ("time", ["12:30:00", "23:59:59.5Z", "08:00:00-05:00"], ["24:00:00", "12:30", "12:30:00X"]),
            ("email", ["ada@example.com", "a.b+c@x.io"], ["ada", "@example.com", "ada@", "a b@example.com", "a..b@x.io", "a@b@c"]),
            ("uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"],
             ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"]),
            ("uri", ["https://example.com/a?b=c", "urn:isbn:0451450523", "mailto:a@b.c"],
             ["example.com/path", "/relative", "https://exa mple.com", "1http://x"]),
            ("ipv4", ["192.0.2.1", "0.0.0.0", "255.255.255.255"], ["256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5"]),
            ("ipv6", ["2001:db8::1", "::", "::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "fe80::"],
             ["1:2:3:4:5:6:7", "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9", "g::1", ":1:2:3:4:5:6:7"]),
        ]
        for (format, valid, invalid) in cases {
            let schema = #"{"type": "string", "format": "\#(format)"}"#
            for text in valid { #expect(try isValid("\"\(text)\"", schema), "\(text) is a valid \(format)") }
            for text in invalid {
                let violation = try onlyViolation("\"\(text)\"", schema)
                #expect(violation?.keyword == "format", "\(text) is not a valid \(format)")
                #expect(violation?.message.hasSuffix("(got \"\(text)\")") == true)
            }
        }
    }

    @Test func integerFormatsCheckRanges() throws {
        #expect(try isValid("2147483647", #"{"format": "int32"}"#))
        #expect(try isValid("-2147483648.0", #"{"format": "int32"}"#))
        #expect(try onlyViolation("2147483648", #"{"format": "int32"}"#)?.keyword == "format")
        #expect(try onlyViolation("1.5", #"{"format": "int32"}"#)?.keyword == "format")
        #expect(try isValid("9223372036854775807", #"{"format": "int64"}"#))
        #expect(try onlyViolation("1e19", #"{"format": "int64"}"#)?.keyword == "format")
    }

    @Test func unknownAndAnnotationFormatsAreIgnored() throws {
        for format in ["binary", "byte", "password", "x-custom-thing", "hostname-ish"] {
            #expect(try isValid(#""not base64 at all!""#, #"{"type": "string", "format": "\#(format)"}"#))
        }
        #expect(try isValid("42", #"{"format": "date"}"#), "string formats do not apply to numbers")
        #expect(try isValid(#""abc""#, #"{"format": "int32"}"#), "number formats do not apply to strings")
    }

    // MARK: Objects

    @Test func requiredReportsEachMissingPropertyAtTheObject() throws {
        let schema = #"{"type": "object", "properties": {"pet": {"type": "object", "required": ["name", "kind"]}}}"#
        let found = try violations(#"{"pet": {"kind": "cat"}}"#, schema)
        #expect(found == [SchemaViolation(path: "/pet", keyword: "required", message: "missing required property 'name'")])
        #expect(try violations(#"{"pet": {}}"#, schema).map(\.message)
                == ["missing required property 'name'", "missing required property 'kind'"])
        #expect(try isValid(#"{"pet": {"kind": "cat", "name": "Tom"}}"#, schema))
    }

    @Test func propertiesValidateTheirMembersWithPaths() throws {
        let schema = #"{"properties": {"limit": {"type": "integer", "maximum": 100}, "a/b~c": {"type": "string"}}}"#
        #expect(try isValid(#"{"limit": 5, "other": true}"#, schema))
        let found = try violations(#"{"limit": 500, "a/b~c": 1}"#, schema, at: "/query")
        #expect(found.map(\.path) == ["/query/limit", "/query/a~1b~0c"])
        #expect(found.map(\.description) == ["/query/limit: must be ≤ 100 (got 500)",
                                              "/query/a~1b~0c: must be a string, got number"])
    }

    @Test func additionalPropertiesFalseNamesTheAllowedOnes() throws {
        let schema = #"{"properties": {"name": {}, "tag": {}}, "additionalProperties": false}"#
        #expect(try isValid(#"{"name": "x"}"#, schema))
        let violation = try onlyViolation(#"{"name": "x", "colour": "red"}"#, schema)
        #expect(violation == SchemaViolation(path: "/colour", keyword: "additionalProperties",
                                             message: "unexpected property 'colour'; allowed: name, tag"))
    }

    @Test func additionalPropertiesSchemaAppliesToUndeclaredMembersOnly() throws {
        let schema = #"{"properties": {"id": {"type": "string"}}, "patternProperties": {"^x-": {}}, "additionalProperties": {"type": "integer"}}"#
        #expect(try isValid(#"{"id": "a", "x-note": "free text", "count": 3}"#, schema))
        let violation = try onlyViolation(#"{"id": "a", "count": "three"}"#, schema)
        #expect(violation?.path == "/count")
        #expect(violation?.keyword == "type")
    }

    @Test func patternPropertiesApplyToMatchingNames() throws {
        let schema = #"{"patternProperties": {"^n_": {"type": "number"}, "^s_": {"type": "string"}}, "additionalProperties": false}"#
        #expect(try isValid(#"{"n_a": 1, "s_b": "x"}"#, schema))
        #expect(try violations(#"{"n_a": "1", "s_b": 2, "z": 0}"#, schema).map(\.path) == ["/n_a", "/s_b", "/z"])
        #expect(try violations(#"{"z": 0}"#, schema).first?.message == "unexpected property 'z'")
    }

    @Test func propertyNamesExplainTheName() throws {
        let schema = #"{"propertyNames": {"pattern": "^[a-z_]+$", "maxLength": 12}}"#
        #expect(try isValid(#"{"snake_case": 1}"#, schema))
        let violation = try onlyViolation(#"{"ok": 1, "BadName": 2}"#, schema)
        #expect(violation?.keyword == "propertyNames")
        #expect(violation?.path == "/BadName")
        #expect(violation?.message == #"property name 'BadName' is invalid: must match the pattern ^[a-z_]+$ (got "BadName")"#)
    }

    @Test func propertyCountsAreBounded() throws {
        #expect(try isValid(#"{"a": 1}"#, #"{"minProperties": 1, "maxProperties": 1}"#))
        #expect(try onlyViolation("{}", #"{"minProperties": 1}"#)?.message == "must have at least 1 property (got 0)")
        #expect(try onlyViolation(#"{"a": 1, "b": 2, "c": 3}"#, #"{"maxProperties": 2}"#)?.message
                == "must have at most 2 properties (got 3)")
    }

    @Test func dependentRequiredNeedsTheTrigger() throws {
        let schema = #"{"dependentRequired": {"card": ["expiry", "cvc"]}}"#
        #expect(try isValid(#"{"name": "x"}"#, schema))
        #expect(try isValid(#"{"card": "4111", "expiry": "12/30", "cvc": "123"}"#, schema))
        let violation = try onlyViolation(#"{"card": "4111", "expiry": "12/30"}"#, schema)
        #expect(violation?.keyword == "dependentRequired")
        #expect(violation?.message == "missing property 'cvc', which is required when 'card' is present")
    }

    // MARK: Arrays

    @Test func itemsApplyToEveryElementWithIndexPaths() throws {
        let schema = #"{"type": "array", "items": {"type": "object", "properties": {"op": {"enum": ["eq", "lt"]}}}}"#
        #expect(try isValid(#"[{"op": "eq"}, {"op": "lt"}]"#, schema))
        let violation = try onlyViolation(#"[{"op": "eq"}, {"op": "gt"}]"#, schema)
        #expect(violation?.path == "/1/op")
        #expect(violation?.keyword == "enum")
    }

    @Test func prefixItemsAndItemsFalseDescribeTuples() throws {
        let schema = #"{"prefixItems": [{"type": "number"}, {"type": "string"}], "items": false}"#
        #expect(try isValid(#"[1, "a"]"#, schema))
        #expect(try isValid("[1]", schema))
        #expect(try onlyViolation(#"["a", "a"]"#, schema)?.path == "/0")
        let violation = try onlyViolation(#"[1, "a", true]"#, schema)
        #expect(violation?.keyword == "items")
        #expect(violation?.message == "must have at most 2 items (got 3)")
        #expect(try onlyViolation(#"[1, "a", true]"#, #"{"prefixItems": [{}, {}], "items": {"type": "string"}}"#)?.path == "/2")
        #expect(try onlyViolation("[1]", #"{"items": false}"#)?.message == "must have at most 0 items (got 1)")
    }

    @Test func itemCountsAreBounded() throws {
        #expect(try isValid("[1, 2]", #"{"minItems": 2, "maxItems": 2}"#))
        #expect(try onlyViolation("[]", #"{"minItems": 1}"#)?.message == "must have at least 1 item (got 0)")
        #expect(try onlyViolation("[1, 2, 3]", #"{"maxItems": 2}"#)?.message == "must have at most 2 items (got 3)")
    }

    @Test func uniqueItemsComparesByJSONValue() throws {
        #expect(try isValid(#"[1, "1", [1], {"a": 1}, {"a": 2}]"#, #"{"uniqueItems": true}"#))
        #expect(try onlyViolation("[1, 2, 1.0]", #"{"uniqueItems": true}"#)?.message
                == "items must be unique, but items 0 and 2 are equal")
        #expect(try onlyViolation(#"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#, #"{"uniqueItems": true}"#)?.keyword == "uniqueItems")
        #expect(try isValid("[1, 1]", #"{"uniqueItems": false}"#))
    }

    @Test func containsCountsMatchingElements() throws {
        let schema = #"{"contains": {"type": "string"}}"#
        #expect(try isValid(#"[1, "a"]"#, schema))
        let violation = try onlyViolation("[1, 2]", schema)
        #expect(violation?.keyword == "contains")
        #expect(violation?.message == #"must contain at least 1 item matching {"type":"string"} (found 0)"#)
        let bounded = #"{"contains": {"const": 1}, "minContains": 2, "maxContains": 3}"#
        #expect(try isValid("[1, 1, 2]", bounded))
        #expect(try onlyViolation("[1, 2]", bounded)?.keyword == "minContains")
        #expect(try onlyViolation("[1, 1, 1, 1]", bounded)?.keyword == "maxContains")
        #expect(try isValid("[]", #"{"contains": {"const": 1}, "minContains": 0}"#))
    }

    // MARK: Combinators

    @Test func allOfAppliesEverySchema() throws {
        let schema = #"{"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "integer"}}}, {"required": ["b"]}]}"#
        #expect(try isValid(#"{"a": 1, "b": 2}"#, schema))
        #expect(try violations(#"{"a": "x"}"#, schema).map(\.description)
                == ["/a: must be an integer, got string", "/: missing required property 'b'"])
    }

    @Test func anyOfNeedsOneMatchAndExplainsTheClosestMiss() throws {
        let schema = #"{"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 10}]}"#
        #expect(try isValid(#""abc""#, schema))
        #expect(try isValid("12", schema))
        let found = try violations("5", schema)
        #expect(found.map(\.keyword) == ["anyOf", "minimum"])
        #expect(found[0].message == "matches none of the 2 alternatives; closest is alternative 2, which fails as follows")
    }

    @Test func oneOfRequiresExactlyOneMatch() throws {
        let schema = #"{"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]}"#
        #expect(try isValid("3", schema))
        #expect(try isValid("10.5", schema))
        let both = try onlyViolation("12", schema)
        #expect(both?.keyword == "oneOf")
        #expect(both?.message == "matches more than one of the 2 alternatives (1 and 2); it must match exactly one")
        let none = try violations("2.5", schema)
        #expect(none.map(\.keyword) == ["oneOf", "minimum"])
        #expect(none[0].message.hasPrefix("matches none of the 2 alternatives; closest is alternative 2"))
    }

    @Test func oneOfPicksTheAlternativeWhoseDiscriminatorMatches() throws {
        let components = [
            "Cat": #"{"type": "object", "required": ["kind", "meows"], "properties": {"kind": {"const": "cat"}, "meows": {"type": "boolean"}}}"#,
            "Dog": #"{"type": "object", "required": ["kind", "barks"], "properties": {"kind": {"const": "dog"}, "barks": {"type": "boolean"}}}"#,
        ]
        let schema = ##"{"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}], "discriminator": {"propertyName": "kind"}}"##
        #expect(try isValid(#"{"kind": "dog", "barks": true}"#, schema, components: components))
        let found = try violations(#"{"kind": "dog", "meows": true}"#, schema, components: components)
        #expect(found.map(\.description) == [
            "/: matches none of the 2 alternatives; closest is alternative 2 (Dog), which fails as follows",
            "/: missing required property 'barks'",
        ])
    }

    @Test func notRejectsMatchingValues() throws {
        #expect(try isValid("1", #"{"not": {"type": "string"}}"#))
        let violation = try onlyViolation(#""x""#, #"{"not": {"type": "string"}}"#)
        #expect(violation?.keyword == "not")
        #expect(violation?.message == #"must not match {"type":"string"}"#)
    }

    @Test func ifThenElseChoosesTheBranch() throws {
        let schema = #"""
        {"if": {"properties": {"country": {"const": "US"}}, "required": ["country"]},
         "then": {"properties": {"zip": {"pattern": "^[0-9]{5}$"}}},
         "else": {"properties": {"zip": {"pattern": "^[A-Z0-9 ]+$"}}}}
        """#
        #expect(try isValid(#"{"country": "US", "zip": "12345"}"#, schema))
        #expect(try isValid(#"{"country": "CA", "zip": "K1A 0B1"}"#, schema))
        #expect(try onlyViolation(#"{"country": "US", "zip": "K1A 0B1"}"#, schema)?.path == "/zip")
        #expect(try onlyViolation(#"{"country": "CA", "zip": "k1a"}"#, schema)?.path == "/zip")
        #expect(try isValid(#"{"country": "US", "zip": "x"}"#, #"{"if": {"required": ["country"]}}"#))
    }

    @Test func booleanSchemas() throws {
        #expect(try isValid(#"{"a": [1]}"#, "true"))
        #expect(try onlyViolation("1", "false")?.keyword == "false")
        #expect(try isValid(#"{"a": 1}"#, #"{"properties": {"b": false}}"#))
        #expect(try onlyViolation(#"{"b": 1}"#, #"{"properties": {"b": false}}"#)?.path == "/b")
        #expect(try isValid("1", "{}"))
    }

    @Test func openAPIAnnotationsAreIgnored() throws {
        let schema = #"""
        {"type": "object", "discriminator": {"propertyName": "kind"}, "xml": {"name": "pet"}, "example": {"kind": 5},
         "deprecated": true, "x-internal": {"type": "string"}, "properties": {"kind": {"type": "string", "example": 7}}}
        """#
        #expect(try isValid(#"{"kind": "cat"}"#, schema))
    }

    // MARK: References

    @Test func componentReferencesResolve() throws {
        let components = ["Pet": #"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}"#]
        let schema = ##"{"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}"##
        #expect(try isValid(#"[{"name": "Tom"}]"#, schema, components: components))
        #expect(try violations(#"[{"name": "Tom"}, {"name": 3}, {}]"#, schema, components: components).map(\.description)
                == ["/1/name: must be a string, got number", "/2: missing required property 'name'"])
    }

    @Test func recursiveTreeSchemaValidatesEveryLevel() throws {
        let components = ["Node": ##"""
        {"type": "object", "required": ["value"], "additionalProperties": false,
         "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}
        """##]
        let schema = ##"{"$ref": "#/components/schemas/Node"}"##
        let tree = #"{"value": 1, "children": [{"value": 2}, {"value": 3, "children": [{"value": 4, "children": []}]}]}"#
        #expect(try isValid(tree, schema, components: components))
        let broken = #"{"value": 1, "children": [{"value": 2}, {"value": 3, "children": [{"value": "four", "colour": 1}]}]}"#
        #expect(try violations(broken, schema, components: components).map(\.path)
                == ["/children/1/children/0/value", "/children/1/children/0/colour"])
    }

    @Test func unresolvableReferencesAreReportedNotFatal() throws {
        let violation = try onlyViolation("{}", ##"{"properties": {}, "$ref": "#/components/schemas/Missing"}"##)
        #expect(violation?.keyword == "$ref")
        #expect(violation?.message == "cannot be checked: the schema reference '#/components/schemas/Missing' does not resolve")
        #expect(try onlyViolation("1", #"{"$ref": "https://example.com/schema.json"}"#)?.keyword == "$ref")
    }

    @Test func eachReferenceIsResolvedOncePerValidation() throws {
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var calls = 0
            var count: Int { lock.withLock { calls } }
            func increment() { lock.withLock { calls += 1 } }
        }
        let counter = Counter()
        let item = try JSONValue.parse(#"{"type": "integer"}"#)
        let validator = JSONSchemaValidator { _ in
            counter.increment()
            return item
        }
        let schema = try JSONValue.parse(##"{"items": {"$ref": "#/components/schemas/Item"}}"##)
        #expect(validator.validate(.array((0..<100).map { .integer($0) }), against: schema).isEmpty)
        #expect(counter.count == 1)
        #expect(validator.validate(.array([.string("x")]), against: schema).map(\.path) == ["/0"])
        #expect(counter.count == 2)
    }

    @Test func localDefinitionsResolveAgainstTheRootSchema() throws {
        let schema = ##"""
        {"$defs": {"Id": {"type": "string", "format": "uuid"}, "a/b": {"type": "integer"}},
         "properties": {"id": {"$ref": "#/$defs/Id"}, "n": {"$ref": "#/$defs/a~1b"}, "all": {"$ref": "#"}}}
        """##
        #expect(try isValid(#"{"id": "123e4567-e89b-12d3-a456-426614174000", "n": 1, "all": {"n": 2}}"#, schema))
        #expect(try violations(#"{"id": "nope", "n": "x", "all": {"n": "y"}}"#, schema).map(\.path) == ["/id", "/n", "/all/n"])
        #expect(try onlyViolation(##"{"id": 1}"##, ##"{"properties": {"id": {"$ref": "#/$defs/Nope"}}}"##)?.keyword == "$ref")
    }

    @Test func referenceCyclesWithoutProgressTerminate() throws {
        let components = [
            "Loop": ##"{"$ref": "#/components/schemas/Loop"}"##,
            "Ping": ##"{"anyOf": [{"$ref": "#/components/schemas/Pong"}, {"type": "string"}]}"##,
            "Pong": ##"{"allOf": [{"$ref": "#/components/schemas/Ping"}], "type": "integer"}"##,
        ]
        #expect(try isValid("1", ##"{"$ref": "#/components/schemas/Loop"}"##, components: components))
        #expect(try isValid(##""s""##, ##"{"$ref": "#/components/schemas/Ping"}"##, components: components))
        #expect(try isValid("1", ##"{"$ref": "#/components/schemas/Ping"}"##, components: components))
        #expect(try violations("true", ##"{"$ref": "#/components/schemas/Ping"}"##, components: components).map(\.description)
                == ["/: matches none of the 2 alternatives; closest is alternative 1 (Pong), which fails as follows",
                    "/: must be an integer, got boolean"])
    }

    @Test func valuesNestedBeyondTheDepthLimitAreReported() throws {
        let components = ["List": ##"{"type": "object", "properties": {"next": {"$ref": "#/components/schemas/List"}}}"##]
        let depth = JSONSchemaValidator.maximumDepth + 10
        let deep = String(repeating: #"{"next": "#, count: depth) + "{}" + String(repeating: "}", count: depth)
        let violation = try onlyViolation(deep, ##"{"$ref": "#/components/schemas/List"}"##, components: components)
        #expect(violation?.keyword == "depth")
        #expect(violation?.path == String(repeating: "/next", count: JSONSchemaValidator.maximumDepth + 1))
        let shallow = String(repeating: #"{"next": "#, count: 30) + "{}" + String(repeating: "}", count: 30)
        #expect(try isValid(shallow, ##"{"$ref": "#/components/schemas/List"}"##, components: components))
        #expect(try isValid(deep, #"{"type": "object"}"#), "parts the schema does not look into are not followed")
    }

    // MARK: Directions

    @Test func readOnlyPropertiesAreNotRequiredInRequests() throws {
        let components = ["Id": #"{"type": "string", "readOnly": true}"#]
        let schema = ##"""
        {"type": "object", "required": ["id", "ref", "name", "password"],
         "properties": {"id": {"type": "string", "readOnly": true}, "ref": {"$ref": "#/components/schemas/Id"},
                        "name": {"type": "string"}, "password": {"type": "string", "writeOnly": true}}}
        """##
        let request = try violations(#"{"name": "x", "password": "p"}"#, schema, components: components, direction: .request)
        #expect(request.isEmpty)
        let requestMissing = try violations("{}", schema, components: components, direction: .request)
        #expect(requestMissing.map(\.message) == ["missing required property 'name'", "missing required property 'password'"])
        let response = try violations(#"{"id": "1", "ref": "r", "name": "x"}"#, schema, components: components, direction: .response)
        #expect(response.isEmpty)
        let responseMissing = try violations("{}", schema, components: components, direction: .response)
        #expect(responseMissing.map(\.message)
                == ["missing required property 'id'", "missing required property 'ref'", "missing required property 'name'"])
        #expect(try violations(#"{"id": 5, "name": "x", "password": "p"}"#, schema, components: components).map(\.path) == ["/id"],
                "a readOnly property that is present is still validated")
    }

    // MARK: Limits and reporting

    @Test func violationsStopAtTheCap() throws {
        let instance = "[" + (0..<50).map { _ in "\"x\"" }.joined(separator: ",") + "]"
        let schema = #"{"items": {"type": "integer"}}"#
        #expect(try violations(instance, schema).count == 20)
        let capped = try violations(instance, schema, maximumViolations: 3)
        #expect(capped.map(\.path) == ["/0", "/1", "/2"])
        #expect(try violations(instance, schema, maximumViolations: 0).count == 1)
    }

    @Test func violationsRoundTripThroughCodable() throws {
        let violation = SchemaViolation(path: "/body/limit", keyword: "maximum", message: "must be ≤ 1000 (got 5000)")
        let decoded = try JSONDecoder().decode(SchemaViolation.self, from: JSONEncoder().encode(violation))
        #expect(decoded == violation)
        #expect(violation.description == "/body/limit: must be ≤ 1000 (got 5000)")
        #expect(SchemaViolation(path: "", keyword: "type", message: "must be an object, got array").description
                == "/: must be an object, got array")
    }

    // MARK: Real-world schemas

    static let orderComponents = [
        "Money": #"""
        {"type": "object", "required": ["amount", "currency"], "additionalProperties": false,
         "properties": {"amount": {"type": "number", "minimum": 0, "multipleOf": 0.01},
                        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
        """#,
        "Address": #"""
        {"type": "object", "required": ["line1", "country"],
         "properties": {"line1": {"type": "string", "minLength": 1, "maxLength": 100}, "line2": {"type": ["string", "null"]},
                        "country": {"type": "string", "enum": ["US", "CA", "GB", "DE"]}, "postcode": {"type": "string"}},
         "if": {"properties": {"country": {"const": "US"}}},
         "then": {"required": ["postcode"], "properties": {"postcode": {"pattern": "^[0-9]{5}(-[0-9]{4})?$"}}}}
        """#,
        "LineItem": ##"""
        {"type": "object", "required": ["sku", "quantity", "price"],
         "properties": {"sku": {"type": "string", "pattern": "^[A-Z0-9-]{4,20}$"},
                        "quantity": {"type": "integer", "minimum": 1, "maximum": 1000, "format": "int32"},
                        "price": {"$ref": "#/components/schemas/Money"},
                        "options": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 5}}}
        """##,
        "Payment": #"""
        {"oneOf": [
            {"title": "Card", "type": "object", "required": ["method", "token"], "additionalProperties": false,
             "properties": {"method": {"const": "card"}, "token": {"type": "string", "minLength": 10}}},
            {"title": "Invoice", "type": "object", "required": ["method", "email"], "additionalProperties": false,
             "properties": {"method": {"const": "invoice"}, "email": {"type": "string", "format": "email"},
                            "dueDays": {"type": "integer", "enum": [14, 30, 60]}}}],
         "discriminator": {"propertyName": "method"}}
        """#,
        "Order": ##"""
        {"type": "object", "required": ["id", "customerId", "items", "shipTo", "payment", "createdAt"],
         "properties": {
            "id": {"type": "string", "format": "uuid", "readOnly": true},
            "customerId": {"type": "string", "format": "uuid"},
            "items": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/components/schemas/LineItem"}},
            "shipTo": {"$ref": "#/components/schemas/Address"},
            "payment": {"$ref": "#/components/schemas/Payment"},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
            "notes": {"type": ["string", "null"], "maxLength": 500},
            "createdAt": {"type": "string", "format": "date-time", "readOnly": true},
            "deliverOn": {"type": "string", "format": "date"}},
         "additionalProperties": false}
        """##,
    ]

    @Test func realWorldOrderSchemaAcceptsAGoodOrder() throws {
        let order = #"""
        {"customerId": "0b6b6e56-3b1f-4d8e-9a57-2f5d8d3c2a10",
         "items": [{"sku": "ABC-123", "quantity": 2, "price": {"amount": 19.99, "currency": "USD"}, "options": {"size": "M"}},
                   {"sku": "XYZ-9", "quantity": 1.0, "price": {"amount": 5, "currency": "USD"}}],
         "shipTo": {"line1": "1 Main St", "line2": null, "country": "US", "postcode": "12345-6789"},
         "payment": {"method": "invoice", "email": "ap@example.com", "dueDays": 30},
         "tags": ["gift", "rush"], "notes": null, "deliverOn": "2026-12-24"}
        """#
        #expect(try violations(order, ##"{"$ref": "#/components/schemas/Order"}"##, components: Self.orderComponents).isEmpty)
    }

    @Test func realWorldOrderSchemaReportsEveryMistakeInDocumentOrder() throws {
        let order = #"""
        {"customerId": "not-a-uuid",
         "items": [{"sku": "abc", "quantity": 0, "price": {"amount": 1.005, "currency": "usd"}},
                   {"sku": "XYZ-9", "quantity": 2.5, "price": {"amount": 5}, "options": {"a": 1}}],
         "shipTo": {"line1": "", "country": "US"},
         "payment": {"method": "invoice", "email": "nobody"},
         "tags": ["a", "a"], "coupon": "FREE", "deliverOn": "2026-02-30"}
        """#
        let found = try violations(order, ##"{"$ref": "#/components/schemas/Order"}"##,
                                   components: Self.orderComponents, maximumViolations: 50, at: "/body")
        #expect(found.map(\.description) == [
            "/body/customerId: must be a UUID such as 123e4567-e89b-12d3-a456-426614174000 (got \"not-a-uuid\")",
            "/body/items/0/sku: must match the pattern ^[A-Z0-9-]{4,20}$ (got \"abc\")",
            "/body/items/0/quantity: must be ≥ 1 (got 0)",
            "/body/items/0/price/amount: must be a multiple of 0.01 (got 1.005)",
            "/body/items/0/price/currency: must match the pattern ^[A-Z]{3}$ (got \"usd\")",
            "/body/items/1/quantity: must be an integer, got 2.5",
            "/body/items/1/price: missing required property 'currency'",
            "/body/items/1/options/a: must be a string, got number",
            "/body/shipTo/line1: must be at least 1 character long (got 0)",
            "/body/shipTo: missing required property 'postcode'",
            "/body/payment: matches none of the 2 alternatives; closest is alternative 2 (Invoice), which fails as follows",
            "/body/payment/email: must be an email address such as name@example.com (got \"nobody\")",
            "/body/tags: items must be unique, but items 0 and 1 are equal",
            "/body/coupon: unexpected property 'coupon'; allowed: id, customerId, items, shipTo, payment, tags, notes, createdAt, deliverOn",
            "/body/deliverOn: must be a date in the form YYYY-MM-DD (got \"2026-02-30\")",
        ])
    }

    @Test func validatesAThousandElementArrayQuickly() throws {
        let schema = try JSONValue.parse(#"""
        {"type": "array", "items": {"type": "object", "required": ["id", "name"], "additionalProperties": false,
         "properties": {"id": {"type": "integer", "minimum": 0}, "name": {"type": "string", "maxLength": 50},
                        "status": {"enum": ["active", "inactive"]}, "score": {"type": "number", "multipleOf": 0.5}}}}
        """#)
        let instance = JSONValue.array((0..<1000).map { index in
            .object(["id": .integer(index), "name": .string("item \(index)"), "status": .string("active"), "score": .double(2.5)])
        })
        let validator = JSONSchemaValidator { _ in nil }
        #expect(validator.validate(instance, against: schema).isEmpty)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = validator.validate(instance, against: schema) }
        print("validated 1,000 objects in \(elapsed)")
        #expect(elapsed < .milliseconds(500), "far below this in release builds; generous for debug builds and busy machines")
    }

    @Test func validatorsAreSafeToShareAcrossTasks() async throws {
        let schema = try JSONValue.parse(#"{"type": "array", "items": {"type": "string", "pattern": "^id-[0-9]+$"}}"#)
        let validator = JSONSchemaValidator { _ in nil }
        let counts = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let instance = JSONValue.array((0..<200).map { .string($0 % 2 == 0 ? "id-\($0 + task)" : "bad-\($0)") })
                    return validator.validate(instance, against: schema, at: "/t\(task)").count
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 20, count: 8))
    }
}
