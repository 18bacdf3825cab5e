import Foundation
import Testing
@testable import HandbookModel

/// `JSONValueEncoder`/`JSONValueDecoder`: model values round-trip, `JSONValue` members keep their order (what
/// Foundation's coders lose), other keys come out sorted, and Foundation's JSON of the same values reads the same.
@Suite struct JSONValueCodingTests {
    /// An object schema whose properties are written in a non-alphabetical order.
    private let ordered: JSONValue = .object(JSONObject([
        ("type", .string("object")),
        ("properties", .object(JSONObject([
            ("zeta", .object(["type": .string("string")])), ("alpha", .object(["type": .string("integer")])),
            ("mid", .object(JSONObject([("maximum", .int(9)), ("minimum", .int(1)), ("type", .string("number"))]))),
        ]))),
        ("required", .array([.string("zeta")])),
    ]))

    private func roundTrip<Value: Codable>(_ value: Value) throws -> Value {
        let text = try JSONValueEncoder().encode(value).serialized
        return try JSONValueDecoder().decode(Value.self, from: text)
    }

    /// Every object's keys, depth first.
    private func keyOrder(_ value: JSONValue) -> [[String]] {
        switch value {
        case .object(let object): [object.keys] + object.members.flatMap { keyOrder($0.value) }
        case .array(let elements): elements.flatMap(keyOrder)
        default: []
        }
    }

    @Test func schemaMembersKeepTheirOrderThroughAModelValue() throws {
        var operation = try #require(BundleTests.sampleHandbook().operations.first)
        operation.responses[0].content[0].schema = ordered
        let back = try roundTrip(operation)
        #expect(back == operation)
        let schema = try #require(back.responses.first?.content.first?.schema)
        #expect(keyOrder(schema) == keyOrder(ordered))
        #expect(keyOrder(schema).first == ["type", "properties", "required"])

        // What Foundation's coders do to the same value: the order is gone.
        let foundation = try JSONDecoder().decode(APIOperation.self, from: Data(ModelCoding.canonicalJSON(operation)))
        #expect(keyOrder(try #require(foundation.responses.first?.content.first?.schema)) != keyOrder(ordered))
    }

    @Test func modelKeysAreSortedSoTheOutputStaysCanonical() throws {
        let handbook = BundleTests.sampleHandbook()
        let encoded = try JSONValueEncoder().encode(handbook.apis[0])
        let keys = try #require(encoded.objectValue?.keys)
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try JSONValueEncoder().encode(handbook.apis[0]).serialized == encoded.serialized, "deterministic")
    }

    @Test func everyModelValueRoundTripsAndReadsFoundationJSON() throws {
        let handbook = BundleTests.sampleHandbook()
        #expect(try roundTrip(handbook.metadata) == handbook.metadata)
        #expect(try roundTrip(handbook.apis) == handbook.apis)
        #expect(try roundTrip(handbook.operations) == handbook.operations)
        #expect(try roundTrip(handbook.guardrails) == handbook.guardrails)
        // Bundles written with Foundation's coders read the same.
        let old = ModelCoding.canonicalText(handbook.apis)
        #expect(try JSONValueDecoder().decode([APIDescriptor].self, from: old) == handbook.apis)
        // And Foundation reads what this encoder writes.
        let new = Data(try JSONValueEncoder().encode(handbook.operations).serialized.utf8)
        #expect(try JSONDecoder().decode([APIOperation].self, from: new) == handbook.operations)
    }

    @Test func missingMembersAndWrongTypesAreDecodingErrors() {
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(HandbookMetadata.self, from: #"{"name": "pets"}"#)
        }
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode([Int].self, from: #"[1, "two"]"#)
        }
        #expect((try? JSONValueDecoder().decode([Int].self, from: "[1, 2.0, 3]")) == [1, 2, 3])
    }
}
