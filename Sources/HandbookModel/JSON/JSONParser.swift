// Why a hand-written JSON parser: Foundation's parsers drop source positions, object key order and duplicate keys and
// read large integers through `Double`; every diagnostic needs `file:line:col` and exact numbers
// (docs/design-decisions.md).

/// Receives the values a ``JSONParser`` reads and builds a tree of its own node type from them.
public protocol JSONTreeBuilder {
    /// The node type built.
    associatedtype Node

    /// A string value.
    func string(_ value: String, at position: JSONPosition) -> Node
    /// `null`, `true`, `false` or a number, with its exact text.
    func literal(_ text: String, kind: JSONLiteralKind, at position: JSONPosition) -> Node
    /// An array.
    func array(_ elements: [Node], at position: JSONPosition) -> Node
    /// An object, members in written order. A builder may refuse one (duplicate keys, say) with an error.
    func object(_ members: [JSONMember<Node>], at position: JSONPosition) throws(JSONSyntaxError) -> Node
}

/// The 1-based line and column (in bytes) where a value starts.
public struct JSONPosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    @inlinable init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// What kind of literal a ``JSONTreeBuilder`` receives.
public enum JSONLiteralKind: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
}

/// An object member read by a ``JSONParser``.
public struct JSONMember<Node> {
    public var key: String
    public var keyPosition: JSONPosition
    public var value: Node

    @inlinable init(key: String, keyPosition: JSONPosition, value: Node) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

/// Builds ``JSONValue``s.
public struct JSONValueBuilder: JSONTreeBuilder {
    @inlinable public init() {}

    @inlinable public func string(_ value: String, at position: JSONPosition) -> JSONValue { .string(value) }

    @inlinable public func literal(_ text: String, kind: JSONLiteralKind, at position: JSONPosition) -> JSONValue {
        switch kind {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let integer): .int(integer)
        case .number(let number): .double(number)
        }
    }

    @inlinable public func array(_ elements: [JSONValue], at position: JSONPosition) -> JSONValue { .array(elements) }

    @inlinable public func object(_ members: [JSONMember<JSONValue>], at position: JSONPosition) -> JSONValue {
        .object(JSONObject(members.map { ($0.key, $0.value) }))
    }
}

extension JSONValue {
    /// Parses one JSON document; trailing non-whitespace is an error.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(bytes, builder: JSONValueBuilder())
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), builder: JSONValueBuilder())
    }
}

/// A JSON syntax error with the 1-based line and column where it was found.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// 1-based line of the offending character.
    public var line: Int
    /// 1-based column of the offending character.
    public var column: Int

    /// An error at a 1-based line and column.
    @inlinable public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict JSON (RFC 8259) parser that hands what it reads to a ``JSONTreeBuilder``, with positions.
public struct JSONParser<Builder: JSONTreeBuilder> {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let builder: Builder
    @usableFromInline var index = 0
    @usableFromInline var depth = 0
    @usableFromInline var line = 1
    @usableFromInline var lineStart = 0
    @usableFromInline static var maximumDepth: Int { 512 }

    @inlinable init(bytes: [UInt8], builder: Builder) {
        self.bytes = bytes
        self.builder = builder
    }

    /// Parses one JSON document with `builder`; trailing non-whitespace is an error.
    @inlinable
    public static func parse(_ bytes: [UInt8], builder: Builder) throws(JSONSyntaxError) -> Builder.Node {
        var parser = JSONParser(bytes: bytes, builder: builder)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            parser.index = 3
            parser.lineStart = 3
        }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    @inlinable var position: JSONPosition { JSONPosition(line: line, column: index - lineStart + 1) }

    @inlinable func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: index - lineStart + 1)
    }

    @inlinable mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case 0x20, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inlinable mutating func parseValue() throws(JSONSyntaxError) -> Builder.Node {
        guard index < bytes.count else { throw error("unexpected end of input") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return builder.string(try parseString(), at: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return builder.literal("true", kind: .bool(true), at: start)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return builder.literal("false", kind: .bool(false), at: start)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return builder.literal("null", kind: .null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    @inlinable mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.count, bytes[index..<(index + expected.count)].elementsEqual(expected)
        else {
            throw error("invalid literal")
        }
        index += expected.count
    }

    @inlinable mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    @inlinable mutating func parseObject() throws(JSONSyntaxError) -> Builder.Node {
        let start = position
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        var members: [JSONMember<Builder.Node>] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return try builder.object([], at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyPosition = position
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, keyPosition: keyPosition, value: try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            throw error("expected ',' or '}'")
        }
        return try builder.object(members, at: start)
    }

    @inlinable mutating func parseArray() throws(JSONSyntaxError) -> Builder.Node {
        let start = position
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        var elements: [Builder.Node] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return builder.array([], at: start)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            throw error("expected ',' or ']'")
        }
        return builder.array(elements, at: start)
    }

    @inlinable mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input in an escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape(into: &buffer)
                default: throw error("invalid escape sequence")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    @inlinable mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    @inlinable mutating func appendUnicodeEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        var scalarValue = try readHex4()
        if (0xD800..<0xDC00).contains(scalarValue), index + 6 <= bytes.count,
            bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        {
            index += 2
            let low = try readHex4()
            if (0xDC00..<0xE000).contains(low) {
                scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
            }
        }
        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
        buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    @inlinable mutating func parseNumber() throws(JSONSyntaxError) -> Builder.Node {
        let startPosition = position
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("invalid number")
        }
        while index < bytes.count {
            let byte = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) {
            return builder.literal(text, kind: .integer(integer), at: startPosition)
        }
        guard let number = Double(text) else { throw error("invalid number '\(text)'") }
        return builder.literal(text, kind: .number(number), at: startPosition)
    }
}
