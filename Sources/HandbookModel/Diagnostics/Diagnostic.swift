/// A problem found while compiling or checking a handbook, printed the way linters print them.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note
        case warning
        case error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How serious it is; errors fail the build.
    public var severity: Severity
    /// A stable identifier of the rule, such as `spec.unresolved-ref`.
    public var ruleID: String
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is, when it concerns a file.
    public var location: SourceLocation?
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// A diagnostic.
    public init(
        _ severity: Severity,
        _ ruleID: String,
        _ message: String,
        at location: SourceLocation? = nil,
        hint: String? = nil
    ) {
        self.severity = severity
        self.ruleID = ruleID
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `file:line:col: severity: [rule-id] message (hint)`.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): [\(ruleID)] \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}
