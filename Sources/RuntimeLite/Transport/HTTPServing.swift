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
    /// The message bytes kept for resumption over all sessions past which a session answering drops its events
    /// older than the stream it answers on (``ReplayAllowance``, a soft bound: that stream stays whatever its size).
    public var sharedReplayBytes: Int
    /// Open SSE streams get a comment this often, so streams of clients that went away are noticed and closed.
    public var keepAliveInterval: Duration
    /// Who may use the endpoint (`nil`: anyone who reaches it, as the trusted ``HandbookModel/Caller/local``). With
    /// it, every request carries a credential, the protected-resource metadata is served at
    /// `/.well-known/oauth-protected-resource`, and tenant paths `/t/{tenant}/mcp` are served beside the endpoint.
    public var access: AccessControl?
    /// After SIGTERM or SIGINT, the longest wait for tool calls in flight before the server stops (``ServingLifecycle``).
    public var shutdownGrace: Duration = .seconds(25)
    /// Per-user upstream connections: serves `GET /connect/{group}` and `GET /oauth/callback` (docs/connections.md).
    public var connections: ConnectionService?
    /// Sessions shared with other replicas through the state database (`--state postgres://…`): a request for a
    /// session another replica started is served here too (``SharedSessions``). `nil`: sessions live in this process.
    public var sharedSessions: SharedSessions?

    /// Options; defaults: 127.0.0.1, `/mcp`, sessions idle 10 minutes closed, loopback origins only, 4 MiB requests,
    /// 128 sessions (one idle a minute may be replaced), the last 32 events and at most 1 MiB kept per session for
    /// resumption and, past 512 KiB over all sessions, only a session's stream it answers on, keep-alive comments
    /// every 5 s.
    public init(
        host: String = "127.0.0.1", port: Int = 8765, endpoint: String = "/mcp",
        sessionIdleTimeout: Duration = .seconds(600), allowedOrigins: [String] = [], maximumRequestBytes: Int = 4 << 20,
        maximumSessions: Int = 128, evictableAfter: Duration = .seconds(60), replayEvents: Int = 32,
        replayBytes: Int = 1 << 20, sharedReplayBytes: Int = 1 << 19, keepAliveInterval: Duration = .seconds(5)
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
        self.sharedReplayBytes = sharedReplayBytes
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
        let lifecycle = ServingLifecycle(
            source: source, endpoint: options.endpoint, shutdownGrace: options.shutdownGrace,
            logger: source.server.runtime.logger)
        lifecycle.register(on: router)  // /healthz, /readyz, draining; before the MCP routes
        MetricsEndpoint.addRoute(to: router)  // GET /metrics when Prometheus export is on (docs/telemetry.md)
        if let connections = options.connections { ConnectRoutes.register(on: router, service: connections) }
        let access = options.access
        if let access {
            for path in [ProtectedResourceMetadata.wellKnownPath, ProtectedResourceMetadata.wellKnownPath + "/**"] {
                router.get(RouterPath(path)) { request, _ -> Response in
                    let suffix = String(request.uri.path.dropFirst(ProtectedResourceMetadata.wellKnownPath.count))
                    guard let document = access.metadata(suffix: suffix) else { return Response(status: .notFound) }
                    return Response(
                        status: .ok, headers: [.contentType: "application/json", .cacheControl: "max-age=300"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
                }
            }
        }
        let endpoints = [RouterPath(options.endpoint)] + (access == nil ? [] : [RouterPath("/t/:tenant" + options.endpoint)])
        for endpoint in endpoints {
            for method in [HTTPTypes.HTTPRequest.Method.post, .get, .delete] {
                router.on(endpoint, method: method) { request, context -> Response in
                    let tenantPath = context.parameters.get("tenant")
                    let caller: Caller
                    do throws(AccessRefusal) {
                        caller = try await Self.caller(of: request, tenantPath: tenantPath, access: access)
                    } catch {
                        return Self.refusal(error, tenantPath: tenantPath, access: access)
                    }
                    let body: ByteBuffer
                    do {
                        body = try await request.body.collect(upTo: options.maximumRequestBytes)
                    } catch {
                        return Response(status: .contentTooLarge, body: ResponseBody(byteBuffer: ByteBuffer(
                            string: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request body too large"}}"#)))
                    }
                    var headers: [String: String] = [:]
                    // Credentials stop here: the session and its tools never see them (no token passthrough).
                    for field in request.headers where field.name != .authorization && field.name.canonicalName != "x-api-key" {
                        let name = field.name.canonicalName
                        headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
                    }
                    let incoming = MCP.HTTPRequest(
                        method: request.method.rawValue, headers: headers,
                        body: body.readableBytes > 0 ? Data(buffer: body) : nil, path: options.endpoint)
                    return Self.response(await sessions.handle(incoming, caller: caller, tenantPath: tenantPath))
                }
            }
        }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "hbc"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                HeapTrimming.returnFreedMemory()  // what opening the bundles allocated for a while (checks, loading)
                ExecutablePages.releaseStartupPages()  // the code and data only start-up ran (docs/serving.md#memory)
                access?.listening(host: options.host, port: port)
                onListening(port)
            },
            logger: Logger(label: "hbc.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        // Services shut down in reverse order: the sessions close first, ending their streams, then the server.
        try await ServiceGroup(configuration: .init(
            services: [application, HTTPSessionService(sessions: sessions), lifecycle],  // lifecycle drains first
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "hbc.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        ).run()
        await sessions.closeAll()
    }

    /// The caller of a request: ``HandbookModel/Caller/local`` without access control, else the one its credential
    /// establishes.
    private static func caller(
        of request: Request, tenantPath: String?, access: AccessControl?
    ) async throws(AccessRefusal) -> Caller {
        guard let access else { return .local }
        guard tenantPath.map(AccessSettings.isTenantName) ?? true else {
            throw AccessRefusal(.forbidden, "not a tenant name")
        }
        return try await access.authenticate(
            authorization: request.headers[.authorization], apiKey: HTTPField.Name("X-API-Key").flatMap { request.headers[$0] },
            tenantPath: tenantPath)
    }

    /// The answer to a refused request: its status, the `WWW-Authenticate` challenge and the OAuth error as JSON.
    private static func refusal(_ refusal: AccessRefusal, tenantPath: String?, access: AccessControl?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let access {
            headers[.wwwAuthenticate] = refusal.challenge(
                resourceMetadata: access.metadataURL(tenant: tenantPath), requiredScopes: access.requiredScopes)
        }
        return Response(
            status: HTTPResponse.Status(code: refusal.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: refusal.body)))
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
        /// Who started the session: every later request must come from the same tenant and user.
        let caller: Caller
        /// The tenant path the session was started on (`nil`: the plain endpoint); later requests use the same.
        let tenantPath: String?

        /// Whether a request by `caller` on `tenantPath` may use this session.
        func admits(_ caller: Caller, tenantPath: String?) -> Bool {
            caller.tenant == self.caller.tenant && caller.user == self.caller.user
                && caller.authentication == self.caller.authentication && tenantPath == self.tenantPath
        }
    }

    private let source: ServerSource
    private let options: HTTPServingOptions
    private var sessions: [String: Session] = [:]
    /// What the sessions keep for resumption together.
    private let replayAllowance: ReplayAllowance
    /// Whether requests ended since the reaper last looked (``reapIdleSessions()``).
    private var handledSinceLastLook = false

    init(source: ServerSource, options: HTTPServingOptions) {
        self.source = source
        self.options = options
        replayAllowance = ReplayAllowance(maximumBytes: options.sharedReplayBytes)
    }

    /// Routes a request of `caller` (on the path of tenant `tenantPath`, or the plain endpoint) to its session, or
    /// starts a session for an `initialize` request. A session answers only the caller who started it: anyone else
    /// presenting its id gets the same 404 as for an unknown session.
    func handle(_ request: MCP.HTTPRequest, caller: Caller = .local, tenantPath: String? = nil) async -> MCP.HTTPResponse {
        defer { handledSinceLastLook = true }  // when it ends: a long call may end after the reaper looked
        if let id = request.header(HTTPHeaderName.sessionID) {
            if sessions[id] == nil, let shared = options.sharedSessions,
                let record = await shared.adoptable(id: id, caller: caller, tenantPath: tenantPath)
            {
                await adopt(record, caller: caller, tenantPath: tenantPath)  // started by another replica
            }
            guard let session = sessions[id], session.admits(caller, tenantPath: tenantPath) else {
                return .error(statusCode: 404, .invalidRequest("Not Found: unknown or expired session"))
            }
            guard await options.sharedSessions?.seen(id: id) ?? true else {
                await close(id)  // its client ended it through another replica
                return .error(statusCode: 404, .invalidRequest("Not Found: unknown or expired session"))
            }
            let response = await session.transport.handle(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 {
                await close(id)
                await options.sharedSessions?.ended(id: id)
            }
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
        guard let session = await startSession(id: id, caller: caller, tenantPath: tenantPath) else {
            return .error(statusCode: 500, .internalError("cannot start the session"))
        }
        sessions[id] = session
        let response = await session.transport.handle(request)
        if case .error = response {
            await close(id)
        } else {
            await options.sharedSessions?.started(id: id, caller: caller, tenantPath: tenantPath, initializeRequest: body)
        }
        return response
    }

    /// Starts the MCP server and transport of session `id` for `caller` on `tenantPath`; `nil` when the server fails
    /// to start.
    private func startSession(id: String, caller: Caller, tenantPath: String?) async -> Session? {
        // A session keeps the bundle it started on; after a promotion, new sessions get the new one.
        let factory = source.openSession()
        let serverReference = SessionServerReference()
        let visibility = factory.visibility(for: caller)
        let transport = SessionHTTPTransport(
            sessionID: id, validationPipeline: validationPipeline(),
            replay: ReplayBuffer(
                maximumEvents: options.replayEvents, maximumBytes: options.replayBytes, allowance: replayAllowance),
            keepAliveInterval: options.keepAliveInterval, constantAnswers: factory.constantAnswers,
            directResult: { [weak serverReference] request in
                await MCPServerSpan.$sessionID.withValue(id) {
                    await factory.directResult(of: request, server: serverReference?.server, visibility: visibility)
                }
            }, logger: factory.runtime.logger)
        let server = await factory.makeServer(caller: caller)
        serverReference.server = server
        do {
            try await server.start(transport: transport)
        } catch {
            await transport.disconnect()
            source.closeSession(factory)
            return nil
        }
        return Session(
            server: server, transport: transport, factory: factory, serverReference: serverReference, caller: caller,
            tenantPath: tenantPath)
    }

    /// Continues here a session another replica started: starts it with the recorded id and replays its handshake
    /// (``SharedSessions/handshake(of:endpoint:)``). Nothing is kept when that fails, or when a concurrent request
    /// adopted it first.
    private func adopt(_ record: SessionRecord, caller: Caller, tenantPath: String?) async {
        guard let session = await startSession(id: record.id, caller: caller, tenantPath: tenantPath) else { return }
        var completed = true
        for request in SharedSessions.handshake(of: record, endpoint: options.endpoint) where completed {
            completed = await SharedSessions.completed(session.transport.handle(request))
        }
        guard completed, sessions[record.id] == nil else {
            await session.server.stop()
            await session.transport.disconnect()
            source.closeSession(session.factory)
            return
        }
        sessions[record.id] = session
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
                    ? [] : ["\(options.host):*"]) + options.allowedOrigins.compactMap { URL(string: $0)?.host.map { "\($0):*" } }
                    + (options.access?.publicHostPatterns ?? []),
                allowedOrigins: loopback.allowedOrigins + options.allowedOrigins)
        return StandardValidationPipeline(validators: [
            origin, StreamingAcceptValidator(), JSONContentTypeValidator(), ProtocolVersionValidator(),
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

    /// Closes sessions idle for longer than the timeout, looking every second (or every timeout, when shorter), until
    /// cancelled. In the first interval without requests after one with some, the heap the calls freed goes back to
    /// the system (off the actor, so no request waits for it): glibc keeps it in the arenas of whichever threads
    /// served them, so a server's resident size would otherwise stay at its busiest. Under steady load nothing is
    /// given back, to be taken again at once. The first such interval also hands back the executable's pages that
    /// only the first calls ran (a session's set-up, caches filled once), as start-up's were once listening.
    nonisolated func reapIdleSessions() async {
        var busy = false
        var releasedFirstCallsPages = false
        while !Task.isCancelled {
            try? await Task.sleep(for: min(options.sessionIdleTimeout, Self.lookInterval))
            let handled = await closeIdleSessions()
            if busy, !handled {
                HeapTrimming.returnFreedMemory()
                if !releasedFirstCallsPages {
                    ExecutablePages.releaseStartupPages()
                    releasedFirstCallsPages = true
                }
            }
            busy = handled
        }
    }

    /// How often ``reapIdleSessions()`` looks.
    static let lookInterval: Duration = .seconds(1)

    /// Closes the sessions idle for longer than the timeout; returns whether requests ended since the last look.
    private func closeIdleSessions() async -> Bool {
        let handled = handledSinceLastLook
        handledSinceLastLook = false  // before the awaits below, during which requests may come in
        let now = ContinuousClock.now
        for (id, session) in sessions {
            let since = await session.transport.idleSince()
            if now - since > options.sessionIdleTimeout { await close(id) }
        }
        return handled
    }

    private func close(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await options.sharedSessions?.closedHere(id: id)
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
