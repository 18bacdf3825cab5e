import HandbookModel

/// Parses JSON files into ``SourceNode``s with positions, faster and stricter than reading them as YAML.
enum JSONSourceParser {
    /// Parses a JSON document.
    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> SourceNode {
        try JSONParser.parse(bytes, builder: SourceNodeBuilder())
    }

    /// Whether a file's contents look like JSON (first non-blank byte `{` or `[`).
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let first = content.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            return false
        }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    private struct SourceNodeBuilder: JSONTreeBuilder {
        func string(_ value: String, at position: JSONPosition) -> SourceNode {
            SourceNode(.scalar(value, isPlain: false), line: Int32(position.line), column: Int32(position.column))
        }

        func literal(_ text: String, kind: JSONLiteralKind, at position: JSONPosition) -> SourceNode {
            SourceNode(.scalar(text, isPlain: true), line: Int32(position.line), column: Int32(position.column))
        }

        func array(_ elements: [SourceNode], at position: JSONPosition) -> SourceNode {
            SourceNode(.sequence(elements), line: Int32(position.line), column: Int32(position.column))
        }

        func object(
            _ members: [JSONMember<SourceNode>], at position: JSONPosition
        ) throws(JSONSyntaxError) -> SourceNode {
            let entries = members.map { member in
                SourceMappingEntry(
                    key: member.key,
                    keyNode: SourceNode(.scalar(member.key, isPlain: false), line: Int32(member.keyPosition.line),
                                        column: Int32(member.keyPosition.column)),
                    value: member.value)
            }
            if let (key, message) = entries.duplicateKey() {
                throw JSONSyntaxError(message: message, line: Int(key.line), column: Int(key.column))
            }
            return SourceNode(.mapping(entries), line: Int32(position.line), column: Int32(position.column))
        }
    }
}
