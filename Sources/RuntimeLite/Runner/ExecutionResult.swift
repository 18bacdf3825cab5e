import HandbookModel

/// The outcome of executing one operation: what was sent, what came back, and what the checks found.
public struct ExecutionResult: Sendable {
    /// How a call ended.
    public enum Outcome: String, Sendable {
        /// The API answered 2xx.
        case succeeded
        /// The API answered with a non-2xx status.
        case upstreamError = "upstream_error"
        /// The arguments do not fit the operation's schema; nothing was sent.
        case invalidArguments = "invalid_arguments"
        /// A guardrail refused the call; nothing was sent.
        case denied
        /// The call needs a person's confirmation, which was not given; nothing was sent.
        case confirmationRequired = "confirmation_required"
        /// The API could not be reached or did not answer in time.
        case unreachable
        /// No such operation, or no base URL for it in the current environment.
        case unknownOperation = "unknown_operation"
        /// The API's credentials are not set in the server's environment (the message names the variables); nothing
        /// was sent.
        case missingCredentials = "missing_credentials"
    }

    /// The trace id, also in the log.
    public var traceID: String
    /// The operation id.
    public var operation: String
    /// How it ended.
    public var outcome: Outcome
    /// The HTTP status, when the API answered.
    public var status: Int?
    /// The response body (redacted), when the API answered.
    public var body: JSONValue?
    /// Whether the body was cut at the size limit.
    public var truncated: Bool
    /// The response's conformance to the spec, when the API answered.
    public var evaluation: ResponseEvaluation?
    /// Response locations removed by guardrails.
    public var redacted: [String]
    /// What went wrong, for the agent, when something did.
    public var message: String?
    /// Argument problems, when the arguments were invalid.
    public var violations: [SchemaViolation]
    /// The policy that refused or asked for confirmation.
    public var policy: String?
    /// Wall time of the call in milliseconds.
    public var durationMilliseconds: Double
    /// Upstream attempts made.
    public var attempts: Int
    /// The connection the caller must make first, when the call was not sent for lack of one (docs/connections.md).
    public var connection: ConnectionRequired? = nil

    /// Whether the agent should treat the result as an error.
    public var isError: Bool { outcome != .succeeded }

    /// The structured form returned to agents (matches the `execute` tool's output schema).
    public var json: JSONValue {
        var object: JSONObject = [
            "traceId": .string(traceID),
            "operation": .string(operation),
            "outcome": .string(outcome.rawValue),
            "durationMs": .double((durationMilliseconds * 10).rounded() / 10),
        ]
        if let status { object["status"] = .integer(status) }
        if let body { object["body"] = body }
        if truncated { object["truncated"] = .bool(true) }
        if let message { object["message"] = .string(message) }
        if let policy { object["policy"] = .string(policy) }
        if let connection {
            object["group"] = .string(connection.group)
            object["connect_url"] = .string(connection.connectURL)
        }
        if !violations.isEmpty {
            object["violations"] = Self.json(violations)
        }
        if !redacted.isEmpty { object["redacted"] = .array(redacted.map(JSONValue.string)) }
        if let evaluation {
            var report: JSONObject = ["conforms": .bool(evaluation.conforms)]
            if let matched = evaluation.matchedResponse { report["documentedResponse"] = .string(matched) }
            if !evaluation.violations.isEmpty {
                report["violations"] = Self.json(evaluation.violations)
            }
            if !evaluation.findings.isEmpty { report["findings"] = .array(evaluation.findings.map(JSONValue.string)) }
            object["evaluation"] = .object(report)
        }
        if attempts > 1 { object["attempts"] = .integer(attempts) }
        return .object(object)
    }

    private static func json(_ violations: [SchemaViolation]) -> JSONValue {
        .array(violations.map { .object(["path": .string($0.path), "message": .string($0.message)]) })
    }

    /// A short text rendering for clients that show text only.
    public var text: String {
        var lines: [String] = []
        switch outcome {
        case .succeeded:
            lines.append("\(operation) → \(status ?? 0)\(truncated ? " (body truncated)" : "")")
        case .upstreamError:
            lines.append("\(operation) failed: the API answered \(status ?? 0)")
        default:
            lines.append("\(operation) not executed (\(outcome.rawValue)): \(message ?? "")")
        }
        for violation in violations.prefix(10) { lines.append("  \(violation)") }
        if let evaluation, !evaluation.conforms, evaluation.matchedResponse != nil || !evaluation.findings.isEmpty {
            let problems = evaluation.findings + evaluation.violations.map(\.description)
            lines.append("  response does not match the spec: " + problems.prefix(5).joined(separator: "; "))
        }
        if let body {
            let rendered = body.serialized
            lines.append(rendered.count > 4000 ? String(rendered.prefix(4000)) + "…" : rendered)
        }
        lines.append("trace \(traceID)")
        return lines.joined(separator: "\n")
    }
}
