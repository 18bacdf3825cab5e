import Foundation
import HandbookModel
import HTTPTypes
import Hummingbird
import Logging
import MCP
import NIOCore

/// Where and how the Streamable HTTP transport listens.
public struct HTTPServingOptions: Sendable {
    /// The address to bind (loopback unless told otherwise).
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int
    /// The MCP endpoint path.
    public var endpoint: String
    /// Sessions idle this long are closed.
    public var sessionIdleTimeout: Duration
    /// Browser origins allowed besides the loopback ones (`*` allows any; for servers bound beyond loopback).
    public var allowedOrigins: [String]
    /// Largest request body accepted.
    public var maximumRequestBytes: Int
    /// Most sessions alive at once; further `initialize` requests get 503 until one ends.
    public var maximumSessions: Int

    /// Options; defaults: 127.0.0.1, `/mcp`, 30 minutes idle timeout, loopback origins only, 4 MiB requests,
    /// 256 sessions.
    public init(
        host: String = "127.0.0.1", port: Int = 8765, endpoint: String = "/mcp",
        sessionIdleTimeout: Duration = .seconds(1800), allowedOrigins: [String] = [], maximumRequestBytes: Int = 4 << 20,
        maximumSessions: Int = 256
    ) {
        self.host = host
        self.port = port
        self.endpoint = endpoint
        self.sessionIdleTimeout = sessionIdleTimeout
        self.allowedOrigins = allowedOrigins
        self.maximumRequestBytes = maximumRequestBytes
        self.maximumSessions = maximumSessions
    }
}

/// Serves MCP over Streamable HTTP: one MCP server and transport per session (`Mcp-Session-Id`), created by an
/// `initialize` POST from the source's current server, ended by DELETE or after being idle; responses as JSON or SSE
/// streams.
public enum HTTPServing {
    /// Serves until cancelled; `onListening` receives the bound port.
    public static func run(
        _ source: ServerSource, options: HTTPServingOptions,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let sessions = HTTPSessions(source: source, options: options)
        let router = Router()
        let endpoint = RouterPath(options.endpoint)
        for method in [HTTPTypes.HTTPRequest.Method.post, .get, .delete] {
            router.on(endpoint, method: method) { request, _ -> Response in
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: options.maximumRequestBytes)
                } catch {
                    return Response(status: .contentTooLarge, body: ResponseBody(byteBuffer: ByteBuffer(
                        string: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request body too large"}}"#)))
                }
                var headers: [String: String] = [:]
                for field in request.headers {
                    let name = field.name.canonicalName
                    headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
                }
                let incoming = MCP.HTTPRequest(
                    method: request.method.rawValue, headers: headers,
                    body: body.readableBytes > 0 ? Data(buffer: body) : nil, path: options.endpoint)
                return Self.response(await sessions.handle(incoming))
            }
        }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "hbc"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? options.port) },
            logger: Logger(label: "hbc.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await sessions.reapIdleSessions() }
            group.addTask { try await application.runService() }
            try await group.next()
            group.cancelAll()
        }
        await sessions.closeAll()
    }

    private static func response(_ response: MCP.HTTPResponse) -> Response {
        let fields = HTTPFields(pairs: response.headers.map { ($0.key, $0.value) })
        let status = HTTPResponse.Status(code: response.statusCode)
        if case .stream(let stream, _) = response {
            let buffers = stream.map { ByteBuffer(bytes: $0) }
            return Response(status: status, headers: fields, body: ResponseBody(asyncSequence: buffers))
        }
        let body = response.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody()
        return Response(status: status, headers: fields, body: body)
    }
}

/// The live HTTP sessions: session id → MCP server and its transport.
actor HTTPSessions {
    private struct Session {
        let server: Server
        let transport: StatefulHTTPServerTransport
        /// The bundle's server factory the session started on (it keeps it until it ends).
        let factory: HandbookServer
        var lastUsed: ContinuousClock.Instant
    }

    private let source: ServerSource
    private let options: HTTPServingOptions
    private var sessions: [String: Session] = [:]

    init(source: ServerSource, options: HTTPServingOptions) {
        self.source = source
        self.options = options
    }

    /// Routes a request to its session, or starts a session for an `initialize` request.
    func handle(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        if let id = request.header(HTTPHeaderName.sessionID) {
            guard var session = sessions[id] else {
                return .error(statusCode: 404, .invalidRequest("Not Found: unknown or expired session"))
            }
            session.lastUsed = .now
            sessions[id] = session
            let response = await session.transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 { await close(id) }
            return response
        }
        guard request.method.uppercased() == "POST", let body = request.body, Self.isInitializeRequest(body) else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: missing \(HTTPHeaderName.sessionID) header"))
        }
        guard sessions.count < options.maximumSessions else {
            return .error(statusCode: 503, .internalError("Service Unavailable: too many sessions; end one with DELETE"))
        }
        let id = UUID().uuidString
        // A session keeps the bundle it started on; after a promotion, new sessions get the new one.
        let factory = source.openSession()
        let transport = StatefulHTTPServerTransport(
            sessionIDGenerator: FixedSessionID(id: id), validationPipeline: validationPipeline(),
            logger: factory.runtime.logger)
        let server = await factory.makeServer()
        do {
            try await server.start(transport: transport)
        } catch {
            await transport.disconnect()
            source.closeSession(factory)
            return .error(statusCode: 500, .internalError("cannot start the session"))
        }
        sessions[id] = Session(server: server, transport: transport, factory: factory, lastUsed: .now)
        let response = await transport.handleRequest(request)
        if case .error = response { await close(id) }
        return response
    }

    /// Whether a POST body is an `initialize` request (alone or in a batch).
    static func isInitializeRequest(_ body: Data) -> Bool {
        guard let message = try? JSONValue.parse(Array(body)) else { return false }
        return (message.arrayValue ?? [message]).contains { $0["method"]?.stringValue == "initialize" }
    }

    private func validationPipeline() -> any HTTPRequestValidationPipeline {
        let loopback = OriginValidator.localhost()
        let origin = options.allowedOrigins.contains("*")
            ? OriginValidator.disabled
            : OriginValidator(
                allowedHosts: loopback.allowedHosts + (options.host == "127.0.0.1" || options.host == "localhost"
                    ? [] : ["\(options.host):*"]) + options.allowedOrigins.compactMap { URL(string: $0)?.host.map { "\($0):*" } },
                allowedOrigins: loopback.allowedOrigins + options.allowedOrigins)
        return StandardValidationPipeline(validators: [
            origin, AcceptHeaderValidator(mode: .sseRequired), ContentTypeValidator(), ProtocolVersionValidator(),
            SessionValidator(),
        ])
    }

    /// Closes sessions idle for longer than the timeout, checking every few seconds, until cancelled.
    func reapIdleSessions() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: min(options.sessionIdleTimeout, .seconds(5)))
            let now = ContinuousClock.now
            for (id, session) in sessions where now - session.lastUsed > options.sessionIdleTimeout {
                await close(id)
            }
        }
    }

    private func close(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.server.stop()
        await session.transport.disconnect()
        source.closeSession(session.factory)
    }

    /// Closes every session.
    func closeAll() async {
        for id in sessions.keys { await close(id) }
    }

    private struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }
}
