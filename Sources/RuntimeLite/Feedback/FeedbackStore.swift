import HandbookModel

/// Where a server keeps the feedback of its callers and the answers feedback can be about, per tenant and user.
/// ``SQLiteFeedbackStore`` keeps them in the state database; another backend implements the same four calls.
public protocol FeedbackStore: Sendable {
    /// Remembers what `caller` was answered under a trace id.
    func remember(_ answer: AnsweredRequest, for caller: Caller) throws
    /// The answer `caller` was given under `trace`, or `nil` (another caller's traces are not theirs to judge).
    func answer(trace: String, for caller: Caller) throws -> AnsweredRequest?
    /// Records feedback.
    func record(_ feedback: UserFeedback) throws
    /// Every recorded piece of feedback, oldest first; only `tenant`'s when given.
    func feedback(tenant: String?) throws -> [UserFeedback]
}
