/// Encodes `Encodable` values into a ``JSONValue``, keeping the member order of every `JSONValue` object inside them.
///
/// Foundation's `JSONEncoder` writes a `JSONValue` object through a dictionary, so the order the compiler read a
/// schema or an example in is lost; this encoder takes every `JSONValue` inside the value verbatim. Members of other keyed containers
/// (model structs, dictionaries) are sorted by key, so the output stays canonical. ``JSONValueDecoder`` reads it back.
public struct JSONValueEncoder {
    /// An encoder.
    public init() {}

    /// `value` as a JSON value.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let slot = EncodedSlot()
        try TreeEncoder.encode(value, into: slot, codingPath: [])
        return slot.value
    }
}

/// Where one encoded value goes: filled in by the container the value's `encode(to:)` asks for.
private final class EncodedSlot {
    enum Content {
        case empty
        case value(JSONValue)
        case keyed([(key: String, slot: EncodedSlot)])
        case unkeyed([EncodedSlot])
    }

    var content = Content.empty

    var value: JSONValue {
        switch content {
        case .empty: .object(JSONObject())
        case .value(let value): value
        case .keyed(let members):
            .object(
                JSONObject(
                    members.sorted { JSONKeyOrder.precedes($0.key, $1.key) }.map { ($0.key, $0.slot.value) }))
        case .unkeyed(let elements): .array(elements.map(\.value))
        }
    }
}

/// An `Encoder` writing into one slot.
private final class TreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    let storage: EncodedSlot
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], storage: EncodedSlot = EncodedSlot()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = storage.content {} else { storage.content = .keyed([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = storage.content {} else { storage.content = .unkeyed([]) }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    /// A new slot under `key` of this keyed value.
    func keyedSlot(_ key: String) -> EncodedSlot {
        let slot = EncodedSlot()
        guard case .keyed(var members) = storage.content else { return slot }
        members.removeAll { $0.key == key }
        members.append((key, slot))
        storage.content = .keyed(members)
        return slot
    }

    /// A new slot at the end of this unkeyed value.
    func appendedSlot() -> EncodedSlot {
        let slot = EncodedSlot()
        guard case .unkeyed(var elements) = storage.content else { return slot }
        elements.append(slot)
        storage.content = .unkeyed(elements)
        return slot
    }

    var unkeyedCount: Int {
        if case .unkeyed(let elements) = storage.content { return elements.count }
        return 0
    }

    /// Encodes `value` into `slot`; a ``JSONValue`` as it is.
    static func encode(_ value: some Encodable, into slot: EncodedSlot, codingPath: [any CodingKey]) throws {
        if let json = value as? JSONValue {
            slot.content = .value(json)
        } else {
            try value.encode(to: TreeEncoder(codingPath: codingPath, storage: slot))
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.keyedSlot(key.stringValue).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try TreeEncoder.encode(value, into: encoder.keyedSlot(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(codingPath: codingPath + [key], storage: encoder.keyedSlot(key.stringValue))
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(codingPath: codingPath + [key], storage: encoder.keyedSlot(key.stringValue)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(codingPath: codingPath, storage: encoder.keyedSlot("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(codingPath: codingPath + [key], storage: encoder.keyedSlot(key.stringValue))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.unkeyedCount }

    mutating func encodeNil() throws { encoder.appendedSlot().content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try TreeEncoder.encode(value, into: encoder.appendedSlot(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(codingPath: codingPath, storage: encoder.appendedSlot()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(codingPath: codingPath, storage: encoder.appendedSlot()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(codingPath: codingPath, storage: encoder.appendedSlot())
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func put(_ value: JSONValue) { encoder.storage.content = .value(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(value)) }
    mutating func encode(_ value: UInt) throws {
        put(Int64(exactly: value).map(JSONValue.int) ?? .double(Double(value)))
    }
    mutating func encode(_ value: UInt8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws {
        put(Int64(exactly: value).map(JSONValue.int) ?? .double(Double(value)))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try TreeEncoder.encode(value, into: encoder.storage, codingPath: codingPath)
    }
}
