import Foundation

/// Why a jq program gave no result.
public enum ShapeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The program does not compile; jq's messages (each may name a line of the program: `line N:`).
    case compile([JQCompileError])
    /// The program stopped with an error (`error(...)`, a type error such as indexing a string with a name,
    /// `halt_error`), with jq's message.
    case runtime(String)
    /// The program ran past the time limit and was stopped.
    case timedOut(after: Duration)
    /// The program's outputs exceeded the byte or count limit and it was stopped.
    case outputTooLarge(limit: String)
    /// The program ran out of its memory allowance (or crashed) and was stopped.
    case crashed(String)
    /// The evaluation could not start (no process could be created).
    case unavailable(String)

    public var description: String {
        switch self {
        case .compile(let errors):
            "the jq program does not compile: " + errors.map(\.message).joined(separator: "; ")
        case .runtime(let message):
            "the jq program failed: \(message)"
        case .timedOut(let limit):
            "the jq program was stopped after \(Self.seconds(limit)) s (time limit); make it cheaper, e.g. with "
                + "limit(n; …) or first(…)"
        case .outputTooLarge(let limit):
            "the jq program was stopped: its output passed \(limit); select fewer fields or items"
        case .crashed(let reason):
            "the jq program was stopped: \(reason)"
        case .unavailable(let reason):
            "the jq program could not run: \(reason)"
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// One compile error of a jq program.
public struct JQCompileError: Sendable, Hashable {
    /// jq's message, such as `syntax error, unexpected IDENT, expecting $end (Unix shell quoting issues?) at
    /// <top-level>, line 1:`.
    public var message: String
    /// The 1-based line of the program jq names, when it names one.
    public var line: Int?

    /// An error.
    public init(message: String, line: Int?) {
        self.message = message
        self.line = line
    }
}
