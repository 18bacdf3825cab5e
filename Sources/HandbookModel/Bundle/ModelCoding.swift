import Foundation

/// The JSON coding of model values in bundle columns: sorted keys, no escaped slashes, so output is deterministic.
public enum ModelCoding {
    /// Canonical JSON bytes of a model value.
    public static func canonicalJSON(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Model values hold only strings, numbers, Booleans, arrays and objects: encoding cannot fail.
        return Array((try? encoder.encode(value)) ?? Data())
    }

    /// Canonical JSON text of a model value.
    public static func canonicalText(_ value: some Encodable) -> String {
        String(decoding: canonicalJSON(value), as: UTF8.self)
    }

    /// Decodes a model value from JSON text.
    public static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
