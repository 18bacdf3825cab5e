import Foundation

/// JSON Pointers (RFC 6901): the reference tokens of `/items/0/id`, with `~1` for `/` and `~0` for `~`.
public enum JSONPointer {
    /// A member name as a reference token.
    public static func escape(_ name: String) -> String {
        guard name.contains("~") || name.contains("/") else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The reference tokens of a pointer, unescaped (`/a~1b/0` → `["a/b", "0"]`; the empty pointer has none).
    /// With `percentDecoded`, URI fragment escapes (`%7B`) are decoded first, as in `$ref: '#/paths/%7Bid%7D'`.
    public static func tokens(_ pointer: some StringProtocol, percentDecoded: Bool = false) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
            let text = percentDecoded ? (String(token).removingPercentEncoding ?? String(token)) : String(token)
            return text.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

extension JSONValue {
    /// The value a JSON Pointer designates (member names in objects, indexes in arrays), or `nil`.
    public func value(at pointer: some StringProtocol, percentDecoded: Bool = false) -> JSONValue? {
        var current = self
        for token in JSONPointer.tokens(pointer, percentDecoded: percentDecoded) {
            guard let next = current.value(atToken: token) else { return nil }
            current = next
        }
        return current
    }

    /// The value one unescaped reference token designates: a member of an object, an index of an array; else `nil`.
    public func value(atToken token: String) -> JSONValue? {
        switch self {
        case .object(let object):
            return object[token]
        case .array(let elements):
            guard let index = Int(token), elements.indices.contains(index) else { return nil }
            return elements[index]
        default:
            return nil
        }
    }
}
