import AsyncHTTPClient
import Foundation
import HandbookModel

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

/// Sends requests to upstream APIs over HTTP: an ``UpstreamSender`` (one total deadline per call, a response size cap,
/// bounded retries) over AsyncHTTPClient and the continuous clock (``PromptlyCancelledClock``: a call's deadline
/// timer goes when the call ends). Redirects are not followed, so calls never leave the configured host.
public final class UpstreamClient: UpstreamSending {
    /// The underlying HTTP client (shared with token requests).
    public let httpClient: HTTPClient
    private let sender: UpstreamSender<PromptlyCancelledClock>

    /// A client with its own connection pool.
    public init(settings: UpstreamSettings = UpstreamSettings()) {
        var configuration = HTTPClient.Configuration()
        configuration.tracing.tracer = nil  // each call has its own span (UpstreamCallSpan, docs/telemetry.md)
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
        sender = UpstreamSender(
            settings: settings, transport: HTTPUpstreamTransport(httpClient: httpClient),
            clock: PromptlyCancelledClock())
    }

    /// Closes connections; call once when the server stops.
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    /// Sends `request`, retrying idempotent methods on transient failures, and gives up when the request timeout,
    /// counted from now over every attempt, passes.
    public func send(_ request: UpstreamRequest) async throws(UpstreamFailure) -> UpstreamResponse {
        try await sender.send(request)
    }
}
