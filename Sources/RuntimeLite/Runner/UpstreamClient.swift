import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Limits for calls to upstream APIs.
public struct UpstreamSettings: Sendable, Hashable {
    /// Time to establish one connection.
    public var connectTimeout: Duration
    /// Total time for a call: waiting for a free connection, connecting, every attempt and the pauses between them,
    /// the response headers and the last body byte. A body still arriving at the deadline is abandoned.
    public var requestTimeout: Duration
    /// Response bodies beyond this many bytes are cut off (and the result says so).
    public var maximumResponseBytes: Int
    /// Extra attempts for idempotent methods after a connection failure, a timeout, or 502/503/504.
    public var maximumRetries: Int
    /// The first retry waits this long; each further one twice as long.
    public var retryDelay: Duration
    /// Most connections open to one host at once; further calls wait for a free one (within the request timeout).
    public var maximumConnectionsPerHost: Int

    /// Settings; defaults: connect 5 s, 30 s per call in total, 8 MiB bodies, 2 retries starting at 200 ms,
    /// 64 connections per host.
    public init(
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30),
        maximumResponseBytes: Int = 8 << 20, maximumRetries: Int = 2, retryDelay: Duration = .milliseconds(200),
        maximumConnectionsPerHost: Int = 64
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumRetries = maximumRetries
        self.retryDelay = retryDelay
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
    }
}

/// What an upstream API answered.
public struct UpstreamResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The `Content-Type`, when given.
    public var contentType: String?
    /// The body (cut at the size limit).
    public var body: [UInt8]
    /// Whether the body was cut at the size limit.
    public var truncated: Bool
    /// How many attempts it took.
    public var attempts: Int
}

/// Sends requests to upstream APIs within one total deadline per call, with a response size cap and bounded retries
/// with exponential backoff: for idempotent methods, and for any method when no connection could be made. Redirects are not followed, so calls never leave the
/// configured host.
public final class UpstreamClient: Sendable {
    /// The underlying HTTP client (shared with token requests).
    public let httpClient: HTTPClient
    /// The limits.
    public let settings: UpstreamSettings

    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]

    /// A client with its own connection pool.
    public init(settings: UpstreamSettings = UpstreamSettings()) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .init(settings.connectTimeout), read: .init(settings.requestTimeout))
        configuration.decompression = .enabled(limit: .ratio(50))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.maximumConnectionsPerHost))
        // A refused connection fails at once (and says so) instead of being retried silently until the connect
        // timeout; `send` retries failed connections itself, within the call's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.settings = settings
    }

    /// Closes connections; call once when the server stops.
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    /// Sends `request`, retrying idempotent methods on transient failures, and gives up when the request timeout,
    /// counted from now over every attempt, passes.
    public func send(_ request: UpstreamRequest) async throws(UpstreamFailure) -> UpstreamResponse {
        guard let scheme = URL(string: request.url)?.scheme, scheme == "http" || scheme == "https" else {
            throw .invalidURL(request.url)
        }
        let repeatable = Self.idempotentMethods.contains(request.method)
        let progress = UpstreamCallProgress(repeatable: repeatable)
        let deadline = ContinuousClock.now + settings.requestTimeout
        let outcome = await withTaskGroup(of: Result<UpstreamResponse, UpstreamFailure>?.self) { group in
            group.addTask { await self.attempts(request, retries: repeatable ? self.settings.maximumRetries : 0,
                                                deadline: deadline, progress: progress) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
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
            throw Task.isCancelled ? .cancelled(attempts: progress.attempts) : progress.timeout(after: settings.requestTimeout)
        }
    }

    private func attempts(
        _ request: UpstreamRequest, retries: Int, deadline: ContinuousClock.Instant, progress: UpstreamCallProgress
    ) async -> Result<UpstreamResponse, UpstreamFailure> {
        var delay = settings.retryDelay
        while true {
            let attempt = progress.beginAttempt()
            let failure: UpstreamFailure
            do {
                var response = try await sendOnce(request, deadline: deadline, progress: progress)
                response.attempts = attempt
                guard attempt <= retries, [502, 503, 504].contains(response.status) else { return .success(response) }
                guard ContinuousClock.now + delay < deadline else { return .success(response) }
                failure = .connectionFailed(reason: "status \(response.status)", attempts: attempt)
            } catch {
                failure = progress.failure(for: error, requestTimeout: settings.requestTimeout)
                // Nothing was sent when no connection was made, so that is retried whatever the method.
                let allowed = failure.nothingSent ? settings.maximumRetries : retries
                guard attempt <= allowed, failure.isTransient, ContinuousClock.now + delay < deadline else {
                    return .failure(failure)
                }
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return .failure(failure)
            }
            delay *= 2
        }
    }

    private func sendOnce(
        _ request: UpstreamRequest, deadline: ContinuousClock.Instant, progress: UpstreamCallProgress
    ) async throws -> UpstreamResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(
            outgoing, deadline: .now() + TimeAmount(deadline - ContinuousClock.now))
        progress.receivedHead(status: Int(response.status.code))
        var collected: [UInt8] = []
        var truncated = false
        for try await chunk in response.body {
            let room = settings.maximumResponseBytes - collected.count
            if chunk.readableBytes > room {
                collected += chunk.getBytes(at: chunk.readerIndex, length: max(room, 0)) ?? []
                truncated = true
                break
            }
            collected += chunk.readableBytesView
            progress.received(bytes: chunk.readableBytes)
        }
        return UpstreamResponse(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: collected, truncated: truncated, attempts: 1)
    }
}

extension TimeAmount {
    /// A NIO time amount from a Swift duration.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
