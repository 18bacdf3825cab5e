/// One attempt at an upstream call: sends a request and hands back the response head and a reader of its body.
///
/// The seam below ``UpstreamSender``, which owns the rules (one total deadline, retries, the size cap) and asks the
/// transport for single attempts. ``HTTPUpstreamTransport`` is the real one. A transport reports failures with the
/// errors its HTTP client throws (AsyncHTTPClient's `HTTPClientError`, NIO's `IOError`), which
/// ``UpstreamCallProgress`` turns into an ``UpstreamFailure``.
public protocol UpstreamTransport: Sendable {
    /// Sends `request`, giving up (by throwing) when `timeout` has passed.
    func send(_ request: UpstreamRequest, timeout: Duration) async throws -> UpstreamTransportResponse
}

/// The head of a response one transport attempt received, and its body still to read.
public struct UpstreamTransportResponse {
    /// The HTTP status.
    public var status: Int
    /// The `Content-Type`, when given.
    public var contentType: String?
    /// Reads the body chunk by chunk.
    public var body: UpstreamBodyReader

    /// A response head with its body reader.
    public init(status: Int, contentType: String?, body: UpstreamBodyReader) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Reads a response body chunk by chunk; the reader stops when it has enough (so a huge body is never read whole).
public struct UpstreamBodyReader {
    private let nextChunk: () async throws -> [UInt8]?

    /// A reader that asks `nextChunk` for each chunk (`nil`: the body ended).
    public init(_ nextChunk: @escaping () async throws -> [UInt8]?) {
        self.nextChunk = nextChunk
    }

    /// The next chunk, or `nil` at the end of the body.
    public func next() async throws -> [UInt8]? {
        try await nextChunk()
    }
}
