import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// How far one upstream call has come (attempts made; the current attempt's status and body bytes), shared by the
/// task reading the response and the deadline that may abandon it, so a failure can say what happened.
final class UpstreamCallProgress: Sendable {
    private struct State {
        var attempts = 0
        var status: Int?
        var receivedBytes = 0
    }

    private let state = Mutex(State())
    /// Whether the call's method is idempotent.
    let repeatable: Bool

    init(repeatable: Bool) {
        self.repeatable = repeatable
    }

    /// Attempts started so far.
    var attempts: Int { state.withLock { $0.attempts } }

    /// Starts an attempt; returns its number (1 for the first).
    func beginAttempt() -> Int {
        state.withLock { state in
            state.attempts += 1
            state.status = nil
            state.receivedBytes = 0
            return state.attempts
        }
    }

    /// The current attempt received the response headers.
    func receivedHead(status: Int) {
        state.withLock { $0.status = status }
    }

    /// The current attempt received `bytes` more body bytes.
    func received(bytes: Int) {
        state.withLock { $0.receivedBytes += bytes }
    }

    /// The failure for a call whose total time ran out.
    func timeout(after limit: Duration) -> UpstreamFailure {
        state.withLock { state in
            .timedOut(after: limit, attempts: state.attempts, status: state.status, receivedBytes: state.receivedBytes,
                      repeatable: repeatable)
        }
    }

    /// The failure `error` means for the current attempt.
    func failure(for error: any Error, requestTimeout: Duration) -> UpstreamFailure {
        let current = state.withLock { $0 }
        if Self.isTimeout(error) { return timeout(after: requestTimeout) }
        if current.status != nil || Self.isClosedAfterSending(error) {
            return .interrupted(status: current.status, receivedBytes: current.receivedBytes,
                                attempts: current.attempts, repeatable: repeatable)
        }
        return .connectionFailed(reason: Self.describe(error), attempts: current.attempts)
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if let clientError = error as? HTTPClientError {
            return clientError == .deadlineExceeded || clientError == .readTimeout
        }
        return false
    }

    /// Whether the connection closed after the request went out (the peer reset or ended it before the response).
    private static func isClosedAfterSending(_ error: any Error) -> Bool {
        if let clientError = error as? HTTPClientError { return clientError == .remoteConnectionClosed }
        if let ioError = error as? IOError { return [ECONNRESET, EPIPE].contains(ioError.errnoCode) }
        return false
    }

    private static func describe(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError {
            return clientError == .connectTimeout ? "connecting took longer than the connect timeout" : "\(clientError)"
        }
        if let ioError = error as? IOError { return "\(ioError)" }
        return String("\(error)".prefix(300))
    }
}
