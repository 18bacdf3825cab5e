import Foundation

/// The JSON coding of model values in bundle columns: model keys sorted, `JSONValue` members in the order they were
/// written, no escaped slashes, so output is deterministic.
public enum ModelCoding {
    /// Canonical JSON bytes of a model value.
    public static func canonicalJSON(_ value: some Encodable) -> [UInt8] {
        // Model values hold only strings, numbers, Booleans, arrays and objects: encoding cannot fail. Keys of model
        // values are sorted; members of `JSONValue` objects (schemas, examples) keep the order they were written in.
        Array(((try? JSONValueEncoder().encode(value)) ?? .null).serializedData(sortKeys: false))
    }

    /// Canonical JSON text of a model value.
    public static func canonicalText(_ value: some Encodable) -> String {
        String(decoding: canonicalJSON(value), as: UTF8.self)
    }

    /// Decodes a model value from JSON text.
    public static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONValueDecoder().decode(type, from: text)
    }
}
