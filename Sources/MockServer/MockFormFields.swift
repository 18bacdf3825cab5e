import Foundation
import HandbookModel

/// The name–value pairs of a query string or an `application/x-www-form-urlencoded` body, and the nested values
/// bracketed names describe (`filter[status]=open`, `expand[]=a`, `items[0][price]=p1`).
struct MockFormFields: Sendable {
    /// The decoded pairs, in order.
    let pairs: [(name: String, value: String)]

    /// The pairs of `text` (`a=1&b=x+y`), percent-decoded with `+` as a space.
    init(_ text: String) {
        pairs = text.split(separator: "&").map { pair -> (name: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The values of the plain name `name`, and of `name[]` and `name[N]`, in order.
    func values(of name: String) -> [String] {
        pairs.filter { pair in
            guard pair.name.hasPrefix(name) else { return false }
            let rest = pair.name.dropFirst(name.count)
            return rest.isEmpty || rest == "[]"
                || (rest.first == "[" && rest.last == "]" && Int(rest.dropFirst().dropLast()) != nil)
        }.map(\.value)
    }

    /// Whether some pair is named `name[…]`.
    func hasBracketedMembers(of name: String) -> Bool {
        pairs.contains { $0.name.hasPrefix(name + "[") && !$0.name.hasPrefix(name + "[]") }
    }

    /// The nested value the pairs named `name[…]…` describe (or all pairs, for `name` `nil`): objects keyed by the
    /// bracketed names, arrays where every key is a number or `[]`; leaves are strings.
    func tree(under name: String?) -> JSONValue {
        var root = Node()
        for pair in pairs {
            guard var keys = Self.keys(of: pair.name) else { continue }
            if let name {
                guard keys.first == name, keys.count > 1 else { continue }
                keys.removeFirst()
            }
            root.insert(pair.value, at: keys[...])
        }
        return root.value
    }

    /// `a[b][]` → `["a", "b", ""]`; `nil` for a malformed name.
    private static func keys(of name: String) -> [String]? {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var keys = [String(name[..<open])]
        var rest = name[open...]
        while rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            keys.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return rest.isEmpty ? keys : nil
    }

    /// A node of the tree being built.
    private struct Node {
        var leaf: String?
        var children: [(key: String, node: Node)] = []

        mutating func insert(_ value: String, at keys: ArraySlice<String>) {
            guard let key = keys.first else {
                leaf = value
                return
            }
            if key.isEmpty {
                var child = Node()
                child.insert(value, at: keys.dropFirst())
                children.append((key, child))
            } else if let index = children.firstIndex(where: { $0.key == key }) {
                children[index].node.insert(value, at: keys.dropFirst())
            } else {
                var child = Node()
                child.insert(value, at: keys.dropFirst())
                children.append((key, child))
            }
        }

        var value: JSONValue {
            if children.isEmpty { return .string(leaf ?? "") }
            if children.allSatisfy({ $0.key.isEmpty || Int($0.key) != nil }) {
                let ordered = children.enumerated().sorted { left, right in
                    (Int(left.element.key) ?? left.offset, left.offset) < (
                        Int(right.element.key) ?? right.offset, right.offset
                    )
                }
                return .array(ordered.map(\.element.node.value))
            }
            return .object(JSONObject(children.map { ($0.key, $0.node.value) }))
        }
    }
}
