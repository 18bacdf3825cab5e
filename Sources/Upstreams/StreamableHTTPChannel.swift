import AsyncHTTPClient
import Foundation
import HandbookModel
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// An MCP server behind a Streamable HTTP endpoint: every message is POSTed; the answer comes back as JSON or as a
/// `text/event-stream` whose events are read as they arrive. The `Mcp-Session-Id` the server assigns is sent back on
/// every later request and the session is deleted on close.
///
/// Written over AsyncHTTPClient because the swift-sdk's HTTP client transport does not stream event-stream answers
/// on Linux (it hands the whole body over as one message).
final class StreamableHTTPChannel: UpstreamChannel {
    let incoming: AsyncStream<JSONValue>
    private let continuation: AsyncStream<JSONValue>.Continuation
    private let server: String
    private let url: String
    private let headers: [String: String]
    private let timeout: Duration
    private let session = Mutex<String?>(nil)
    private let logger: Logger

    /// Largest answer read.
    static let maximumBodyBytes = 16 << 20

    /// A channel to `url` sending `headers` with every request; one request may take at most `timeout`.
    init(server: String, url: String, headers: [String: String], timeout: Duration, logger: Logger) throws(UpstreamError) {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw .configuration(server: server, reason: "url '\(url)' is not an http(s) URL")
        }
        self.server = server
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.logger = logger
        (incoming, continuation) = AsyncStream.makeStream(of: JSONValue.self)
    }

    func send(_ message: JSONValue) async throws(UpstreamError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "Accept", value: "application/json, text/event-stream")
        if let id = session.withLock({ $0 }) { request.headers.replaceOrAdd(name: "Mcp-Session-Id", value: id) }
        request.body = .bytes(ByteBuffer(bytes: message.serializedData(sortKeys: false)))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            if let id = response.headers.first(name: "Mcp-Session-Id") { session.withLock { $0 = id } }
            guard (200..<300).contains(response.status.code) else {
                if response.status == .notFound, session.withLock({ $0 }) != nil {
                    // The server forgot the session: this connection is over; the next call starts a new one.
                    continuation.finish()
                    throw UpstreamError.disconnected(server: server)
                }
                throw UpstreamError.unreachable(server: server, reason: "HTTP \(response.status.code) from \(url)")
            }
            let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
            if contentType.contains("text/event-stream") {
                var events = ServerSentEvents()
                for try await chunk in response.body {
                    for data in events.feed(chunk.readableBytesView) { yield(data) }
                }
            } else if contentType.contains("json") {
                yield(Array(try await response.body.collect(upTo: Self.maximumBodyBytes).readableBytesView))
            }
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw .unreachable(server: server, reason: "\(error)")
        }
    }

    private func yield(_ data: [UInt8]) {
        guard let value = try? JSONValue.parse(data) else {
            logger.debug("upstream sent data that is not JSON", metadata: ["server": .string(server)])
            return
        }
        if let batch = value.arrayValue {
            for message in batch { continuation.yield(message) }
        } else {
            continuation.yield(value)
        }
    }

    func close() async {
        continuation.finish()
        guard let id = session.withLock({ $0 }) else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .DELETE
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Mcp-Session-Id", value: id)
        _ = try? await HTTPClient.shared.execute(request, timeout: .seconds(2))
    }
}
