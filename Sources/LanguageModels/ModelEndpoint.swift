import AsyncHTTPClient
import Foundation
import HandbookModel
import NIOCore

/// Posts JSON to a provider and reads the JSON answer within a timeout, masking the key in every error message.
struct ModelEndpoint: Sendable {
    /// `path` under `baseURL`, without doubling a trailing slash of the base.
    static func url(_ baseURL: String, _ path: String) -> String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + path
    }

    let client: HTTPClient
    let url: String
    let headers: [(String, String)]
    let timeout: Duration
    /// The API key, to mask wherever a provider's message might echo it.
    let key: String

    /// The answer to `body`, or why there is none; `latency` is measured around the whole exchange.
    func post(_ body: JSONValue) async throws(LanguageModelError) -> (json: JSONValue, latency: Duration) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body.serialized))
        let clock = ContinuousClock()
        let start = clock.now
        let bytes: [UInt8]
        let status: Int
        do {
            let response = try await client.execute(request, deadline: .now() + .nanoseconds(timeout.nanoseconds))
            status = Int(response.status.code)
            bytes = Array(buffer: try await response.body.collect(upTo: 4 << 20))
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout
            || error == .connectTimeout
        {
            throw .timedOut(after: timeout)
        } catch {
            throw .unreachable(mask("\(error)"))
        }
        let latency = clock.now - start
        guard (200..<300).contains(status) else {
            let message =
                (try? JSONValue.parse(bytes)).flatMap(Self.errorMessage)
                ?? String(decoding: bytes.prefix(300), as: UTF8.self)
            throw .status(status, mask(String(message.prefix(300))))
        }
        guard let json = try? JSONValue.parse(bytes) else { throw .malformed("the body is not JSON") }
        return (json, latency)
    }

    /// The message of an error body in either provider's format (`{"error": {"message"}}`).
    private static func errorMessage(_ body: JSONValue) -> String? {
        body["error"]?["message"]?.stringValue ?? body["error"]?.stringValue ?? body["message"]?.stringValue
    }

    private func mask(_ text: String) -> String {
        ValueQuoting(secrets: [key]).mask(text)
    }
}
