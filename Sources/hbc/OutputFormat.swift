import ArgumentParser

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Human-readable text; diagnostics as `file:line:col: severity: [rule] message`.
    case text
    /// One JSON document on standard output, for scripts.
    case json
}
