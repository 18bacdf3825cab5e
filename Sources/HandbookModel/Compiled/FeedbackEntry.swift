/// What a handbook's reviewers (or the users of a server, through the `feedback` tool) say about one request: the
/// plan or the operations that are right for it, and the operations that are wrong for it. Written in
/// `feedback/*.yaml`, compiled into the bundle's `feedback` table, and used by search and the planner to put the right
/// plan first for this request and for requests close to it (docs/feedback.md).
public struct FeedbackEntry: Sendable, Hashable, Codable {
    /// The request, in the words it was asked in.
    public var request: String
    /// The right plan: its steps in order, with the arguments they bind (`$steps.ID.response.body#/pointer`,
    /// constants) when known; empty when the entry names no plan.
    public var plan: [PlanStep]
    /// Operations that are right for the request, in no particular order (a plan should call them).
    public var operations: [String]
    /// Operations that are wrong for the request.
    public var wrong: [String]
    /// The trace id of the answer the entry is about, when it came from a server.
    public var trace: String?
    /// Where the entry came from (a ticket, a review, `tenant/user` of a server's feedback).
    public var source: String?
    /// A reviewer's or user's comment.
    public var comment: String?
    /// Where the entry is written, `FILE:LINE` (for the reasons the planner gives).
    public var location: String?

    /// An entry.
    public init(
        request: String, plan: [PlanStep] = [], operations: [String] = [], wrong: [String] = [], trace: String? = nil,
        source: String? = nil, comment: String? = nil, location: String? = nil
    ) {
        self.request = request
        self.plan = plan
        self.operations = operations
        self.wrong = wrong
        self.trace = trace
        self.source = source
        self.comment = comment
        self.location = location
    }

    /// The operations of the right plan, in order.
    public var planOperations: [String] { plan.map(\.operation) }

    /// Every operation the entry names: the plan's, the right ones and the wrong ones.
    public var namedOperations: [String] { planOperations + operations + wrong }
}
