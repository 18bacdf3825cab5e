import Testing
@testable import HandbookModel

/// ECMA-262 semantics of patterns (JSON Schema `pattern`, guardrail constraints), where ICU differs.
@Suite struct ECMARegexTests {
    /// (pattern, text, whether ECMA-262 finds a match).
    static let cases: [(pattern: String, text: String, matches: Bool)] = [
        // `$` is the end of the input only, not before a final line break.
        ("^[a-z]+$", "abc", true),
        ("^[a-z]+$", "abc\n", false),
        ("^C[0-9]{5}$", "C00001\n", false),
        ("^\\d{3}$", "123\r\n", false),
        // `\d` is ASCII digits only.
        ("^\\d+$", "0123456789", true),
        ("^\\d+$", "١٢٣", false),  // Arabic-Indic digits
        ("^\\d+$", "１２３", false),  // full-width digits
        ("^\\D$", "٣", true),
        ("^[\\d]+$", "١", false),
        ("^[^\\d]$", "١", true),
        // `\w` is [A-Za-z0-9_] and `\b` is based on it.
        ("^\\w+$", "abc_123", true),
        ("^\\w+$", "café", false),
        ("^\\W$", "é", true),
        ("\\bé", "é", false),
        ("\\bcat\\b", "a cat.", true),
        ("\\Bat", "cat", true),
        // `\s` is ECMA white space and line terminators; `\v` is U+000B only.
        ("^\\s+$", " \t\n\u{B}\u{C}\r\u{A0}\u{FEFF}\u{2028}\u{3000}", true),
        ("^\\s$", "\u{85}", false),
        ("^\\S$", "\u{85}", true),
        ("^[\\s]$", "\u{FEFF}", true),
        ("^[^\\S]$", " ", true),
        ("^\\v$", "\u{B}", true),
        ("^\\v$", "\n", false),
        // `.` excludes exactly \n \r U+2028 U+2029.
        ("^.$", "\n", false),
        ("^.$", "\u{2028}", false),
        ("^.$", "\u{85}", true),
        ("^.$", "😀", true),
        // Inside classes `[`, `&`, `-`, `$`, `^` are literals; `[\b]` is a backspace.
        ("^[[]$", "[", true),
        ("^[a&&b]+$", "&", true),
        ("^[a-]$", "-", true),
        ("^[$]$", "$", true),
        ("^[a^]$", "^", true),
        ("^[\\b]$", "\u{8}", true),
        ("^[\\w-.]+$", "a-.", true),
        ("[]", "anything", false),
        ("^[^]$", "\n", true),
        // Unknown letter escapes are the letter itself (ICU would read \h as horizontal space).
        ("^\\h$", "h", true),
        ("^\\h$", " ", false),
        ("^\\Q.\\E$", "Q.E", true),
        // Escapes of characters.
        ("^\\x41\\u0042\\u{43}$", "ABC", true),
        ("^\\uD83D\\uDE00$", "😀", true),
        ("^\\cJ$", "\n", true),
        ("^\\0$", "\u{0}", true),
        ("^\\/\\.$", "/.", true),
        // Quantifiers, groups, back references, properties.
        ("^a{2,3}$", "aaa", true),
        ("^a{,3}$", "a{,3}", true),
        ("^x{$", "x{", true),
        ("^(ab)\\1$", "abab", true),
        ("^(?<word>ab)\\k<word>$", "abab", true),
        ("^(?:a|b)+?$", "abba", true),
        ("^(?=a)\\w$", "a", true),
        ("(?<!a)b", "ab", false),
        ("^\\p{Lu}+$", "ÉCOLE", true),
        ("^\\P{L}$", "1", true),
        // Searches anywhere unless anchored.
        ("b", "abc", true),
        ("^b", "abc", false),
    ]

    @Test(arguments: cases)
    func matchesAsECMA262(_ example: (pattern: String, text: String, matches: Bool)) throws {
        let regex = try ECMARegex(example.pattern)
        #expect(regex.matches(example.text) == example.matches,
                "\(example.pattern) on \(example.text.debugDescription)")
    }

    @Test(arguments: ["(", "[a", "a**", "a{2}*+", "\\", "(?i)a", "\\p", "[z-a]", "\\u{110000}"])
    func refusesWhatECMA262Refuses(_ pattern: String) {
        #expect(throws: ECMARegex.InvalidPattern.self) { try ECMARegex(pattern) }
    }

    @Test func schemaPatternsAndTheirMessagesUseECMASemantics() {
        let validator = JSONSchemaValidator { _ in nil }
        let schema: JSONValue = .object(["type": .string("string"), "pattern": .string("^\\d{3}$")])
        #expect(validator.validate(.string("123"), against: schema).isEmpty)
        #expect(validator.validate(.string("123\n"), against: schema).first?.keyword == "pattern")
        #expect(validator.validate(.string("١٢٣"), against: schema).first?.keyword == "pattern")
    }
}
