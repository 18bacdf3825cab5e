/// One step of a dotted path such as `body.filters.*.value`, shared by constraint arguments and redaction paths.
enum PathSegment: Sendable, Hashable {
    /// `*`: every element of an array or every member of an object.
    case wildcard
    /// A member name; `index` is set when the name is a non-negative integer, which also indexes arrays.
    case key(String, index: Int?)

    /// The segments of a dotted path; empty segments stay as empty member names.
    static func parse(_ path: String) -> [PathSegment] {
        path.split(separator: ".", omittingEmptySubsequences: false).map { part in
            if part == "*" { return .wildcard }
            return .key(String(part), index: arrayIndex(part))
        }
    }

    /// `0`, `1`, `42`, … (no sign, no leading zero), as an array index.
    private static func arrayIndex(_ text: Substring) -> Int? {
        guard let first = text.utf8.first, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              first != UInt8(ascii: "0") || text.utf8.count == 1
        else { return nil }
        return Int(text)
    }
}
