import HandbookModel
import Releases

/// Where a server keeps the feedback of its callers and the answers feedback can be about, per tenant and user:
/// ``SQLiteFeedbackStore`` in a SQLite state database, ``PostgresFeedbackStore`` in a PostgreSQL one shared by
/// replicas (``Releases/StateLocation/feedbackStore()`` opens the one `--state` names).
public protocol FeedbackStore: Sendable {
    /// Remembers what `caller` was answered under a trace id.
    func remember(_ answer: AnsweredRequest, for caller: Caller) async throws
    /// The answer `caller` was given under `trace`, or `nil` (another caller's traces are not theirs to judge).
    func answer(trace: String, for caller: Caller) async throws -> AnsweredRequest?
    /// Records feedback.
    func record(_ feedback: UserFeedback) async throws
    /// Every recorded piece of feedback, oldest first; only `tenant`'s when given.
    func feedback(tenant: String?) async throws -> [UserFeedback]
}

extension StateLocation {
    /// The feedback kept here.
    public func feedbackStore() throws -> any FeedbackStore {
        switch self {
        case .sqlite(let path): try SQLiteFeedbackStore(path: path)
        case .postgres(let address): PostgresFeedbackStore(.connect(address))
        }
    }
}
