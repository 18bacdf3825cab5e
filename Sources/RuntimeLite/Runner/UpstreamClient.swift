import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Limits for calls to upstream APIs.
public struct UpstreamSettings: Sendable, Hashable {
    /// Time to establish a connection.
    public var connectTimeout: Duration
    /// Time for a whole attempt, from sending to the last body byte.
    public var requestTimeout: Duration
    /// Response bodies beyond this many bytes are cut off (and the result says so).
    public var maximumResponseBytes: Int
    /// Extra attempts for idempotent methods after a connection failure, a timeout, or 502/503/504.
    public var maximumRetries: Int
    /// The first retry waits this long; each further one twice as long.
    public var retryDelay: Duration

    /// Settings; defaults: connect 5 s, request 30 s, 1 MiB bodies, 2 retries starting at 200 ms.
    public init(
        connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30),
        maximumResponseBytes: Int = 1 << 20, maximumRetries: Int = 2, retryDelay: Duration = .milliseconds(200)
    ) {
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.maximumRetries = maximumRetries
        self.retryDelay = retryDelay
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

/// Why an upstream call produced no response.
public enum UpstreamFailure: Error, Sendable, CustomStringConvertible {
    /// No answer within the time limit.
    case timedOut(after: Duration, attempts: Int)
    /// The connection could not be made or broke.
    case connectionFailed(reason: String, attempts: Int)
    /// The URL is not a valid absolute http(s) URL.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .timedOut(let after, let attempts):
            "the API did not answer within \(after) (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .connectionFailed(let reason, let attempts):
            "the API could not be reached: \(reason) (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .invalidURL(let url): "invalid upstream URL \(url)"
        }
    }
}

/// Sends requests to upstream APIs with time limits, a response size cap, and bounded retries with exponential
/// backoff for idempotent methods only. Redirects are not followed, so calls never leave the configured host.
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
        httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.settings = settings
    }

    /// Closes connections; call once when the server stops.
    public func shutdown() async {
        try? await httpClient.shutdown()
    }

    /// Sends `request`, retrying idempotent methods on transient failures.
    public func send(_ request: UpstreamRequest) async throws(UpstreamFailure) -> UpstreamResponse {
        guard let scheme = URL(string: request.url)?.scheme, scheme == "http" || scheme == "https" else {
            throw .invalidURL(request.url)
        }
        let retries = Self.idempotentMethods.contains(request.method) ? settings.maximumRetries : 0
        var delay = settings.retryDelay
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await sendOnce(request)
                if attempt <= retries, [502, 503, 504].contains(response.status) {
                    try? await Task.sleep(for: delay)
                    delay *= 2
                    continue
                }
                return UpstreamResponse(
                    status: response.status, contentType: response.contentType, body: response.body,
                    truncated: response.truncated, attempts: attempt)
            } catch {
                guard attempt <= retries, !Task.isCancelled else {
                    if Self.isTimeout(error) { throw .timedOut(after: settings.requestTimeout, attempts: attempt) }
                    throw .connectionFailed(reason: Self.describe(error), attempts: attempt)
                }
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
    }

    private func sendOnce(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(outgoing, timeout: .init(settings.requestTimeout))
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
        }
        return UpstreamResponse(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: collected, truncated: truncated, attempts: 1)
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if let clientError = error as? HTTPClientError {
            return clientError == .deadlineExceeded || clientError == .readTimeout || clientError == .connectTimeout
        }
        return "\(error)".localizedCaseInsensitiveContains("timeout") || "\(error)".contains("deadline")
    }

    private static func describe(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError { return "\(clientError)" }
        return "\(type(of: error))"
    }
}

extension TimeAmount {
    /// A NIO time amount from a Swift duration.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
