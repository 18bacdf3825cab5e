import Foundation
import HandbookModel
import Testing

/// Object keys are sorted by one rule (``JSONKeyOrder``) wherever they are sorted: the canonical form hashes are taken
/// over, the bundle's model coding, and ``JSONValue/withSortedKeys()`` (tool arguments, upstream tools).
@Suite struct JSONKeyOrderTests {
    /// Keys whose orders differ by rule: case, digits, punctuation, non-ASCII (é is two UTF-8 bytes, 𝒜 four).
    static let keys = ["b", "B", "a", "_x", "10", "9", "é", "z", "𝒜", "Ω", "a b", "a-b", "", "aa"]

    static func object(_ keys: [String], nested: Bool) -> JSONValue {
        .object(
            JSONObject(
                keys.enumerated().map { index, key in
                    (key, nested && index % 3 == 0 ? object(keys.reversed(), nested: false) : .int(Int64(index)))
                }))
    }

    @Test func sortedValuesSerializeAsTheCanonicalForm() {
        let value = JSONValue.array([
            Self.object(Self.keys, nested: true), Self.object(Self.keys.shuffled(), nested: true),
        ])
        let sorted = value.withSortedKeys()
        #expect(Array(sorted.serialized.utf8) == value.canonicalData)
        #expect(sorted == value, "sorting keeps the members")
        #expect(sorted.withSortedKeys().serialized == sorted.serialized)
    }

    @Test func theOrderIsTheUTF8ByteOrder() {
        let sorted = Self.keys.sorted(by: JSONKeyOrder.precedes)
        #expect(
            sorted.map { Array($0.utf8) }
                == Self.keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(JSONKeyOrder.precedes("B", "a") && JSONKeyOrder.precedes("10", "9") && !JSONKeyOrder.precedes("a", "a"))
    }

    @Test func modelCodingWritesKeysInTheSameOrder() throws {
        struct Model: Codable {
            let beta: Int, alpha: Int, zeta: Int, alphaBeta: Int, underscore: Int
            enum CodingKeys: String, CodingKey {
                case beta = "b", alpha = "a", zeta = "z", alphaBeta = "B", underscore = "_x"
            }
        }
        let encoded = try JSONValueEncoder().encode(Model(beta: 1, alpha: 2, zeta: 3, alphaBeta: 4, underscore: 5))
        #expect(encoded.objectValue?.keys == ["B", "_x", "a", "b", "z"])
        #expect(encoded.objectValue?.keys == encoded.withSortedKeys().objectValue?.keys)
    }

    @Test func foundationDecodedObjectsAreSortedByTheSameRule() throws {
        let text = #"{"b":1,"é":2,"B":3,"10":4,"9":5}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded.objectValue?.keys == decoded.withSortedKeys().objectValue?.keys)
        #expect(decoded.objectValue?.keys == ["10", "9", "B", "b", "é"])
    }
}
