/// The one order in which object keys are sorted wherever they are: by the keys' UTF-8 bytes. It is the order of the
/// canonical form that content hashes and fingerprints are taken over (``JSONValue/canonicalData``), of model structs'
/// keys in the bundle (``JSONValueEncoder``), and of tool arguments and upstream tools (``JSONValue/withSortedKeys()``),
/// so that a value sorted in one place compares equal to, and serializes like, the same value sorted in another.
public enum JSONKeyOrder {
    /// Whether the key `first` sorts before `second`.
    @inlinable
    public static func precedes(_ first: String, _ second: String) -> Bool {
        first.utf8.lexicographicallyPrecedes(second.utf8)
    }
}

extension JSONObject {
    /// This object with its members, and those of every object inside it, sorted by key (``JSONKeyOrder``).
    public func withSortedKeys() -> JSONObject {
        JSONObject(
            members.sorted { JSONKeyOrder.precedes($0.key, $1.key) }.map { ($0.key, $0.value.withSortedKeys()) })
    }
}

extension JSONValue {
    /// This value with the members of every object in it sorted by key (``JSONKeyOrder``); arrays keep their order.
    public func withSortedKeys() -> JSONValue {
        switch self {
        case .object(let object): .object(object.withSortedKeys())
        case .array(let elements): .array(elements.map { $0.withSortedKeys() })
        default: self
        }
    }
}
