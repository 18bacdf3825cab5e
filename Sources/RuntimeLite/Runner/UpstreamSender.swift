import Foundation

/// Sends requests over an ``UpstreamTransport`` within one total deadline per call, measured on `clock`, with a
/// response size cap and bounded retries with exponential backoff: for idempotent methods, and for any method when
/// no connection could be made. Redirects are answers like any other (3xx), never followed here.
///
/// ``UpstreamClient`` is this over HTTP and the continuous clock; tests run it over an in-memory transport and a
/// clock they advance by hand (the model is Hummingbird's `MemoryPersistDriver`, generic over `Clock`).
public struct UpstreamSender<C: Clock<Duration>>: UpstreamSending {
    /// The limits.
    public let settings: UpstreamSettings
    /// Where attempts go.
    public let transport: any UpstreamTransport
    /// What deadlines and pauses between attempts are measured on.
    public let clock: C

    /// A sender of attempts over `transport`, timed by `clock`.
    public init(settings: UpstreamSettings, transport: any UpstreamTransport, clock: C) {
        self.settings = settings
        self.transport = transport
        self.clock = clock
    }

    /// Sends `request`, retrying idempotent methods on transient failures, and gives up when the request timeout,
    /// counted from now over every attempt, passes.
    public func send(_ request: UpstreamRequest) async throws(UpstreamFailure) -> UpstreamResponse {
        guard let scheme = URL(string: request.url)?.scheme, scheme == "http" || scheme == "https" else {
            throw .invalidURL(request.url)
        }
        let repeatable = idempotentMethods.contains(request.method)
        let progress = UpstreamCallProgress(repeatable: repeatable)
        let deadline = clock.now.advanced(by: settings.requestTimeout)
        let outcome = await withTaskGroup(of: Result<UpstreamResponse, UpstreamFailure>?.self) { group in
            group.addTask {
                await self.attempts(
                    request, retries: repeatable ? self.settings.maximumRetries : 0,
                    deadline: deadline, progress: progress)
            }
            group.addTask {
                try? await self.clock.sleep(until: deadline, tolerance: nil)
                return nil
            }
            // The first to finish wins: the attempts' outcome, or the deadline (nil), which cancels the attempt
            // still reading.
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success(let response): return response
        case .failure(let failure): throw failure
        case nil:
            throw Task.isCancelled
                ? .cancelled(attempts: progress.attempts) : progress.timeout(after: settings.requestTimeout)
        }
    }

    private func attempts(
        _ request: UpstreamRequest, retries: Int, deadline: C.Instant, progress: UpstreamCallProgress
    ) async -> Result<UpstreamResponse, UpstreamFailure> {
        var delay = settings.retryDelay
        while true {
            let attempt = progress.beginAttempt()
            let failure: UpstreamFailure
            do {
                var response = try await sendOnce(request, deadline: deadline, progress: progress)
                response.attempts = attempt
                guard attempt <= retries, [502, 503, 504].contains(response.status) else { return .success(response) }
                guard clock.now.advanced(by: delay) < deadline else { return .success(response) }
                failure = .connectionFailed(reason: "status \(response.status)", attempts: attempt)
            } catch {
                failure = progress.failure(for: error, requestTimeout: settings.requestTimeout)
                // Nothing was sent when no connection was made, so that is retried whatever the method.
                let allowed = failure.nothingSent ? settings.maximumRetries : retries
                guard attempt <= allowed, failure.isTransient, clock.now.advanced(by: delay) < deadline else {
                    return .failure(failure)
                }
            }
            do {
                try await clock.sleep(for: delay)
            } catch {
                return .failure(failure)
            }
            delay *= 2
        }
    }

    private func sendOnce(
        _ request: UpstreamRequest, deadline: C.Instant, progress: UpstreamCallProgress
    ) async throws -> UpstreamResponse {
        let response = try await transport.send(request, timeout: clock.now.duration(to: deadline))
        progress.receivedHead(status: response.status)
        var collected: [UInt8] = []
        var truncated = false
        while let chunk = try await response.body.next() {
            let room = settings.maximumResponseBytes - collected.count
            if chunk.count > room {
                collected += chunk.prefix(max(room, 0))
                truncated = true
                break
            }
            collected += chunk
            progress.received(bytes: chunk.count)
        }
        return UpstreamResponse(
            status: response.status, contentType: response.contentType, body: collected, truncated: truncated,
            attempts: 1)
    }
}

/// The methods retried after a failure or a 502/503/504 (a repeat cannot change the outcome).
private let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]
