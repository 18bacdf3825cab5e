/// Translates an ECMA-262 regular expression (with the Unicode flag's code-point matching, and Annex B's leniency for
/// stray `{`, `}`, `]` and identity escapes) into an ICU pattern that matches the same strings.
///
/// Why hand-written: JSON Schema's `pattern` is ECMA-262, while `NSRegularExpression` and Swift's `Regex` speak ICU's
/// and Perl's dialects and no JavaScript engine ships on Linux; translating keeps ICU's matcher and JavaScript's
/// meaning (docs/design-decisions.md).
///
/// What differs between the dialects, and how it is translated:
/// - `$` is the end of the input only (ICU: also before a final line break) → `\z`;
/// - `.` excludes exactly the ECMA line terminators `\n \r U+2028 U+2029` → an explicit class;
/// - `\d \w \b` are ASCII-only (ICU: Unicode digits and letters) → `[0-9]`, `[A-Za-z0-9_]`, look-arounds;
/// - `\s` is ECMA white space plus line terminators → an explicit class; `\v` is U+000B (ICU: any vertical space);
/// - inside a class, `[`, `&`, `-`, `^` and `$` are literals (ICU: nested sets and set operators) → every literal is
///   written as `\x{…}`; `[\b]` is a backspace; `[]` matches nothing and `[^]` anything;
/// - unknown letter escapes (`\h`, `\R`, `\Q` …) are the letter itself (ICU gives them meanings).
///
/// Every literal character is emitted as `\x{HEX}` unless it is an ASCII letter or digit, so no character can take on
/// an ICU meaning it lacks in ECMA-262.
struct ECMAPatternTranslator {
    private static let digit = "[0-9]"
    private static let word = "[A-Za-z0-9_]"
    private static let spaceItems = #"\x{9}-\x{D}\x{20}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"#
    private static let dot = #"[^\x{A}\x{D}\x{2028}\x{2029}]"#
    private static let wordBoundary = "(?:(?<=\(word))(?!\(word))|(?<!\(word))(?=\(word)))"
    private static let nonWordBoundary = "(?:(?<=\(word))(?=\(word))|(?<!\(word))(?!\(word)))"

    private let scalars: [Unicode.Scalar]
    private let pattern: String
    private var position = 0
    private var output = ""
    /// Capturing groups in the whole pattern (a back reference beyond them is an octal escape or a digit).
    private let groupCount: Int
    private let hasNamedGroups: Bool
    /// Whether the last thing emitted was a quantifier, so a second one (`a*+`) is refused as ECMA-262 does.
    private var afterQuantifier = false

    /// The ICU pattern for `pattern`.
    static func translate(_ pattern: String) throws(ECMARegex.InvalidPattern) -> String {
        var translator = ECMAPatternTranslator(pattern)
        return try translator.run()
    }

    private init(_ pattern: String) {
        self.pattern = pattern
        scalars = Array(pattern.unicodeScalars)
        (groupCount, hasNamedGroups) = Self.countGroups(scalars)
    }

    private mutating func run() throws(ECMARegex.InvalidPattern) -> String {
        while let scalar = peek() {
            var isQuantifier = false
            switch scalar {
            case "\\":
                position += 1
                try escape()
            case "[":
                position += 1
                try characterClass()
            case ".":
                position += 1
                output += Self.dot
            case "$":
                position += 1
                output += #"\z"#
            case "(":
                position += 1
                try groupStart()
            case "*", "+", "?":
                position += 1
                guard !afterQuantifier else { throw invalid("nothing to repeat before '\(scalar)'") }
                output.unicodeScalars.append(scalar)
                lazySuffix()
                isQuantifier = true
            case "{":
                if let quantifier = braceQuantifier() {
                    guard !afterQuantifier else { throw invalid("nothing to repeat before '\(quantifier)'") }
                    output += quantifier
                    lazySuffix()
                    isQuantifier = true
                } else {
                    position += 1
                    output += Self.literal("{")
                }
            case "^", ")", "|":
                position += 1
                output.unicodeScalars.append(scalar)
            default:
                position += 1
                output += Self.literal(scalar)
            }
            afterQuantifier = isQuantifier
        }
        return output
    }

    // MARK: Outside classes

    private mutating func escape() throws(ECMARegex.InvalidPattern) {
        guard let scalar = next() else { throw invalid("the pattern ends with a lone backslash") }
        switch scalar {
        case "d": output += Self.digit
        case "D": output += "[^0-9]"
        case "w": output += Self.word
        case "W": output += "[^A-Za-z0-9_]"
        case "s": output += "[\(Self.spaceItems)]"
        case "S": output += "[^\(Self.spaceItems)]"
        case "b": output += Self.wordBoundary
        case "B": output += Self.nonWordBoundary
        case "1"..."9":
            position -= 1
            output += backReferenceOrOctal()
        case "k" where hasNamedGroups:
            guard let name = delimited("<", ">") else { throw invalid("\\k needs a group name: \\k<name>") }
            output += #"\k<"# + name + ">"
        case "p", "P":
            output += try property(negated: scalar == "P")
        default:
            output += Self.literal(try characterEscape(scalar))
        }
    }

    /// `(`, `(?:`, look-arounds and named groups; other `(?` forms are not ECMA-262.
    private mutating func groupStart() throws(ECMARegex.InvalidPattern) {
        guard peek() == "?" else {
            output += "("
            return
        }
        position += 1
        switch (peek(), peek(offset: 1)) {
        case (":", _), ("=", _), ("!", _):
            output += "(?" + String(Character(next()!))
        case ("<", "="), ("<", "!"):
            position += 1
            output += "(?<" + String(Character(next()!))
        case ("<", _):
            position += 1
            guard let name = delimited(nil, ">"), !name.isEmpty else { throw invalid("a group name must end with '>'") }
            output += "(?<" + name + ">"
        default:
            throw invalid("'(?' must be followed by ':', '=', '!', '<=', '<!' or '<name>'")
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position (consumed), or `nil` when the brace is a literal.
    private mutating func braceQuantifier() -> String? {
        var index = position + 1
        func digits() -> String {
            var text = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            return text
        }
        let minimum = digits()
        guard !minimum.isEmpty else { return nil }
        var quantifier = "{" + minimum
        if index < scalars.count, scalars[index] == "," {
            index += 1
            quantifier += "," + digits()
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        position = index + 1
        return quantifier + "}"
    }

    private mutating func lazySuffix() {
        if peek() == "?" {
            position += 1
            output += "?"
        }
    }

    /// `\N` naming an existing group (wrapped so a following digit stays a literal), else Annex B's octal escape or
    /// the digit itself.
    private mutating func backReferenceOrOctal() -> String {
        let start = position
        var number = 0
        while let scalar = peek(), ("0"..."9").contains(scalar) {
            let longer = number * 10 + Int(scalar.value - 48)
            guard longer >= 1, longer <= groupCount else { break }
            number = longer
            position += 1
        }
        if number >= 1 { return "(?:\\\(number))" }
        position = start
        return Self.literal(octalOrDigit())
    }

    // MARK: Classes

    private enum ClassItem {
        case scalar(Unicode.Scalar)
        case set(String)
    }

    private mutating func characterClass() throws(ECMARegex.InvalidPattern) {
        let negated = peek() == "^"
        if negated { position += 1 }
        var items: [String] = []
        while true {
            guard let scalar = peek() else { throw invalid("a character class is not closed with ']'") }
            if scalar == "]" {
                position += 1
                break
            }
            let first = try classAtom()
            if case .scalar(let low) = first, peek() == "-", let after = peek(offset: 1), after != "]" {
                position += 1
                let second = try classAtom()
                if case .scalar(let high) = second {
                    guard low.value <= high.value else {
                        throw invalid("the class range \(Character(low))-\(Character(high)) is out of order")
                    }
                    items.append(Self.classLiteral(low) + "-" + Self.classLiteral(high))
                } else {
                    // Annex B: a range with a class escape at one end is its two parts and a literal '-'.
                    items.append(Self.classLiteral(low))
                    items.append(Self.classLiteral("-"))
                    items.append(Self.render(second))
                }
            } else {
                items.append(Self.render(first))
            }
        }
        if items.isEmpty {
            output += negated ? #"[\x{0}-\x{10FFFF}]"# : "(?!)"
        } else {
            output += "[" + (negated ? "^" : "") + items.joined() + "]"
        }
    }

    private mutating func classAtom() throws(ECMARegex.InvalidPattern) -> ClassItem {
        guard let scalar = next() else { throw invalid("a character class is not closed with ']'") }
        guard scalar == "\\" else { return .scalar(scalar) }
        guard let escaped = next() else { throw invalid("the pattern ends with a lone backslash") }
        switch escaped {
        case "d": return .set(Self.digit)
        case "D": return .set("[^0-9]")
        case "w": return .set(Self.word)
        case "W": return .set("[^A-Za-z0-9_]")
        case "s": return .set("[\(Self.spaceItems)]")
        case "S": return .set("[^\(Self.spaceItems)]")
        case "b": return .scalar("\u{8}")
        case "-": return .scalar("-")
        case "p", "P": return .set(try property(negated: escaped == "P"))
        case "1"..."9":
            position -= 1
            return .scalar(octalOrDigit())
        default: return .scalar(try characterEscape(escaped))
        }
    }

    private static func render(_ item: ClassItem) -> String {
        switch item {
        case .scalar(let scalar): classLiteral(scalar)
        case .set(let set): set
        }
    }

    // MARK: Shared escapes

    /// The character an escape (after its backslash and first character) stands for.
    private mutating func characterEscape(_ scalar: Unicode.Scalar) throws(ECMARegex.InvalidPattern) -> Unicode.Scalar {
        switch scalar {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return "\u{B}"
        case "f": return "\u{C}"
        case "r": return "\r"
        case "0":
            position -= 1
            return octalOrDigit()
        case "c":
            if let letter = peek(), ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) {
                position += 1
                return Unicode.Scalar(letter.value % 32)!
            }
            position -= 1  // Annex B: `\c` without a letter is a backslash followed by `c`
            return "\\"
        case "x":
            return hexadecimal(count: 2) ?? "x"
        case "u":
            return try unicodeEscape() ?? "u"
        default:
            return scalar
        }
    }

    /// `\uHHHH` (joining a surrogate pair) or `\u{H…}` after the `u`, or `nil` when neither follows.
    private mutating func unicodeEscape() throws(ECMARegex.InvalidPattern) -> Unicode.Scalar? {
        if peek() == "{" {
            let start = position
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let scalar = peek(), let digit = Self.hexValue(scalar) {
                value = value &* 16 &+ digit
                digits += 1
                position += 1
                if value > 0x10FFFF { throw invalid("\\u{…} is beyond U+10FFFF") }
            }
            if digits > 0, peek() == "}", let result = Unicode.Scalar(value) {
                position += 1
                return result
            }
            position = start
            return nil
        }
        guard let high = hexadecimalValue(count: 4) else { return nil }
        if (0xD800...0xDBFF).contains(high), peek() == "\\", peek(offset: 1) == "u" {
            let start = position
            position += 2
            if let low = hexadecimalValue(count: 4), (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
            }
            position = start
        }
        guard let scalar = Unicode.Scalar(high) else { throw invalid("a lone surrogate \\u\(String(high, radix: 16)) cannot be matched") }
        return scalar
    }

    /// `\p{…}` / `\P{…}` after the letter, passed to ICU, whose property names are a superset of ECMA-262's.
    private mutating func property(negated: Bool) throws(ECMARegex.InvalidPattern) -> String {
        guard let name = delimited("{", "}"), !name.isEmpty,
              name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "=" })
        else { throw invalid("\\p and \\P need a property name in braces, such as \\p{L}") }
        return (negated ? #"\P{"# : #"\p{"#) + name + "}"
    }

    /// Annex B: up to three octal digits (value at most 0o377) as a character, else the digit itself.
    private mutating func octalOrDigit() -> Unicode.Scalar {
        var value: UInt32 = 0
        var digits = 0
        while digits < 3, let scalar = peek(), ("0"..."7").contains(scalar), value * 8 + (scalar.value - 48) <= 0o377 {
            value = value * 8 + (scalar.value - 48)
            digits += 1
            position += 1
        }
        if digits > 0 { return Unicode.Scalar(value)! }
        return next()!  // `\8`, `\9`
    }

    private mutating func hexadecimal(count: Int) -> Unicode.Scalar? {
        hexadecimalValue(count: count).flatMap(Unicode.Scalar.init)
    }

    private mutating func hexadecimalValue(count: Int) -> UInt32? {
        guard position + count <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let digit = Self.hexValue(scalars[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        position += count
        return value
    }

    /// The text between `open` (when given, expected at the current position) and `close`, consumed with both; `nil`
    /// (nothing consumed) when they are not there.
    private mutating func delimited(_ open: Unicode.Scalar?, _ close: Unicode.Scalar) -> String? {
        var index = position
        if let open {
            guard index < scalars.count, scalars[index] == open else { return nil }
            index += 1
        }
        var text = ""
        while index < scalars.count, scalars[index] != close {
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { return nil }
        position = index + 1
        return text
    }

    // MARK: Reading

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        defer { position += 1 }
        return peek()
    }

    private func invalid(_ reason: String) -> ECMARegex.InvalidPattern {
        ECMARegex.InvalidPattern(pattern: pattern, reason: reason)
    }

    // MARK: Emitting

    /// A character outside a class: ASCII letters and digits as themselves, everything else as `\x{HEX}`.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        isPlain(scalar) ? String(Character(scalar)) : #"\x{"# + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// A character inside a class, written the same way.
    private static func classLiteral(_ scalar: Unicode.Scalar) -> String { literal(scalar) }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }

    /// The capturing groups of a pattern (plain and named), skipping escapes and classes.
    private static func countGroups(_ scalars: [Unicode.Scalar]) -> (count: Int, named: Bool) {
        var count = 0
        var named = false
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
            } else if scalar == "[" {
                inClass = true
            } else if scalar == "(" {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if next != "?" {
                    count += 1
                } else if index + 2 < scalars.count, scalars[index + 2] == "<", index + 3 < scalars.count,
                          scalars[index + 3] != "=", scalars[index + 3] != "!" {
                    count += 1
                    named = true
                }
            }
            index += 1
        }
        return (count, named)
    }
}
