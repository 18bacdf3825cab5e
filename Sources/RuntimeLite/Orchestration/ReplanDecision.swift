import HandbookModel

/// What the orchestrator does after a plan failed: try another plan without the failing operation, or stop and say
/// why. Re-planning is for failures another plan may avoid (the API refused a call, a response did not match the
/// spec, a lookup found nothing); it never works around a guardrail or a person's refusal, never retries what cannot
/// work (missing credentials, an unreachable API), and never runs after a call changed something (another plan
/// would repeat the change).
enum ReplanDecision: Sendable, Equatable {
    /// Try the next candidate without `operation` (when one is named) and without the failed plan.
    case replan(excluding: String?, because: String)
    /// Stop here.
    case stop(because: String)

    /// What one call of a failed attempt came to.
    struct Call: Sendable, Equatable {
        /// The operation.
        var operation: String
        /// Its HTTP method.
        var method: String
        /// How the call ended.
        var outcome: ExecutionResult.Outcome
        /// Whether the response matched the spec (`nil`: no response, or not evaluated).
        var conforms: Bool?
    }

    /// The decision after an attempt whose `calls` ran in order; `unresolved` says why the plan stopped between calls
    /// (a binding found nothing in an earlier response) when it did.
    static func after(_ calls: [Call], unresolved: String? = nil) -> ReplanDecision {
        if let change = calls.first(where: { $0.outcome == .succeeded && !Self.isSafe($0.method) }) {
            return .stop(
                because: "\(change.operation) already changed data, so no other plan is tried (it could "
                    + "repeat the change)")
        }
        guard let last = calls.last else {
            return .replan(excluding: nil, because: unresolved ?? "the plan could not start")
        }
        switch last.outcome {
        case .denied:
            return .stop(because: "a guardrail denied \(last.operation); no other plan is tried to get around it")
        case .confirmationRequired:
            return .stop(because: "\(last.operation) was not confirmed, so it was not sent")
        case .missingCredentials:
            return .stop(because: "the credentials for \(last.operation) are not set")
        case .unreachable:
            return .stop(because: "the API did not answer \(last.operation)")
        case .upstreamError, .invalidArguments, .unknownOperation:
            return .replan(excluding: last.operation, because: "\(last.operation) ended \(last.outcome.rawValue)")
        case .succeeded:
            if last.conforms == false {
                return .replan(
                    excluding: last.operation,
                    because: "the response of \(last.operation) does not match its documented responses")
            }
            return .replan(excluding: nil, because: unresolved ?? "the plan stopped after \(last.operation)")
        }
    }

    /// Whether a method only reads.
    static func isSafe(_ method: String) -> Bool {
        ["GET", "HEAD", "OPTIONS"].contains(method.uppercased())
    }
}
