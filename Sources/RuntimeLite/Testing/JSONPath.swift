import HandbookModel

/// A small JSONPath subset for test assertions: `$`, `.name`, `['name']`, `[n]` (negative counts from the end), `[*]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    private enum Step: Hashable {
        case member(String)
        case index(Int)
        case wildcard
    }

    /// Why a path cannot be parsed.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private let steps: [Step]
    public let description: String

    /// Parses a path such as `$.items[0].name`.
    public init(_ text: String) throws(SyntaxError) {
        description = text
        var characters = Substring(text.trimmingCharacters(in: .whitespaces))
        guard characters.first == "$" else { throw SyntaxError(description: "'\(text)' must start with '$'") }
        characters = characters.dropFirst()
        var steps: [Step] = []
        while let first = characters.first {
            if first == "." {
                characters = characters.dropFirst()
                let name = characters.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { throw SyntaxError(description: "'\(text)' has an empty member name") }
                steps.append(name == "*" ? .wildcard : .member(String(name)))
                characters = characters.dropFirst(name.count)
            } else if first == "[" {
                guard let close = characters.firstIndex(of: "]") else {
                    throw SyntaxError(description: "'\(text)' has an unclosed '['")
                }
                let inside = characters[characters.index(after: characters.startIndex)..<close]
                    .trimmingCharacters(in: .whitespaces)
                if inside == "*" {
                    steps.append(.wildcard)
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else if inside.count >= 2, let quote = inside.first, quote == "'" || quote == "\"", inside.last == quote {
                    steps.append(.member(String(inside.dropFirst().dropLast())))
                } else {
                    throw SyntaxError(description: "'\(text)' has an invalid selector [\(inside)]")
                }
                characters = characters[characters.index(after: close)...]
            } else {
                throw SyntaxError(description: "'\(text)' has an unexpected '\(first)'")
            }
        }
        self.steps = steps
    }

    /// Whether the path can select several values.
    public var isPlural: Bool { steps.contains(.wildcard) }

    /// The values the path selects in `root`, in document order.
    public func select(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for step in steps {
            var next: [JSONValue] = []
            for value in current {
                switch (step, value) {
                case (.member(let name), .object(let object)):
                    if let member = object[name] { next.append(member) }
                case (.index(let index), .array(let elements)):
                    let position = index < 0 ? elements.count + index : index
                    if elements.indices.contains(position) { next.append(elements[position]) }
                case (.wildcard, .array(let elements)):
                    next += elements
                case (.wildcard, .object(let object)):
                    next += object.members.map(\.value)
                default:
                    break
                }
            }
            current = next
        }
        return current
    }
}
