import AsyncHTTPClient
import Synchronization

@testable import RuntimeLite

/// An in-memory ``UpstreamTransport``: each attempt takes the next scripted reply and the requests are recorded, so the
/// sender's and the runner's edge cases run without a network.
final class InMemoryUpstream: UpstreamTransport {
    /// What one attempt does.
    enum Reply: Sendable {
        /// Answers `status` with `chunks` as the body, then (when given) fails mid-body with `error`.
        case answer(status: Int, contentType: String? = "application/json", chunks: [[UInt8]], then: (any Error)? = nil)
        /// Fails before any response, as the HTTP client would (`HTTPClientError.connectTimeout`, say).
        case fail(any Error)
        /// Never answers: waits on `clock` until the attempt is cancelled.
        case hang
    }

    private let replies: Mutex<[Reply]>
    private let sent = Mutex<[(request: UpstreamRequest, timeout: Duration)]>([])
    private let clock: ManualClock

    /// A transport giving `replies` in turn (the last one repeats), hanging on `clock`.
    init(_ replies: [Reply], clock: ManualClock) {
        self.replies = Mutex(replies)
        self.clock = clock
    }

    /// The requests sent, with the time each attempt was given.
    var requests: [(request: UpstreamRequest, timeout: Duration)] { sent.withLock { $0 } }

    func send(_ request: UpstreamRequest, timeout: Duration) async throws -> UpstreamTransportResponse {
        sent.withLock { $0.append((request, timeout)) }
        let reply = replies.withLock { replies in replies.count > 1 ? replies.removeFirst() : replies[0] }
        switch reply {
        case .answer(let status, let contentType, let chunks, let error):
            let pending = Mutex(chunks[...])
            return UpstreamTransportResponse(
                status: status, contentType: contentType,
                body: UpstreamBodyReader {
                    if let chunk = pending.withLock({ $0.popFirst() }) { return chunk }
                    if let error { throw error }
                    return nil
                })
        case .fail(let error):
            throw error
        case .hang:
            try await clock.sleep(until: clock.now.advanced(by: .seconds(1_000_000)))
            throw CancellationError()
        }
    }
}
