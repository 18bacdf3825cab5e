extension ECMARegex {
    /// Whether a JSON Schema `pattern` matches somewhere in `text`, with the pattern compiled once per process (the
    /// cache the validator uses); `nil` when the pattern does not compile. For code outside the validator that reads
    /// schemas' patterns on a hot path, such as the planner trying a request's tokens against path parameters.
    public static func schemaPattern(_ pattern: String, matches text: String) -> Bool? {
        SchemaPatternCache.shared.matches(pattern, in: text)
    }
}
