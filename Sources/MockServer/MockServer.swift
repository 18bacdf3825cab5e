import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Serves a ``MockResponder`` over HTTP/1.1 with Hummingbird: every method and path goes to the responder.
public enum MockServer {
    /// Serves on `host`:`port` (0 picks a free port) until cancelled; `onListening` receives the bound port. Request
    /// bodies larger than `maximumRequestBytes` are refused with 413.
    public static func run(
        _ responder: MockResponder, host: String, port: Int, maximumRequestBytes: Int = 4 << 20,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let handler = CallbackResponder<BasicRequestContext> { request, _ in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maximumRequestBytes)
            } catch {
                return Self.response(
                    .json(
                        413,
                        .object([
                            "error": .string("request too large"),
                            "message": .string("the body exceeds \(maximumRequestBytes) bytes"),
                        ])))
            }
            let mockRequest = MockRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }, body: Array(buffer: body))
            return Self.response(responder.respond(to: mockRequest))
        }
        let application = Application(
            responder: handler,
            configuration: .init(address: .hostname(host, port: port), serverName: "hbc-mock"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: Logger(label: "hbc.mock", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await application.runService()
    }

    private static func response(_ response: MockResponse) -> Response {
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: fields(response.headers),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// The response's header fields in order (repeated names stay repeated); names HTTP does not allow are skipped.
    private static func fields(_ headers: [(name: String, value: String)]) -> HTTPFields {
        var fields = HTTPFields()
        for header in headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return fields
    }
}
