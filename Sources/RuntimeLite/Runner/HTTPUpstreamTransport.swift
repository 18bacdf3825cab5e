import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real ``UpstreamTransport``: one request through AsyncHTTPClient.
public struct HTTPUpstreamTransport: UpstreamTransport {
    /// The client (its configuration decides connection pooling, redirects and decompression).
    public let httpClient: HTTPClient

    /// A transport over `httpClient`.
    public init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    public func send(_ request: UpstreamRequest, timeout: Duration) async throws -> UpstreamTransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(outgoing, deadline: .now() + TimeAmount(timeout))
        let chunks = ChunkIterator(response.body.makeAsyncIterator())
        return UpstreamTransportResponse(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: UpstreamBodyReader { try await chunks.next() })
    }

    /// The body's iterator, advanced by the reader's closure in the task that reads the body.
    private final class ChunkIterator {
        private var iterator: HTTPClientResponse.Body.AsyncIterator

        init(_ iterator: HTTPClientResponse.Body.AsyncIterator) {
            self.iterator = iterator
        }

        func next() async throws -> [UInt8]? {
            try await iterator.next().map { Array($0.readableBytesView) }
        }
    }
}

extension TimeAmount {
    /// A NIO time amount from a Swift duration.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.nanoseconds)
    }
}
