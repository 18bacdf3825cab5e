import Foundation
import HandbookModel
import HTTPTypes
import Hummingbird
import Logging
import MCP
import NIOCore
import ServiceLifecycle

/// Where and how the Streamable HTTP transport listens, and how many sessions it keeps for how long.
public struct HTTPServingOptions: Sendable {
    /// The address to bind (loopback unless told otherwise).
    public var host: String
    /// The port (0 picks a free one).
    public var port: Int
    /// The MCP endpoint path.
    public var endpoint: String
    /// Sessions without a request or an open stream for this long are closed.
    public var sessionIdleTimeout: Duration
    /// Browser origins allowed besides the loopback ones (`*` allows any; for servers bound beyond loopback).
    public var allowedOrigins: [String]
    /// Largest request body accepted.
    public var maximumRequestBytes: Int
    /// Most sessions alive at once. When full, an `initialize` closes the session idle longest if it has been idle
    /// for at least ``evictableAfter``; otherwise it gets 503 until one ends.
    public var maximumSessions: Int
    /// How long a session must be idle before a new one may take its place when the table is full.
    public var evictableAfter: Duration
    /// Most recent events per session kept for `Last-Event-ID` resumption, by count and by bytes.
    public var replayEvents: Int
    /// See ``replayEvents``.
    public var replayBytes: Int
    /// Open SSE streams get a comment this often, so streams of clients that went away are noticed and closed.
    public var keepAliveInterval: Duration

    /// Options; defaults: 127.0.0.1, `/mcp`, sessions idle 10 minutes closed, loopback origins only, 4 MiB requests,
    /// 128 sessions (one idle a minute may be replaced), the last 32 events and at most 1 MiB kept per session for
    /// resumption, keep-alive comments every 5 s.
    public init(
        host: String = "127.0.0.1", port: Int = 8765, endpoint: String = "/mcp",
        sessionIdleTimeout: Duration = .seconds(600), allowedOrigins: [String] = [], maximumRequestBytes: Int = 4 << 20,
        maximumSessions: Int = 128, evictableAfter: Duration = .seconds(60), replayEvents: Int = 32,
        replayBytes: Int = 1 << 20, keepAliveInterval: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.endpoint = endpoint
        self.sessionIdleTimeout = sessionIdleTimeout
        self.allowedOrigins = allowedOrigins
        self.maximumRequestBytes = maximumRequestBytes
        self.maximumSessions = maximumSessions
        self.evictableAfter = evictableAfter
        self.replayEvents = replayEvents
        self.replayBytes = replayBytes
        self.keepAliveInterval = keepAliveInterval
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
        // Services shut down in reverse order: the sessions close first, ending their streams, then the server.
        try await ServiceGroup(configuration: .init(
            services: [application, HTTPSessionService(sessions: sessions)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "hbc.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        ).run()
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
        let transport: SessionHTTPTransport
        /// The bundle's server factory the session started on (it keeps it until it ends).
        let factory: HandbookServer
        /// How the tool calls the transport answers directly reach the server (for confirmations).
        let serverReference: SessionServerReference
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
            guard let session = sessions[id] else {
                return .error(statusCode: 404, .invalidRequest("Not Found: unknown or expired session"))
            }
            let response = await session.transport.handle(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 { await close(id) }
            return response
        }
        guard request.method.uppercased() == "POST", let body = request.body, Self.isInitializeRequest(body) else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: missing \(HTTPHeaderName.sessionID) header"))
        }
        if sessions.count >= options.maximumSessions, !(await evictIdlestSession()) {
            return .error(statusCode: 503, .internalError(
                "Service Unavailable: all \(options.maximumSessions) sessions are in use; end one with DELETE or retry later"))
        }
        let id = UUID().uuidString
        // A session keeps the bundle it started on; after a promotion, new sessions get the new one.
        let factory = source.openSession()
        let serverReference = SessionServerReference()
        let transport = SessionHTTPTransport(
            sessionID: id, validationPipeline: validationPipeline(),
            replay: ReplayBuffer(maximumEvents: options.replayEvents, maximumBytes: options.replayBytes),
            keepAliveInterval: options.keepAliveInterval, constantAnswers: factory.constantAnswers,
            directResult: { [weak serverReference] request in
                await factory.directResult(of: request, server: serverReference?.server)
            }, logger: factory.runtime.logger)
        let server = await factory.makeServer()
        serverReference.server = server
        do {
            try await server.start(transport: transport)
        } catch {
            await transport.disconnect()
            source.closeSession(factory)
            return .error(statusCode: 500, .internalError("cannot start the session"))
        }
        sessions[id] = Session(server: server, transport: transport, factory: factory, serverReference: serverReference)
        let response = await transport.handle(request)
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

    /// Closes the session idle longest when it has been idle at least `evictableAfter`; returns whether one closed.
    private func evictIdlestSession() async -> Bool {
        var idlest: (id: String, since: ContinuousClock.Instant)?
        for (id, session) in sessions {
            let since = await session.transport.idleSince()
            if idlest.map({ since < $0.since }) ?? true { idlest = (id, since) }
        }
        guard let idlest, ContinuousClock.now - idlest.since >= options.evictableAfter else { return false }
        await close(idlest.id)
        return true
    }

    /// Closes sessions idle for longer than the timeout, checking every few seconds, until cancelled.
    func reapIdleSessions() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: min(options.sessionIdleTimeout, .seconds(5)))
            let now = ContinuousClock.now
            for (id, session) in sessions {
                let since = await session.transport.idleSince()
                if now - since > options.sessionIdleTimeout { await close(id) }
            }
        }
    }

    private func close(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.server.stop()
        await session.transport.disconnect()
        source.closeSession(session.factory)
        HeapTrimming.returnFreedMemory()
    }

    /// Closes every session.
    func closeAll() async {
        for id in sessions.keys { await close(id) }
    }
}
