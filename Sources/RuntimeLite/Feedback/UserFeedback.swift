import Foundation
import HandbookModel

/// One piece of feedback a caller gave with the `feedback` tool: whether the answer with a trace id was right and,
/// when known, the right plan.
public struct UserFeedback: Sendable, Hashable, Codable {
    /// Who gave it.
    public var tenant: String
    /// The user, within the tenant.
    public var user: String
    /// The trace id of the answer.
    public var trace: String
    /// The request the answer was for.
    public var request: String
    /// The operations the answer proposed or called, in order (empty when the trace was not remembered).
    public var answered: [String]
    /// Whether the answer was right.
    public var right: Bool
    /// The right plan's operation ids, in order, when the caller said.
    public var plan: [String]
    /// The caller's comment.
    public var comment: String?
    /// When it was given, ISO 8601 in UTC.
    public var given: String

    /// Feedback.
    public init(
        tenant: String, user: String, trace: String, request: String, answered: [String], right: Bool,
        plan: [String] = [], comment: String? = nil, given: String
    ) {
        self.tenant = tenant
        self.user = user
        self.trace = trace
        self.request = request
        self.answered = answered
        self.right = right
        self.plan = plan
        self.comment = comment
        self.given = given
    }
}
