import Synchronization

/// Collects diagnostics from every stage of a pipeline so they can be reported together.
///
/// Stages emit problems here instead of printing or throwing them one at a time; the caller decides at the end
/// whether the run failed (any error, or any warning with `warningsAsErrors`).
public final class DiagnosticCollector: Sendable {
    private let storage = Mutex<[Diagnostic]>([])

    /// An empty collector.
    public init() {}

    /// Records a diagnostic.
    public func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    /// Records an error.
    public func error(_ ruleID: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        emit(Diagnostic(.error, ruleID, message, at: location, hint: hint))
    }

    /// Records a warning.
    public func warning(_ ruleID: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        emit(Diagnostic(.warning, ruleID, message, at: location, hint: hint))
    }

    /// Records a note.
    public func note(_ ruleID: String, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        emit(Diagnostic(.note, ruleID, message, at: location, hint: hint))
    }

    /// Everything recorded so far, sorted by file, line, column and then in emission order.
    public var diagnostics: [Diagnostic] {
        let recorded = storage.withLock { $0 }
        return recorded.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location
            let right = rhs.element.location
            let leftKey = (left?.file ?? "", left?.line ?? 0, left?.column ?? 0)
            let rightKey = (right?.file ?? "", right?.line ?? 0, right?.column ?? 0)
            if leftKey != rightKey { return leftKey < rightKey }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Whether an error was recorded.
    public var hasErrors: Bool { storage.withLock { $0.contains { $0.severity == .error } } }

    /// The number of diagnostics of a severity.
    public func count(of severity: Diagnostic.Severity) -> Int {
        storage.withLock { $0.filter { $0.severity == severity }.count }
    }
}
