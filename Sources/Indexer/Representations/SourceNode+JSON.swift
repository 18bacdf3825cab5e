import HandbookModel

extension SourceNode {
    /// The node as JSON. Plain scalars resolve by the YAML 1.2 core schema (`null`, `true`, `42`, `1.5e3`, …);
    /// quoted and block scalars stay strings.
    var json: JSONValue {
        switch value {
        case .scalar(let text, let isPlain):
            return isPlain ? Self.resolvePlainScalar(text) : .string(text)
        case .mapping(let entries):
            return .object(JSONObject(entries.map { ($0.key, $0.value.json) }))
        case .sequence(let elements):
            return .array(elements.map(\.json))
        }
    }

    /// Resolves a plain scalar by the YAML 1.2 core schema.
    static func resolvePlainScalar(_ text: String) -> JSONValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            if text == "null" || text == "Null" || text == "NULL" || text == "~" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text == "true" || text == "True" || text == "TRUE" { return .bool(true) }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text == "false" || text == "False" || text == "FALSE" { return .bool(false) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return resolveNumber(text) ?? .string(text)
        default:
            break
        }
        return .string(text)
    }

    private static func resolveNumber(_ text: String) -> JSONValue? {
        let body = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if body.hasPrefix("0x"), let value = Int64(body.dropFirst(2), radix: 16) { return .int(value) }
        if body.hasPrefix("0o"), let value = Int64(body.dropFirst(2), radix: 8) { return .int(value) }
        if let value = Int64(body) { return .int(value) }
        let isDecimal = body.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+")
        }
        if isDecimal, body.utf8.contains(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
           let value = Double(body), value.isFinite {
            return .double(value)
        }
        // Infinities and NaN have no JSON form; keep the text.
        return nil
    }
}
