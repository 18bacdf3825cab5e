/// What the server answered under a trace id, remembered so feedback on the trace knows the request and the
/// operations it was given.
public struct AnsweredRequest: Sendable, Hashable {
    /// The trace id of the answer.
    public var trace: String
    /// The request in the caller's words.
    public var request: String
    /// The operations of the first plan proposed (or the plan run), in order.
    public var operations: [String]

    /// An answer.
    public init(trace: String, request: String, operations: [String]) {
        self.trace = trace
        self.request = request
        self.operations = operations
    }
}
