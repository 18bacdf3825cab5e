import Foundation

/// A regular expression with ECMA-262 semantics, the dialect JSON Schema `pattern` and guardrail constraints are
/// written in.
///
/// The pattern is translated once into an equivalent ICU pattern (see ``ECMAPatternTranslator``) so that, unlike a
/// plain `NSRegularExpression`, `$` matches only at the end of the input, `.` matches anything but a line terminator,
/// `\d`, `\w` and `\b` are ASCII-only, and `\s` is ECMA-262 white space. Matching is a search anywhere in the text, as
/// JSON Schema and `RegExp.prototype.test` do; anchor with `^…$` to match the whole text. Immutable, so one instance
/// can be shared by concurrent tasks.
public struct ECMARegex: Sendable {
    /// Why a pattern cannot be used.
    public struct InvalidPattern: Error, Sendable, Hashable, CustomStringConvertible {
        /// The pattern as written.
        public var pattern: String
        /// What is wrong with it.
        public var reason: String

        public var description: String { "invalid regular expression \(pattern): \(reason)" }
    }

    /// The pattern as written.
    public let pattern: String
    private let expression: NSRegularExpression

    /// Compiles an ECMA-262 pattern; throws when it is not valid.
    public init(_ pattern: String) throws(InvalidPattern) {
        self.pattern = pattern
        let translated = try ECMAPatternTranslator.translate(pattern)
        do {
            expression = try NSRegularExpression(pattern: translated)
        } catch {
            throw InvalidPattern(pattern: pattern, reason: "it does not compile")
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
