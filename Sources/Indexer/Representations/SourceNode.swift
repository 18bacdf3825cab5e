import HandbookModel

/// A node of a parsed YAML or JSON source file, with the line and column it starts at.
///
/// Every source format the compiler reads (manifest, specs, guardrails, tests, front-matter) is parsed into these
/// nodes first, so later stages can point diagnostics at the exact place a value came from.
final class SourceNode: Sendable {
    /// What a node holds.
    enum Value: Sendable {
        /// A scalar's text; `isPlain` is false for quoted and block scalars (always strings) and explicit `!!str`.
        case scalar(String, isPlain: Bool)
        /// Key-value pairs in source order.
        case mapping([SourceMappingEntry])
        /// Elements in order.
        case sequence([SourceNode])
    }

    let value: Value
    /// 1-based line.
    let line: Int32
    /// 1-based column.
    let column: Int32

    init(_ value: Value, line: Int32, column: Int32) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// The entries, when this is a mapping.
    var entries: [SourceMappingEntry]? { if case .mapping(let entries) = value { entries } else { nil } }

    /// The elements, when this is a sequence.
    var elements: [SourceNode]? { if case .sequence(let elements) = value { elements } else { nil } }

    /// The scalar text, when this is a scalar.
    var scalarText: String? { if case .scalar(let text, _) = value { text } else { nil } }

    /// The string value: a scalar's text unless it is a plain `null`.
    var string: String? {
        guard case .scalar(let text, let isPlain) = value else { return nil }
        if isPlain, text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" { return nil }
        return text
    }

    /// The value for `key`, when this is a mapping that has it.
    subscript(key: String) -> SourceNode? {
        guard case .mapping(let entries) = value else { return nil }
        for entry in entries where entry.key == key { return entry.value }
        return nil
    }

    /// The node's location in `file`.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }

    /// A short name of the node's kind, for messages.
    var kindName: String {
        switch value {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// One key-value pair of a mapping.
struct SourceMappingEntry: Sendable {
    /// The key's text.
    let key: String
    /// The key's node, for its location.
    let keyNode: SourceNode
    /// The value.
    let value: SourceNode
}

extension [SourceMappingEntry] {
    /// The second writing of the first key written twice, with the message both parsers report there; `nil` when
    /// every key is distinct.
    func duplicateKey() -> (key: SourceNode, message: String)? {
        guard let (first, repeated) = firstDuplicateKey() else { return nil }
        return (repeated.keyNode,
                "duplicate key '\(repeated.key)' (first written at line \(first.keyNode.line)); keep one of them")
    }

    /// The first key written a second time, with its first occurrence; `nil` when every key is distinct.
    private func firstDuplicateKey() -> (first: SourceMappingEntry, repeated: SourceMappingEntry)? {
        guard count > 1 else { return nil }
        if count <= 8 {
            for index in indices.dropFirst() {
                if let first = self[..<index].first(where: { $0.key == self[index].key }) { return (first, self[index]) }
            }
            return nil
        }
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(count)
        for (index, entry) in enumerated() {
            if let first = firstIndex[entry.key] { return (self[first], entry) }
            firstIndex[entry.key] = index
        }
        return nil
    }
}
