/// Decodes `Decodable` values from a ``JSONValue``, handing every `JSONValue` inside them over verbatim, so object
/// members keep the order they were written in (Foundation's `JSONDecoder` reads objects into dictionaries).
/// ``JSONValueEncoder`` writes what it reads.
public struct JSONValueDecoder {
    /// A decoder.
    public init() {}

    /// A `Value` read from `json`.
    public func decode<Value: Decodable>(_ type: Value.Type, from json: JSONValue) throws -> Value {
        try Scalars.decode(type, from: json, codingPath: [])
    }

    /// A `Value` read from JSON text.
    public func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try decode(type, from: try JSONValue.parse(text))
    }
}

private struct TreeDecoder: Decoder {
    let verbatim: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey]) {
        verbatim = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = verbatim else { throw mismatch(JSONObject.self, codingPath: codingPath) }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = verbatim else { throw mismatch([JSONValue].self, codingPath: codingPath) }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: verbatim, codingPath: codingPath)
    }

    func mismatch(_ type: Any.Type, codingPath: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "found \(verbatim.schemaTypeName)"))
    }
}

/// The scalar reads both containers share.
private enum Scalars {
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        let decoder = TreeDecoder(value, codingPath: codingPath)
        func mismatch() -> DecodingError { decoder.mismatch(type, codingPath: codingPath) }
        switch type {
        case is JSONValue.Type:
            return value as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch() }
            return flag as! T
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch() }
            return text as! T
        case is Double.Type:
            guard let number = value.doubleValue else { throw mismatch() }
            return number as! T
        case is Float.Type:
            guard let number = value.doubleValue else { throw mismatch() }
            return Float(number) as! T
        case is Int.Type: return try integer(Int.self, value, mismatch) as! T
        case is Int8.Type: return try integer(Int8.self, value, mismatch) as! T
        case is Int16.Type: return try integer(Int16.self, value, mismatch) as! T
        case is Int32.Type: return try integer(Int32.self, value, mismatch) as! T
        case is Int64.Type: return try integer(Int64.self, value, mismatch) as! T
        case is UInt.Type: return try integer(UInt.self, value, mismatch) as! T
        case is UInt8.Type: return try integer(UInt8.self, value, mismatch) as! T
        case is UInt16.Type: return try integer(UInt16.self, value, mismatch) as! T
        case is UInt32.Type: return try integer(UInt32.self, value, mismatch) as! T
        case is UInt64.Type: return try integer(UInt64.self, value, mismatch) as! T
        default: return try T(from: decoder)
        }
    }

    private static func integer<I: FixedWidthInteger>(
        _ type: I.Type, _ value: JSONValue, _ mismatch: () -> DecodingError
    ) throws -> I {
        switch value {
        case .int(let integer): if let exact = I(exactly: integer) { return exact }
        case .double(let number): if let exact = I(exactly: number) { return exact }
        default: break
        }
        throw mismatch()
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no member '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Scalars.decode(type, from: try member(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(object["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "the array has only \(elements.count) elements"))
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Scalars.decode(type, from: try next(type), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(try next(JSONObject.self), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(try next([JSONValue].self), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        TreeDecoder(try next(JSONValue.self), codingPath: codingPath)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Scalars.decode(type, from: value, codingPath: codingPath)
    }
}
