import Foundation

/// The compiled regular expressions of schema `pattern` and `patternProperties` keywords, shared by all validators.
///
/// Patterns are ECMA-262 (see ``ECMARegex``). A pattern that does not compile is remembered as such, and the
/// validator skips it rather than blaming the value.
final class SchemaPatternCache: @unchecked Sendable {
    /// The cache every validator uses.
    static let shared = SchemaPatternCache()

    /// The most patterns kept; the cache starts over when a bundle uses more.
    private static let capacity = 4096

    /// Guards `expressions`; an ``ECMARegex`` itself is immutable and safe to use from any thread.
    private let lock = NSLock()
    /// Compiled patterns; `nil` marks a pattern that does not compile.
    private var expressions: [String: ECMARegex?] = [:]

    /// Whether `pattern` matches somewhere in `text` (unanchored search), or `nil` when the pattern does not compile.
    func matches(_ pattern: String, in text: String) -> Bool? {
        expression(for: pattern)?.matches(text)
    }

    private func expression(for pattern: String) -> ECMARegex? {
        lock.withLock {
            if let cached = expressions[pattern] { return cached }
            if expressions.count >= Self.capacity { expressions.removeAll(keepingCapacity: true) }
            let compiled = try? ECMARegex(pattern)
            expressions[pattern] = compiled
            return compiled
        }
    }
}
