import Foundation

/// The compiled regular expressions of schema `pattern` and `patternProperties` keywords, shared by all validators.
///
/// Patterns are ECMA-262 style; `NSRegularExpression` (ICU) accepts the subset API descriptions use. A pattern that
/// does not compile is remembered as such, and the validator skips it rather than blaming the value.
final class SchemaPatternCache: @unchecked Sendable {
    /// The cache every validator uses.
    static let shared = SchemaPatternCache()

    /// The most patterns kept; the cache starts over when a bundle uses more.
    private static let capacity = 4096

    /// Guards `expressions`; `NSRegularExpression` itself is immutable and safe to use from any thread.
    private let lock = NSLock()
    /// Compiled patterns; `nil` marks a pattern that does not compile.
    private var expressions: [String: NSRegularExpression?] = [:]

    /// Whether `pattern` matches somewhere in `text` (unanchored search), or `nil` when the pattern does not compile.
    func matches(_ pattern: String, in text: String) -> Bool? {
        guard let expression = expression(for: pattern) else { return nil }
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    private func expression(for pattern: String) -> NSRegularExpression? {
        lock.withLock {
            if let cached = expressions[pattern] { return cached }
            if expressions.count >= Self.capacity { expressions.removeAll(keepingCapacity: true) }
            let compiled = try? NSRegularExpression(pattern: pattern)
            expressions[pattern] = compiled
            return compiled
        }
    }
}
