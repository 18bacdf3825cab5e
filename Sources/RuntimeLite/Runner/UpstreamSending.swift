/// What ``OperationRunner`` needs from an upstream client: one call, answered or failed within its limits.
///
/// ``UpstreamClient`` is the production implementation (HTTP, the continuous clock); an ``UpstreamSender`` over
/// another ``UpstreamTransport`` and clock runs the same deadline, retry and size rules in memory, so tests can
/// exercise timeouts, oversized bodies, redirects and failures without a network or real sleeps.
public protocol UpstreamSending: Sendable {
    /// Sends `request` and gives the API's answer, or why there is none.
    func send(_ request: UpstreamRequest) async throws(UpstreamFailure) -> UpstreamResponse
}
